// Tabs' pure rules: a tab's title, which tab comes forward after a close, moving one, stepping
// through them. The strip that shows them is components/TabStrip.tsx; what a tab holds is
// workspace.ts's.

import type { TabEndpoint } from "./generated/TabEndpoint";
import type { TabState } from "./generated/TabState";

const operationName = /\b(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/;

/** A tab's name: the one given, else its file's, else its first named operation, else what it starts with. */
/** A stream's count on its tab's badge: `7`, `999`, `1.2k`, `34k`, `1.2M`. */
export function compactCount(n: number): string {
  if (n < 1000) return String(n);
  const [unit, size] = n < 1_000_000 ? ["k", 1000] : ["M", 1_000_000];
  const scaled = n / size;
  return `${scaled < 10 ? Math.floor(scaled * 10) / 10 : Math.floor(scaled)}${unit}`;
}

export function tabTitle(tab: Pick<TabState, "title" | "document" | "file">): string {
  if (tab.title) return tab.title;
  if (tab.file) return tab.file.split("/").at(-1)!;
  const named = operationName.exec(tab.document);
  if (named) return named[1];
  const firstLine = tab.document.split("\n").map((line) => line.trim()).find((line) => line && !line.startsWith("#"));
  if (!firstLine || /^[{}\s]*$/.test(firstLine)) return "Untitled";
  return firstLine.length > 24 ? `${firstLine.slice(0, 23)}…` : firstLine;
}

/** Whether two tabs send to the same endpoint. */
export function sameEndpoint(a: TabEndpoint, b: TabEndpoint): boolean {
  return a.kind === "demo" ? b.kind === "demo" : b.kind === "url" && a.url === b.url;
}

/** Which tab comes forward when the one at `closed` of `count` closes: the next, else the one before. */
export function afterClose(count: number, closed: number): number {
  return closed < count - 1 ? closed : closed - 1;
}

/** `items` with the one at `from` moved to `to` (clamped). */
export function moved<T>(items: readonly T[], from: number, to: number): T[] {
  const result = [...items];
  const [item] = result.splice(from, 1);
  result.splice(Math.max(0, Math.min(to, result.length)), 0, item);
  return result;
}

/**
 * Whether a key event is Tab. WebKitGTK names Shift+Tab's key (GDK's ISO_Left_Tab) "Unidentified",
 * so its code and key code are asked too.
 */
export function isTab(event: Pick<KeyboardEvent, "key" | "code" | "keyCode">): boolean {
  return event.key === "Tab" || event.code === "Tab" || event.keyCode === 9;
}

/** The index `step` tabs from `index`, wrapping around. */
export function stepped(count: number, index: number, step: number): number {
  return (((index + step) % count) + count) % count;
}
