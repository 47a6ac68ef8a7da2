// The history of runs (the app's and `sextant run`'s, from Rust's `history_search`): search as one
// types, filters by endpoint and outcome, favourites, and a run opened into a new tab. It shows
// what was sent and how it went; no run holds a header or a token.

import { createEffect, createResource, createSignal, For, on, Show } from "solid-js";

import { resultKeys } from "../dom";
import * as ipc from "../ipc";
import { formatBytes, formatMs } from "../format";
import type { HistoryEntryShown } from "../generated/HistoryEntryShown";
import type { HistoryPage } from "../generated/HistoryPage";
import type { TabEndpoint } from "../generated/TabEndpoint";
import { endpointLabel, entryTitle, outcomeText } from "../history";

export function HistoryPanel(props: {
  /** Changes when a run ends, so that the list shows it. */
  runs: number;
  open(entry: HistoryEntryShown): void;
  close(): void;
}) {
  const [text, setText] = createSignal("");
  const [outcome, setOutcome] = createSignal("any");
  const [endpoint, setEndpoint] = createSignal<string>("");
  const [favouritesOnly, setFavouritesOnly] = createSignal(false);
  const [changed, setChanged] = createSignal(0);
  const [selected, setSelected] = createSignal(0);
  const [page] = createResource(
    () => ({ text: text(), outcome: outcome(), endpoint: endpoint(), favouritesOnly: favouritesOnly(), runs: props.runs, changed: changed() }),
    async (asked): Promise<HistoryPage | { error: string }> => {
      try {
        return await ipc.historySearch({
          text: asked.text,
          outcome: asked.outcome,
          endpoint: asked.endpoint ? (JSON.parse(asked.endpoint) as TabEndpoint) : null,
          favouritesOnly: asked.favouritesOnly,
          limit: 200,
          before: null,
        });
      } catch (error) {
        return { error: ipc.asCommandError(error).message };
      }
    },
  );
  const entries = () => {
    const now = page.latest;
    return now && "entries" in now ? now.entries : [];
  };
  createEffect(on(entries, () => setSelected(0)));
  const favourite = async (entry: HistoryEntryShown) => {
    await ipc.historyFavourite({ id: entry.id, favourite: !entry.favourite });
    setChanged((n) => n + 1);
  };
  const forget = async (entry: HistoryEntryShown) => {
    await ipc.historyRemove({ id: entry.id });
    setChanged((n) => n + 1);
  };

  return (
    <aside id="history" aria-label="History of runs">
      <div class="toolbar">
        <strong>History</strong>
        <span class="spacer" />
        <button id="history-close" type="button" title="Close the history (Ctrl+H)" aria-label="Close the history" onClick={() => props.close()}>×</button>
      </div>
      <div class="history-filters">
        <label class="visually-hidden" for="history-search">Search the history</label>
        <input
          id="history-search"
          type="search"
          placeholder="Search documents, variables, endpoints…"
          spellcheck={false}
          autocomplete="off"
          value={text()}
          onInput={(event) => setText(event.currentTarget.value)}
          onKeyDown={(event) => resultKeys(event, entries(), selected(), setSelected, props.open)}
        />
        <label class="visually-hidden" for="history-outcome">Outcome</label>
        <select id="history-outcome" value={outcome()} onChange={(event) => setOutcome(event.currentTarget.value)}>
          <option value="any">All runs</option>
          <option value="succeeded">Succeeded</option>
          <option value="failed">Failed</option>
        </select>
        <label class="visually-hidden" for="history-endpoint">Endpoint</label>
        <select id="history-endpoint" value={endpoint()} onChange={(event) => setEndpoint(event.currentTarget.value)}>
          <option value="">Every endpoint</option>
          <For each={page.latest && "endpoints" in page.latest ? page.latest.endpoints : []}>
            {(choice) => <option value={JSON.stringify(choice)}>{endpointLabel(choice)}</option>}
          </For>
        </select>
        <label class="history-favourites">
          <input id="history-favourites" type="checkbox" checked={favouritesOnly()} onChange={(event) => setFavouritesOnly(event.currentTarget.checked)} />
          ★ only
        </label>
      </div>
      <Show when={page.latest && "note" in page.latest && page.latest.note}>
        <p class="notice" role="status">{(page.latest as HistoryPage).note}</p>
      </Show>
      <div class="history-body">
        <Show when={!(page.latest && "error" in page.latest)} fallback={<p role="alert">{(page.latest as { error: string }).error}</p>}>
          <ol id="history-entries" aria-label="Runs, newest first">
            <For each={entries()} fallback={<li class="muted">{text() ? "No run matches." : "Runs appear here as they are sent, from the app and from sextant run."}</li>}>
              {(entry, at) => (
                <li
                  class="history-entry"
                  classList={{ selected: at() === selected(), failed: !entry.succeeded }}
                  data-id={entry.id}
                  onDblClick={() => props.open(entry)}
                >
                  <div class="history-line">
                    <button
                      type="button"
                      class="history-star"
                      aria-pressed={entry.favourite}
                      title={entry.favourite ? "A favourite: kept whatever the retention. Click to unmark." : "Mark as a favourite: kept whatever the retention"}
                      onClick={() => void favourite(entry)}
                    >{entry.favourite ? "★" : "☆"}</button>
                    <button type="button" class="history-open explorer-link" title="Open in a new tab (Enter, double-click)" onClick={() => props.open(entry)}>
                      {entryTitle(entry)}
                    </button>
                    <span class="history-outcome" data-succeeded={String(entry.succeeded)}>{outcomeText(entry)}</span>
                  </div>
                  <div class="history-meta muted">
                    {new Date(entry.atUnixMs).toLocaleString()}
                    {" · "}{endpointLabel(entry.endpoint)}
                    {entry.profile ? ` · ${entry.profile}` : ""}
                    {entry.durationMs !== null ? ` · ${formatMs(entry.durationMs)}` : ""}
                    {entry.sizeBytes !== null ? ` · ${formatBytes(entry.sizeBytes)}` : ""}
                    {entry.budgetRemaining !== null ? ` · ${entry.budgetRemaining}${entry.budgetLimit !== null ? ` of ${entry.budgetLimit}` : ""} left` : ""}
                    {entry.streamEnd ? ` · ${entry.streamEnd}` : ""}
                    {entry.from === "cli" ? " · command line" : ""}
                    <button type="button" class="history-forget link" title="Forget this run" aria-label="Forget this run" onClick={() => void forget(entry)}>Forget</button>
                  </div>
                </li>
              )}
            </For>
          </ol>
        </Show>
      </div>
      <div class="history-footer muted">
        <label for="history-retention">Keep the last</label>
        <input
          id="history-retention"
          type="number"
          min="1"
          step="1"
          value={page.latest && "retention" in page.latest ? page.latest.retention : 10000}
          onChange={(event) => {
            const keep = Math.max(1, Math.floor(Number(event.currentTarget.value) || 1));
            void ipc.historyRetention({ keep }).then(() => setChanged((n) => n + 1));
          }}
        />
        <span>runs (favourites always)</span>
      </div>
    </aside>
  );
}
