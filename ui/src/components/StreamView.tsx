// A tab's subscription stream, in the response pane's place: how many events and how fast, Stop
// (the events stay), autoscroll paused and resumed, "latest only", Clear, Copy as NDJSON; events
// shaped like logs (Railway's `Log`) as a table with a filter and severity colours, a line to a row
// (on a click its message whole and its other fields: attributes, tags), any other as a list of
// events with their time, one expanded on a click. The events come from main.tsx (which asks Rust
// for them in batches); everything from the server is shown as text.

import { createEffect, createMemo, createSignal, For, on, onCleanup, onMount, Show } from "solid-js";

import { eventRate, filteredRows, lineDetails, logRows, looksLikeLogs, mergedResult, severityLevel, type LogRow, type StreamEvent, type StreamTransport } from "../stream";
import { VirtualList } from "./VirtualList";

/** A stream as the view is given it. */
export interface StreamShown {
  /** Grows in place as events come (copying 100,000 events per batch would cost more than drawing). */
  events: readonly StreamEvent[];
  /** Changes with every batch: what the view follows. */
  version: number;
  /** The newest this many are shown; Copy NDJSON has every event Rust keeps. */
  shownAtMost: number;
  total: number;
  dropped: number;
  running: boolean;
  ended: { message: string; success: boolean } | null;
  /** The latest thing said while it runs (a reconnection and why). */
  notice: string | null;
  reconnects: number;
}

/**
 * A log row's height: one line, its message cut to the width (a click shows it whole). Rows of
 * the height the list expects are laid out once; rows wrapped to their messages' lengths were each
 * measured and the list drawn again, several times a frame in a fast stream (bench/app).
 */
const logRowHeight = 18;

const time = (atUnixMs: number) => new Date(atUnixMs).toISOString().slice(11, 23);

export function StreamView(props: {
  stream: StreamShown;
  now: number;
  stop(): void;
  clear(): void;
  copy(): Promise<string>;
  /** How subscriptions travel, and the events a stream keeps: used at the next Run. */
  transport: StreamTransport;
  setTransport(transport: StreamTransport): void;
  /** Also send the token in the WebSocket's `connection_init` payload (Rust puts it there). */
  credentialsInInit: boolean;
  setCredentialsInInit(on: boolean): void;
  keep: number;
  setKeep(keep: number): void;
}) {
  const [autoscroll, setAutoscroll] = createSignal(true);
  const [latestOnly, setLatestOnly] = createSignal(false);
  const [filter, setFilter] = createSignal("");
  const [expanded, setExpanded] = createSignal<number | null>(null);
  const [expandedRow, setExpandedRow] = createSignal<LogRow | null>(null);
  const [copied, setCopied] = createSignal("");
  let body!: HTMLDivElement;
  /**
   * The line open before the last click opened or folded one, and when: a double-click right after
   * (a word selected) puts it back, so that selecting a word leaves the lines as they were. (Only a
   * line's first row of text takes a click, and that row is the same open or folded: the second
   * click lands on the same word.)
   */
  let toggledBy: { before: LogRow | null; at: number } | null = null;

  // The events array grows in place, so these follow `version` and always tell their readers.
  const always = { equals: false as const };
  const logs = createMemo(() => (void props.stream.version, looksLikeLogs(props.stream.events)));
  const shownEvents = createMemo(() => (void props.stream.version, latestOnly() ? props.stream.events.slice(-1) : props.stream.events), undefined, always);
  // The log rows shown, kept as the events come: only new events are read and filtered at each
  // batch (reading all 100,000 again at every batch stalled frames); a new filter, Latest only or a
  // Clear (the first event is another) reads them all again.
  let shownRows: LogRow[] = [];
  let readUpTo = 0;
  let firstSeq = 0;
  let readFilter = "";
  const rows = createMemo((): readonly LogRow[] => {
    const events = shownEvents();
    const typed = filter();
    if (!logs()) return (shownRows = []);
    const first = events[0]?.seq ?? 0;
    if (!latestOnly() && typed === readFilter && first > firstSeq && readUpTo >= first) {
      // The oldest events were let go (the bound): their rows go too, nothing is read again.
      let gone = 0;
      while (gone < shownRows.length && shownRows[gone].seq < first) gone++;
      shownRows.splice(0, gone);
      firstSeq = first;
    }
    if (latestOnly() || typed !== readFilter || first !== firstSeq || readUpTo > (events.at(-1)?.seq ?? 0)) {
      shownRows = [];
      readUpTo = 0;
      firstSeq = events[0]?.seq ?? 0;
      readFilter = typed;
    }
    // The events not read yet are at the end: find where they start from the back.
    let from = events.length;
    while (from > 0 && events[from - 1].seq > readUpTo) from--;
    for (let at = from; at < events.length; at++) {
      for (const row of filteredRows(logRows(events[at]) ?? [], typed)) shownRows.push(row);
    }
    readUpTo = events.at(-1)?.seq ?? readUpTo;
    return shownRows;
  }, undefined, always);

  // A new Run in the tab follows its stream again, whatever held the last one.
  createEffect(on(() => props.stream.version === 0, (started) => { if (started) setAutoscroll(true); }));
  // New events keep the newest in view unless autoscroll is paused; so does a view made shorter
  // (the toolbar's message taking a line), after its layout.
  createEffect(on(() => rows().length || shownEvents().length, () => {
    if (autoscroll()) queueMicrotask(() => body.scrollTo({ top: body.scrollHeight }));
  }));
  onMount(() => {
    const resized = new ResizeObserver(() => {
      if (autoscroll()) body.scrollTop = body.scrollHeight;
    });
    resized.observe(body);
    onCleanup(() => resized.disconnect());
  });

  // `@defer`/`@stream` parts: the result as merged so far, above the parts themselves.
  // (Only parts start with an initial result that has `hasNext`: any other stream is not read again per batch.)
  const merged = createMemo(() => {
    void props.stream.version;
    const events = props.stream.events;
    if (logs() || !events[0]?.payload.includes("\"hasNext\"")) return null;
    return mergedResult(events.map((event) => event.payload));
  });
  const rate = () => eventRate(props.stream.events, props.now);
  // (A memo: the text, a live region, is written only when it changes, not at every batch.)
  const status = createMemo(() => {
    const { total, dropped, running, ended } = props.stream;
    const counted = `${total.toLocaleString()} event${total === 1 ? "" : "s"}`;
    const shown = props.stream.events.length;
    const kept = dropped > 0
      ? ` (the oldest ${dropped.toLocaleString()} let go)`
      : total > shown && shown >= props.stream.shownAtMost ? ` (the newest ${shown.toLocaleString()} shown; Copy NDJSON has all)` : "";
    const reconnected = props.stream.reconnects > 0 ? ` · reconnected ${props.stream.reconnects}×` : "";
    if (running) return `Streaming · ${counted} · ${Math.round(rate()).toLocaleString()}/s${kept}${reconnected}`;
    return `${ended?.message ?? "Stopped."} · ${counted}${kept}${reconnected}`;
  });

  // The keyboard's way through the events: Up and Down move between the lines drawn (the list
  // draws a few past the view, and a line focused is scrolled to, so the next is always there),
  // Enter or Space opens or folds one. A line taken in hand holds the view, as scrolling up does.
  const keys = (event: KeyboardEvent) => {
    const line = (event.target as HTMLElement).closest<HTMLElement>(aLine);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      const lines = [...body.querySelectorAll<HTMLElement>(aLine)];
      const top = body.getBoundingClientRect().top;
      const next = line ? lines[lines.indexOf(line) + (event.key === "ArrowDown" ? 1 : -1)] : lines.find((shown) => shown.getBoundingClientRect().bottom > top);
      if (!next) return;
      event.preventDefault();
      setAutoscroll(false);
      next.focus();
    } else if ((event.key === "Enter" || event.key === " ") && line) {
      event.preventDefault();
      line.click();
    }
  };

  return (
    <section id="stream-view" aria-label="Subscription">
      <div class="toolbar">
        <span id="stream-status" classList={{ running: props.stream.running, failed: props.stream.ended?.success === false }} role="status">{status()}</span>
        <span class="spacer" />
        <Show when={props.stream.running}>
          <button id="stream-stop" type="button" title="Stop the subscription (the events stay)" onClick={() => props.stop()}>Stop</button>
        </Show>
        <button id="stream-autoscroll" type="button" aria-pressed={!autoscroll()} title="Keep the newest event in view, or hold the view where it is"
          onClick={() => setAutoscroll(!autoscroll())}>{autoscroll() ? "Pause autoscroll" : "Resume autoscroll"}</button>
        <button id="stream-latest" type="button" aria-pressed={latestOnly()} title="Show only the latest event" onClick={() => setLatestOnly(!latestOnly())}>Latest only</button>
        <button id="stream-clear" type="button" title="Clear the events shown (the count goes on)" onClick={() => props.clear()}>Clear</button>
        <button id="stream-copy" type="button" title="Copy every event kept as NDJSON, one JSON object per line" onClick={() => void props.copy().then(setCopied)}>Copy NDJSON</button>
        <span id="stream-copied" class="muted" role="status">{copied()}</span>
      </div>
      <div class="stream-settings muted" aria-label="For the next Run">
        <label class="stream-setting" title="How subscriptions travel from the next Run: a WebSocket (graphql-transport-ws or graphql-ws, as the server chooses), the legacy graphql-ws only, or graphql-sse over HTTP. @defer queries always come as multipart parts.">
          Transport
          <select id="stream-transport" value={props.transport} onChange={(event) => props.setTransport(event.currentTarget.value as StreamTransport)}>
            <option value="webSocket">WebSocket</option>
            <option value="graphqlWs">graphql-ws (legacy)</option>
            <option value="sse">SSE</option>
          </select>
        </label>
        <label class="stream-setting" title={'Also send the profile\'s token in the WebSocket\'s connection_init payload ({"Authorization": "Bearer …"}), for servers that read it only there. From the next Run.'}>
          <input id="stream-init-credentials" type="checkbox" checked={props.credentialsInInit} onChange={(event) => props.setCredentialsInInit(event.currentTarget.checked)} />
          Token in connection_init
        </label>
        <label class="stream-setting" title="The newest events a stream keeps from the next Run; older ones are let go and counted">
          Keep
          <input id="stream-keep" type="number" min="1" step="1000" value={props.keep}
            onChange={(event) => props.setKeep(Math.max(1, Math.floor(Number(event.currentTarget.value) || 1)))} />
        </label>
      </div>
      <Show when={props.stream.notice && props.stream.running}>
        <p id="stream-notice" class="notice" role="status">{props.stream.notice}</p>
      </Show>
      <Show when={merged()}>
        {(result) => (
          <details id="stream-merged" class="stream-merged" open>
            <summary>{result().hasNext ? "Result so far (more parts to come)" : "Result, all parts merged"}</summary>
            <pre>{JSON.stringify({ data: result().data, ...(result().errors ? { errors: result().errors } : {}) }, null, 2)}</pre>
          </details>
        )}
      </Show>
      <Show when={logs()}>
        <div class="stream-filter">
          <label class="visually-hidden" for="stream-filter">Filter the log lines</label>
          <input id="stream-filter" type="search" placeholder="Filter log lines…" spellcheck={false} autocomplete="off" value={filter()}
            onInput={(event) => setFilter(event.currentTarget.value)} />
        </div>
      </Show>
      <div class="stream-body" ref={body} tabIndex={0} aria-label="Events (arrow keys move between them, Enter opens one)"
        style={{ "--log-row-height": `${logRowHeight}px` }} onWheel={(event) => { if (event.deltaY < 0) setAutoscroll(false); }} onKeyDown={keys}>
        <Show
          when={logs()}
          fallback={
            <VirtualList id="stream-events" items={shownEvents()} scroller={() => body} estimate={22} followEnd={autoscroll()}>
              {(event) => (
                <li class="stream-event" data-seq={event.seq} tabIndex={-1} aria-expanded={expanded() === event.seq || latestOnly()} onClick={() => { if (nothingSelected()) setExpanded(expanded() === event.seq ? null : event.seq); }}>
                  <span class="stream-time muted">{time(event.atUnixMs)}</span>
                  <Show when={expanded() === event.seq || latestOnly()} fallback={<span class="stream-payload">{event.payload}</span>}>
                    <pre class="stream-payload-expanded">{pretty(event.payload)}</pre>
                  </Show>
                </li>
              )}
            </VirtualList>
          }
        >
          <VirtualList id="stream-log" items={rows()} scroller={() => body} estimate={logRowHeight} followEnd={autoscroll()}>
            {(row) => (
              <li class="stream-log-row" classList={{ expanded: row === expandedRow() }} data-level={severityLevel(row.severity)} tabIndex={-1} aria-expanded={row === expandedRow()}
                onClick={(event) => {
                  // The second click of a double-click: the double-click decides.
                  if (event.detail > 1) return;
                  toggledBy = null;
                  // A click (not Enter: detail 0) that ends a selection, or below an open line's first
                  // row (its wrapped message and fields, there to be selected), is not for the line.
                  const below = () => event.clientY - event.currentTarget.getBoundingClientRect().top > logRowHeight;
                  if (event.detail === 1 && (!nothingSelected() || below())) return;
                  toggledBy = { before: expandedRow(), at: event.timeStamp };
                  setExpandedRow(expandedRow() === row ? null : row);
                }}
                onDblClick={(event) => {
                  if (toggledBy && event.timeStamp - toggledBy.at < doubleClickWithin) setExpandedRow(toggledBy.before);
                  toggledBy = null;
                }}>
                <span class="stream-time muted">{row.timestamp}</span>
                <span class="stream-severity">{row.severity ?? ""}</span>
                <span class="stream-message">{row.message}</span>
                <Show when={row === expandedRow() && lineDetails(row)} keyed>
                  {(details) => details.length > 0 && (
                    <dl class="stream-log-details" aria-label="The line's fields">
                      <For each={details}>{([name, text]) => <><dt>{name}</dt><dd>{text}</dd></>}</For>
                    </dl>
                  )}
                </Show>
              </li>
            )}
          </VirtualList>
        </Show>
      </div>
    </section>
  );
}

/** A line of either list, log row or event. */
const aLine = ".stream-log-row, .stream-event";

/** A second click this soon after the first (ms) makes a double-click, as desktops count it by default. */
const doubleClickWithin = 500;

/** A click that ends a text selection is not a click on the line (selecting a line's words must not fold or open it). */
const nothingSelected = () => window.getSelection()?.isCollapsed ?? true;

function pretty(payload: string): string {
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
}
