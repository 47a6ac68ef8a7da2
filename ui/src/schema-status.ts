// The schema part of the endpoint bar: where the schema came from, how many types, how old, and
// its warnings. Text only.

import type { CommandError, SchemaStatus } from "./ipc";

function element(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} is missing from index.html`);
  return found;
}

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

export function showStatus(status: SchemaStatus | null): void {
  current = status;
  element("schema-error").hidden = true;
  const source = status?.source;
  element("schema-source").textContent =
    source === undefined ? "No schema" : source.kind === "demo" ? "Demo schema" : source.fileName;
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

export function showError(error: CommandError): void {
  const shown = element("schema-error");
  shown.textContent = error.message;
  shown.hidden = false;
}

function refreshAge(): void {
  const age = element("schema-age");
  age.textContent = current ? `loaded ${describeAge(current.loadedAtUnixMs, Date.now())}` : "";
  if (current) age.title = new Date(current.loadedAtUnixMs).toLocaleString();
}

setInterval(refreshAge, 30_000);
