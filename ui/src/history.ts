// How a run of the history is named and summed up in its list: pure, so that it is tested as data.

import type { HistoryEntryShown } from "./generated/HistoryEntryShown";
import type { TabEndpoint } from "./generated/TabEndpoint";

export function endpointLabel(endpoint: TabEndpoint): string {
  return endpoint.kind === "demo" ? "Demo API" : endpoint.url;
}

/** The operation's name, else the document's first words (its braces and spaces folded). */
export function entryTitle(entry: Pick<HistoryEntryShown, "operationName" | "document">): string {
  if (entry.operationName) return entry.operationName;
  const flat = entry.document.replace(/#[^\n]*/g, " ").replace(/\s+/g, " ").trim();
  if (!flat) return "(empty document)";
  return flat.length > 60 ? `${flat.slice(0, 59)}…` : flat;
}

/** `200`, `200 · errors`, `502`, why nothing came back, or a stream's events (`1,234 events · lost`). */
export function outcomeText(entry: Pick<HistoryEntryShown, "status" | "failure" | "graphqlErrors"> & Partial<Pick<HistoryEntryShown, "events">>): string {
  if (entry.events !== undefined && entry.events !== null) {
    const counted = `${entry.events.toLocaleString("en")} event${entry.events === 1 ? "" : "s"}`;
    return entry.failure ? `${counted} · failed` : counted;
  }
  if (entry.status === null) return entry.failure ? "no answer" : "not sent";
  return entry.graphqlErrors ? `${entry.status} · errors` : String(entry.status);
}

/** Whether pasted text is a curl command (its comment lines before it allowed), to open as a request. */
export function looksLikeCurl(text: string): boolean {
  return /^\s*(#[^\n]*\n\s*)*curl\s/.test(text);
}
