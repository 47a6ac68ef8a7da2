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
  /** The line's other fields as they came (Railway's `attributes` and `tags`), if it has any. */
  rest?: Record<string, unknown>;
}

type LogLine = Omit<LogRow, "seq">;

/** A `Log`'s own fields: any other is the line's `rest`. */
const logFields = new Set(["timestamp", "severity", "message"]);

function logLine(value: unknown): LogLine | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const fields = value as Record<string, unknown>;
  const { timestamp, severity, message } = fields;
  if (typeof message !== "string" || typeof timestamp !== "string") return null;
  // (A level may be a number, as pino writes it.)
  const line: LogLine = { timestamp, severity: typeof severity === "string" ? severity : typeof severity === "number" ? String(severity) : null, message };
  // (The rest made only when there is some: many lines are the three fields alone.)
  for (const name in fields) if (!logFields.has(name)) (line.rest ??= {})[name] = fields[name];
  return line;
}

/**
 * A line's other fields as (name, text) pairs, shown under the line when it is open and searched
 * by the filter: a list of `{key, value}` (Railway's `attributes`) by its keys, an object's fields
 * (`tags`) as `tags.name`, anything else under its own name; empty ones left out.
 */
export function lineDetails(row: LogRow): [string, string][] {
  const details: [string, string][] = [];
  const empty = (value: unknown) => value === null || value === undefined;
  const text = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));
  for (const [name, value] of Object.entries(row.rest ?? {})) {
    if (empty(value) || (Array.isArray(value) && value.length === 0)) continue;
    if (Array.isArray(value) && value.every((item) => isObject(item) && typeof item.key === "string" && "value" in item)) {
      for (const item of value as { key: string; value: unknown }[]) if (!empty(item.value)) details.push([item.key, text(item.value)]);
    } else if (isObject(value)) {
      for (const [field, inner] of Object.entries(value)) if (!empty(inner)) details.push([`${name}.${field}`, text(inner)]);
    } else {
      details.push([name, text(value)]);
    }
  }
  return details;
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

/**
 * The rows whose message, severity or details' values hold every typed word (any case); a word
 * with `=` in it is also looked for in the details as `name=value` (`provider=stripe`).
 */
export function filteredRows(rows: readonly LogRow[], typed: string): readonly LogRow[] {
  const words = typed.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return rows;
  return rows.filter((row) => {
    const text = `${row.severity ?? ""} ${row.message}`.toLowerCase();
    return words.every((word) => text.includes(word) || (word.includes("=") ? detailsText(row).pairs : detailsText(row).values).includes(word));
  });
}

/**
 * A line's details as the filter reads them (lower case, the first `detailsSearched` characters),
 * read once per line and only when a word is not in its message.
 */
function detailsText(row: LogRow): { values: string; pairs: string } {
  if (!row.rest) return noDetails;
  let text = readDetails.get(row);
  if (text === undefined) {
    const details = lineDetails(row);
    const read = (pairs: string[]) => pairs.join("\n").slice(0, detailsSearched).toLowerCase();
    text = { values: read(details.map(([, value]) => value)), pairs: read(details.map(([name, value]) => `${name}=${value}`)) };
    readDetails.set(row, text);
  }
  return text;
}
const noDetails = { values: "", pairs: "" };
const readDetails = new WeakMap<LogRow, { values: string; pairs: string }>();
/** A line's details the filter reads, at most (a huge field would be kept whole for every line otherwise). */
const detailsSearched = 4096;

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
  // Events after `now` (come since the clock last moved) are not in its second.
  let at = events.length - 1;
  while (at >= 0 && events[at].atUnixMs > nowMs) at--;
  let count = 0;
  for (; at >= 0 && events[at].atUnixMs > nowMs - windowMs; at--) count++;
  return (count * 1000) / windowMs;
}

/** The events as NDJSON: `{"seq","receivedAt","payload"}` per line, as `sextant subscribe --format json`. */
export function ndjson(events: readonly StreamEvent[]): string {
  return events.map((event) => `{"seq":${event.seq},"receivedAt":${JSON.stringify(new Date(event.atUnixMs).toISOString())},"payload":${event.payload}}\n`).join("");
}

/** How a stream travels (as `stream_start` takes it). */
export type StreamTransport = "webSocket" | "graphqlWs" | "sse" | "multipart";

/** Events a stream keeps unless the person says otherwise (Rust keeps them; the page shows the newest). */
export const defaultStreamKeep = 100_000;

/**
 * Whether Run streams the operation, and how: a subscription over the transport chosen for
 * subscriptions, a query or mutation with `@defer` or `@stream` as multipart parts; anything else
 * (`null`) is one request. `text` is the operation's text with the fragments it may use.
 */
export function streamTransportFor(kind: Operation["kind"], text: string, subscriptions: StreamTransport): StreamTransport | null {
  if (kind === "subscription") return subscriptions;
  // Comments and strings may say "@defer" without asking for it.
  const code = text.replace(/"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"|#[^\n]*/g, "");
  return /@(defer|stream)\b/.test(code) ? "multipart" : null;
}

/**
 * The result so far of an incremental delivery (`@defer`, `@stream`): the initial part's `data`
 * with each later part's `incremental` results merged at their paths, errors gathered. `null` when
 * the parts are not incremental (the first has no `hasNext`).
 */
export function mergedResult(payloads: readonly string[]): { data: unknown; errors?: unknown[]; hasNext: boolean } | null {
  let merged: { data: unknown; errors?: unknown[]; hasNext: boolean } | null = null;
  for (const text of payloads) {
    let part: Record<string, unknown>;
    try {
      part = JSON.parse(text);
    } catch {
      continue;
    }
    if (typeof part !== "object" || part === null) continue;
    if (merged === null) {
      if (!("hasNext" in part)) return null;
      merged = { data: structuredClone(part.data ?? null), hasNext: part.hasNext !== false };
      if (Array.isArray(part.errors)) merged.errors = [...part.errors];
      continue;
    }
    merged.hasNext = part.hasNext !== false;
    for (const result of Array.isArray(part.incremental) ? part.incremental : []) {
      if (Array.isArray(result?.errors)) (merged.errors ??= []).push(...result.errors);
      const path: unknown[] = Array.isArray(result?.path) ? result.path : [];
      if (isObject(result?.data)) {
        const target = valueAt(merged.data, path);
        if (isObject(target)) deepMerge(target, result.data);
      }
      // `@stream`: the path ends with the index of the first item, in the list above it.
      const list = valueAt(merged.data, path.slice(0, -1));
      const from = path.at(-1);
      if (Array.isArray(result?.items) && Array.isArray(list) && typeof from === "number") {
        list.splice(from, result.items.length, ...result.items.map((item: unknown) => structuredClone(item)));
      }
    }
  }
  return merged;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function valueAt(value: unknown, path: readonly unknown[]): unknown {
  let at = value;
  for (const key of path) {
    if (Array.isArray(at) && typeof key === "number") at = at[key];
    else if (isObject(at) && typeof key === "string") at = at[key];
    else return undefined;
  }
  return at;
}

function deepMerge(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (isObject(existing) && isObject(value)) deepMerge(existing, value);
    else target[key] = structuredClone(value);
  }
}
