// The schema part of the endpoint bar: where the schema came from, how many types, how old, and
// its warnings. Text only.

import type { CommandError, SchemaStatus } from "./ipc";
import { element } from "./dom";


export function describeAge(loadedAtUnixMs: number, nowMs: number): string {
  const seconds = Math.max(0, Math.round((nowMs - loadedAtUnixMs) / 1000));
  if (seconds < 60) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

let current: SchemaStatus | null = null;
let currentDemoUrl: string | null = null;

/** `demoUrl` names the demo endpoint's schema as such. */
export function showStatus(status: SchemaStatus | null, demoUrl: string | null = null): void {
  current = status;
  currentDemoUrl = demoUrl;
  element("schema-error").hidden = true;
  element("refresh-override").hidden = true;
  element("load-schema").classList.remove("suggested");
  element("add-profile").classList.remove("suggested");
  element("schema-source").textContent = describeSource(status, demoUrl);
  element("schema-types").textContent = status ? `${status.nTypes} types` : "";
  const warnings = status?.warnings ?? [];
  const details = element("schema-warnings") as HTMLDetailsElement;
  details.hidden = warnings.length === 0;
  details.open = false;
  element("schema-warnings-summary").textContent = `${warnings.length} warning${warnings.length === 1 ? "" : "s"}`;
  element("schema-warnings-list").replaceChildren(
    ...warnings.map((warning) => {
      const item = document.createElement("li");
      item.textContent = warning;
      return item;
    }),
  );
  refreshAge();
}

/** Where the schema came from, in a few words. */
export function describeSource(status: SchemaStatus | null, demoUrl: string | null): string {
  const source = status?.source;
  if (source === undefined) return "No schema";
  if (source.kind === "file") return source.fileName;
  return `${endpointName(source.url, demoUrl)} · ${source.fromCache ? "from cache" : "fetched"}`;
}

/** An endpoint in a few words: "Demo API", else its host (the URL as it is when it is not one). */
function endpointName(url: string, demoUrl: string | null): string {
  if (url === demoUrl) return "Demo API";
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * A schema is on its way from `url`. A schema introspected from another endpoint is no longer
 * the one in use (Rust dropped it), so it is not named; one loaded from a file stays.
 */
export function showLoading(url: string, refresh: boolean, demoUrl: string | null): void {
  if (current?.source.kind === "endpoint" && current.source.url !== url) showStatus(null, demoUrl);
  element("schema-error").hidden = true;
  element("refresh-override").hidden = true;
  element("schema-source").textContent = `${refresh ? "Refreshing" : "Loading"} the schema of ${endpointName(url, demoUrl)}…`;
}

export function showError(error: CommandError): void {
  // The schema in use stays what it was, and says so.
  element("schema-source").textContent = describeSource(current, currentDemoUrl);
  const shown = element("schema-error");
  // One line in the bar (it never grows to push the editors down); the whole text on hover.
  shown.textContent = error.message;
  shown.title = error.message;
  shown.hidden = false;
  // A server with introspection off: the schema has to come from a file. A refused credential (or
  // none): a token profile. The rate limit: a refresh that overrides it once.
  const reason = error.kind === "schemaFetch" ? error.reason : null;
  element("load-schema").classList.toggle("suggested", reason === "introspectionDisabled");
  element("add-profile").classList.toggle("suggested", reason === "unauthorized");
  element("refresh-override").hidden = error.kind !== "rateLimited";
}

function refreshAge(): void {
  const age = element("schema-age");
  const fetchedAt = current?.source.kind === "endpoint" ? current.source.fetchedAtUnixMs : current?.loadedAtUnixMs;
  const verb = current?.source.kind === "endpoint" ? "fetched" : "loaded";
  age.textContent = fetchedAt === undefined ? "" : `${verb} ${describeAge(fetchedAt, Date.now())}`;
  if (fetchedAt !== undefined) age.title = new Date(fetchedAt).toLocaleString();
}

setInterval(refreshAge, 30_000);
