// The response pane of the tab in front: status, time, size and headers of its last response, its
// GraphQL errors set apart from its data, the body in the virtualized JSON view (its lines stay
// on the Rust side and arrive a screenful at a time), Find and Copy response. Everything from the
// server is shown as text. What it shows is `paneShown(tab)`; the JSON view is imperative inside.

import { createEffect, createSignal, For, on, onCleanup, onMount, Show } from "solid-js";

import { describeFound, formatBytes, formatMs } from "../format";
import * as ipc from "../ipc";
import { JsonView } from "../response/json-view";
import type { Tab } from "../workspace";

/** How many lines Find lists at most; past it the count says "10,000+". */
const findLimit = 10_000;

/** What the pane shows for a tab, in words and numbers. */
export interface PaneShown {
  /** The badge: "200 OK", "No response", "Not sent", or "" before the first Run. */
  status: string;
  ok: boolean | null;
  /** The response shown (a failure has one too), telling one answer from the next. */
  responseId: number | null;
  time: string;
  size: string;
  /** A sentence in place of (or above) the body: why nothing came, what is off about what did. */
  message: string | null;
  note: string | null;
  headers: [string, string][];
  errors: { message: string; path: string | null }[];
  errorsNotShown: number;
  /** The body's lines, when there is one to show. */
  body: { responseId: number; lineCount: number } | null;
  /** Nothing run yet: the placeholder. */
  empty: boolean;
}

const nothing: PaneShown = {
  status: "", ok: null, responseId: null, time: "", size: "", message: null, note: null, headers: [], errors: [], errorsNotShown: 0,
  body: null, empty: true,
};

export function paneShown(tab: Pick<Tab, "result" | "notSent" | "letGo"> | undefined): PaneShown {
  // Nothing was sent (bad variables, the rate-limit gate): the reason, where the response would
  // be; the previous response's badge and body beside it would read as the answer to this Run.
  if (tab?.notSent != null) return { ...nothing, empty: false, status: "Not sent", ok: false, message: tab.notSent };
  const result = tab?.result;
  if (!result) return nothing;
  const outcome = result.outcome;
  if (outcome.kind === "failure") {
    return { ...nothing, empty: false, status: "No response", ok: false, responseId: result.responseId, time: formatMs(outcome.elapsedMs), message: outcome.message };
  }
  const status = `${outcome.status}${outcome.statusText ? ` ${outcome.statusText}` : ""}`;
  if (tab.letGo) {
    return {
      ...nothing, empty: false, status, ok: true, responseId: result.responseId, time: formatMs(outcome.elapsedMs),
      message: "This response's body was let go to keep Sextant's memory within bounds; Run again to see it.",
    };
  }
  return {
    status,
    ok: outcome.status >= 200 && outcome.status < 300 && outcome.errors.length === 0,
    responseId: result.responseId,
    time: formatMs(outcome.elapsedMs),
    size: formatBytes(outcome.bodyBytes),
    message: outcome.summary,
    note: outcome.layoutNote,
    headers: outcome.headers,
    errors: outcome.errors,
    errorsNotShown: outcome.errorsNotShown,
    body: { responseId: result.responseId, lineCount: outcome.lineCount },
    empty: false,
  };
}

/** `runAgain` sends the tab's request again, for a response whose body was let go. */
export function ResponsePane(props: { tab: Tab | undefined; runAgain(): void }) {
  const shown = () => paneShown(props.tab);
  const body = () => shown().body;
  let scroller!: HTMLDivElement;
  let findBox!: HTMLInputElement;
  let view: JsonView | undefined;

  // The body: shown when another response (or none) comes forward, not on every change of the tab.
  onMount(() => (view = new JsonView(scroller)));
  createEffect(on(() => body()?.responseId ?? null, () => {
    const lines = body();
    view?.show(lines
      ? { count: lines.lineCount, fetch: (from, to) => ipc.responseLines({ responseId: lines.responseId, from, to }) }
      : { count: 0, fetch: async () => [] });
    // What was being looked for is looked for in this response too.
    void find();
  }));

  // Find in the response: the text stays in Rust, which answers the lines that hold the query.
  const [query, setQuery] = createSignal("");
  const [found, setFound] = createSignal<{ lines: number[]; more: boolean; at: number } | null>(null);
  const [findError, setFindError] = createSignal<string | null>(null);
  let findTimer = 0;
  async function find(): Promise<void> {
    const looking = query();
    const responseId = body()?.responseId ?? null;
    setFindError(null);
    if (!looking || responseId === null) {
      setFound(null);
      return;
    }
    try {
      const answer = await ipc.responseFind({ responseId, query: looking, limit: findLimit });
      if (looking !== query() || responseId !== (body()?.responseId ?? null)) return;
      setFound({ lines: answer.lines, more: answer.more, at: 0 });
    } catch (error) {
      setFindError(ipc.asCommandError(error).message);
    }
  }
  const step = (by: number) => {
    const now = found();
    if (!now || now.lines.length === 0) return;
    setFound({ ...now, at: (now.at + by + now.lines.length) % now.lines.length });
  };
  createEffect(() => {
    const now = found();
    view?.mark(now && now.lines.length > 0 ? now.lines[now.at] : null);
  });
  const foundText = () => {
    const now = found();
    return findError() ?? (now ? describeFound(now.at, now.lines.length, now.more) : "");
  };

  // Copy response: the Rust side puts the body on the clipboard itself (the page's clipboard API
  // needs a user gesture that an awaited round trip has already used up, and a 20 MB body need not
  // cross).
  const [copied, setCopied] = createSignal("");
  let copyTimer = 0;
  onCleanup(() => window.clearTimeout(copyTimer));
  async function copy(): Promise<void> {
    const responseId = body()?.responseId;
    if (responseId === undefined) return;
    try {
      setCopied(`Copied ${formatBytes(await ipc.copyResponse({ responseId, from: 0, to: 0 }))}`);
    } catch (error) {
      setCopied(`Not copied: ${ipc.asCommandError(error).message}`);
    }
    window.clearTimeout(copyTimer);
    copyTimer = window.setTimeout(() => setCopied(""), 4000);
  }

  return (
    <section
      id="response-pane"
      aria-label="Response"
      classList={{ pending: props.tab?.running ?? false }}
      aria-busy={props.tab?.running ? "true" : undefined}
      // Ctrl+F in the response pane finds in the response (the editors have their own Find).
      onKeyDown={(event) => {
        if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "f" && !findBox.disabled) {
          event.preventDefault();
          findBox.focus();
          findBox.select();
        }
      }}
    >
      <div class="toolbar">
        <span id="response-status" class="badge" title="HTTP status" data-ok={shown().ok === null ? undefined : String(shown().ok)} data-response-id={shown().responseId ?? undefined}>{shown().status}</span>
        <span id="response-time">{shown().time}</span>
        <span id="response-size">{shown().size}</span>
        <details id="response-headers">
          <summary>Headers</summary>
          <dl id="response-headers-list">
            <For each={shown().headers}>{([name, value]) => <div><dt>{name}</dt><dd>{value}</dd></div>}</For>
          </dl>
        </details>
        <span class="spacer" />
        <label class="visually-hidden" for="response-find">Find in the response</label>
        <input
          id="response-find"
          type="search"
          placeholder="Find (Ctrl+F)"
          title="Find in the response: Enter for the next line, Shift+Enter for the one before"
          spellcheck={false}
          autocomplete="off"
          disabled={body() === null}
          ref={findBox}
          value={query()}
          onInput={(event) => {
            setQuery(event.currentTarget.value);
            window.clearTimeout(findTimer);
            findTimer = window.setTimeout(() => void find(), 120);
          }}
          onKeyDown={(event) => {
            if (event.key === "Enter") {
              event.preventDefault();
              step(event.shiftKey ? -1 : 1);
            } else if (event.key === "Escape" && query()) {
              event.preventDefault();
              setQuery("");
              void find();
            }
          }}
        />
        <span id="response-find-count" class="muted" aria-live="polite">{body() === null ? "" : foundText()}</span>
        <span id="copy-status" class="muted" role="status">{copied()}</span>
        <button id="copy-response" type="button" disabled={body() === null} onClick={() => void copy()}>Copy response</button>
      </div>
      <p id="response-message" role="alert" hidden={shown().message === null}>{shown().message ?? ""}</p>
      <Show when={props.tab?.letGo && !props.tab.running}>
        <p class="toolbar"><button id="response-run-again" type="button" onClick={() => props.runAgain()}>Run again</button></p>
      </Show>
      <p id="response-note" class="muted" hidden={shown().note === null}>{shown().note ?? ""}</p>
      <ul id="response-errors" aria-label="GraphQL errors" hidden={shown().errors.length === 0}>
        <For each={shown().errors}>
          {(error) => <li>{error.message}<Show when={error.path}>{" "}<code>{error.path}</code></Show></li>}
        </For>
        <Show when={shown().errorsNotShown > 0}>
          <li>{`and ${shown().errorsNotShown} more (Copy response has them all)`}</li>
        </Show>
      </ul>
      <div id="response-body" tabIndex={0} aria-label="Response body" ref={scroller} />
      <p id="response-empty" class="placeholder" hidden={!shown().empty}>Responses appear here.</p>
    </section>
  );
}
