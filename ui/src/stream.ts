// A subscription's stream as a tab shows it, in pure functions: which operation Run sends (a
// subscription streams), events shaped like logs read as table rows, the rate, and NDJSON export
// (the lines `sextant subscribe --format json` prints). The view is components/StreamView.tsx.

import type { Operation } from "./generated/Operation";

/** One event as Rust kept it: its number in the stream, when it came, its payload as sent. */
export interface StreamEvent {
  seq: number;
  atUnixMs: number;
  /** The payload's JSON text, as the server wrote it. */
  payload: string;
}

/**
 * The operation Run sends, by the same rule as Rust's: the one the cursor is in, else the one
 * chosen in the picker, else the only one.
 */
export function operationToSend(operations: readonly Operation[], cursor: number, chosen: string | null): Operation | null {
  const atCursor = operations.find((operation) => operation.from <= cursor && cursor <= operation.to);
  if (atCursor) return atCursor;
  if (chosen !== null) return operations.find((operation) => operation.name === chosen) ?? null;
  return operations.length === 1 ? operations[0] : null;
}

/** A log line of an event shaped like Railway's `Log`. */
export interface LogRow {
  seq: number;
  timestamp: string;
  severity: string | null;
  message: string;
}

function logLine(value: unknown): { timestamp: string; severity: string | null; message: string } | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const line = value as Record<string, unknown>;
  if (typeof line.message !== "string" || typeof line.timestamp !== "string") return null;
  return { timestamp: line.timestamp, severity: typeof line.severity === "string" ? line.severity : null, message: line.message };
}

/**
 * An event's log lines, when its data is one field holding log lines (a list of objects with a
 * `timestamp` and a `message`, or one such object); `null` for any other event.
 */
export function logRows(event: StreamEvent): LogRow[] | null {
  // Read once per event: a stream of thousands a second is read again at every batch otherwise.
  let rows = readRows.get(event);
  if (rows === undefined) {
    rows = readLogRows(event);
    readRows.set(event, rows);
  }
  return rows;
}
const readRows = new WeakMap<StreamEvent, LogRow[] | null>();

function readLogRows(event: StreamEvent): LogRow[] | null {
  let payload: unknown;
  try {
    payload = JSON.parse(event.payload);
  } catch {
    return null;
  }
  const data = (payload as { data?: unknown } | null)?.data;
  if (typeof data !== "object" || data === null) return null;
  const fields = Object.values(data as Record<string, unknown>);
  if (fields.length !== 1) return null;
  const value = fields[0];
  const lines = (Array.isArray(value) ? value : [value]).map(logLine);
  if (lines.length === 0 || lines.some((line) => line === null)) return null;
  return lines.map((line) => ({ seq: event.seq, ...line! }));
}

/** Whether every event so far is shaped like logs (the view then shows a table). */
export function looksLikeLogs(events: readonly StreamEvent[]): boolean {
  return events.length > 0 && events.slice(-20).every((event) => logRows(event) !== null);
}

/** The rows whose message or severity holds every typed word (any case). */
export function filteredRows(rows: readonly LogRow[], typed: string): readonly LogRow[] {
  const words = typed.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return rows;
  return rows.filter((row) => {
    const text = `${row.severity ?? ""} ${row.message}`.toLowerCase();
    return words.every((word) => text.includes(word));
  });
}

/** A severity as one of the colours the table has. */
export function severityLevel(severity: string | null): "error" | "warn" | "info" | "debug" | "other" {
  const level = (severity ?? "").toLowerCase();
  if (/^(err|error|fatal|crit|critical|alert|emerg)/.test(level)) return "error";
  if (/^warn/.test(level)) return "warn";
  if (/^(info|notice)/.test(level)) return "info";
  if (/^(debug|trace)/.test(level)) return "debug";
  return "other";
}

/** Events per second over the last `windowMs` before `nowMs`. */
export function eventRate(events: readonly StreamEvent[], nowMs: number, windowMs = 1000): number {
  let count = 0;
  for (let at = events.length - 1; at >= 0 && events[at].atUnixMs > nowMs - windowMs; at--) count++;
  return (count * 1000) / windowMs;
}

/** The events as NDJSON: `{"seq","receivedAt","payload"}` per line, as `sextant subscribe --format json`. */
export function ndjson(events: readonly StreamEvent[]): string {
  return events.map((event) => `{"seq":${event.seq},"receivedAt":${JSON.stringify(new Date(event.atUnixMs).toISOString())},"payload":${event.payload}}\n`).join("");
}
