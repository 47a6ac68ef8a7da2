// A tab's subscription stream, in the response pane's place: how many events and how fast, Stop
// (the events stay), autoscroll paused and resumed, "latest only", Clear, Copy as NDJSON; events
// shaped like logs (Railway's `Log`) as a table with a filter and severity colours, any other as a
// list of events with their time, one expanded on a click. The events come from main.tsx (which
// asks Rust for them in batches); everything from the server is shown as text.

import { createEffect, createMemo, createSignal, on, Show } from "solid-js";

import { eventRate, filteredRows, logRows, looksLikeLogs, severityLevel, type LogRow, type StreamEvent } from "../stream";
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
}

const time = (atUnixMs: number) => new Date(atUnixMs).toISOString().slice(11, 23);

export function StreamView(props: {
  stream: StreamShown;
  now: number;
  stop(): void;
  clear(): void;
  copy(): Promise<string>;
}) {
  const [autoscroll, setAutoscroll] = createSignal(true);
  const [latestOnly, setLatestOnly] = createSignal(false);
  const [filter, setFilter] = createSignal("");
  const [expanded, setExpanded] = createSignal<number | null>(null);
  const [copied, setCopied] = createSignal("");
  let body!: HTMLDivElement;

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
  const count = () => rows().length || shownEvents().length;
  // New events keep the newest in view unless autoscroll is paused.
  createEffect(on(count, () => {
    if (autoscroll()) queueMicrotask(() => body.scrollTo({ top: body.scrollHeight }));
  }));

  const rate = () => eventRate(props.stream.events, props.now);
  const status = () => {
    const { total, dropped, running, ended } = props.stream;
    const counted = `${total.toLocaleString()} event${total === 1 ? "" : "s"}`;
    const shown = props.stream.events.length;
    const kept = dropped > 0
      ? ` (the oldest ${dropped.toLocaleString()} let go)`
      : total > shown && shown >= props.stream.shownAtMost ? ` (the newest ${shown.toLocaleString()} shown; Copy NDJSON has all)` : "";
    if (running) return `Streaming · ${counted} · ${Math.round(rate()).toLocaleString()}/s${kept}`;
    return `${ended?.message ?? "Stopped."} · ${counted}${kept}`;
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
      <Show when={logs()}>
        <div class="stream-filter">
          <label class="visually-hidden" for="stream-filter">Filter the log lines</label>
          <input id="stream-filter" type="search" placeholder="Filter log lines…" spellcheck={false} autocomplete="off" value={filter()}
            onInput={(event) => setFilter(event.currentTarget.value)} />
        </div>
      </Show>
      <div class="stream-body" ref={body} onWheel={(event) => { if (event.deltaY < 0) setAutoscroll(false); }}>
        <Show
          when={logs()}
          fallback={
            <VirtualList id="stream-events" items={shownEvents()} scroller={() => body} estimate={22}>
              {(event) => (
                <li class="stream-event" data-seq={event.seq} onClick={() => setExpanded(expanded() === event.seq ? null : event.seq)}>
                  <span class="stream-time muted">{time(event.atUnixMs)}</span>
                  <Show when={expanded() === event.seq || latestOnly()} fallback={<span class="stream-payload">{event.payload}</span>}>
                    <pre class="stream-payload-expanded">{pretty(event.payload)}</pre>
                  </Show>
                </li>
              )}
            </VirtualList>
          }
        >
          <VirtualList id="stream-log" items={rows()} scroller={() => body} estimate={20}>
            {(row) => (
              <li class="stream-log-row" data-level={severityLevel(row.severity)}>
                <span class="stream-time muted">{row.timestamp}</span>
                <span class="stream-severity">{row.severity ?? ""}</span>
                <span class="stream-message">{row.message}</span>
              </li>
            )}
          </VirtualList>
        </Show>
      </div>
    </section>
  );
}

function pretty(payload: string): string {
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
}
