// The schema part of the endpoint bar: where the schema in use came from, how many types, how old,
// its warnings, and what is happening to it (loading, a fetch that failed, a refresh the rate limit
// refused). One line: a long error shows its start, its whole text on hover.

import { createEffect, createSignal, For, on, onCleanup, Show } from "solid-js";

import { describeAge } from "../format";
import type { CommandError, SchemaStatus as Status } from "../ipc";

export interface SchemaShown {
  /** The schema in use, or null for none. */
  status: Status | null;
  /** A schema on its way from this endpoint. */
  loading: { url: string; refresh: boolean } | null;
  /** Why the last fetch or load failed; the schema in use stays what it was. */
  error: CommandError | null;
}

export const noSchema: SchemaShown = { status: null, loading: null, error: null };

/** Where the schema came from, in a few words. */
export function describeSource(status: Status | null, demoUrl: string | null): string {
  const source = status?.source;
  if (source === undefined) return "No schema";
  if (source.kind === "file") return source.fileName;
  return `${endpointName(source.url, demoUrl)} · ${source.fromCache ? "from cache" : "fetched"}`;
}

/** An endpoint in a few words: "Demo API", else its host (the URL as it is when it is not one). */
export function endpointName(url: string, demoUrl: string | null): string {
  if (url === demoUrl) return "Demo API";
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** "2 breaking, 1 dangerous, 5 safe changes", or that nothing changed. */
export function describeChanges(changes: { breaking: number; dangerous: number; safe: number }): string {
  const parts = ([["breaking", changes.breaking], ["dangerous", changes.dangerous], ["safe", changes.safe]] as const)
    .filter(([, n]) => n > 0)
    .map(([name, n]) => `${n} ${name}`);
  if (parts.length === 0) return "No changes";
  const total = changes.breaking + changes.dangerous + changes.safe;
  return `${parts.join(", ")} change${total === 1 ? "" : "s"}`;
}

export function SchemaStatus(props: {
  shown: SchemaShown;
  demoUrl: string | null;
  cancel(): void;
  refreshAnyway(): void;
  /** Opens the list of changes a refresh found. */
  showChanges(): void;
}) {
  // Ages are in minutes: a clock of half minutes is enough.
  const [now, setNow] = createSignal(Date.now());
  const timer = window.setInterval(() => setNow(Date.now()), 30_000);
  onCleanup(() => window.clearInterval(timer));

  const status = () => props.shown.status;
  const source = () => {
    const loading = props.shown.loading;
    if (loading) return `${loading.refresh ? "Refreshing" : "Loading"} the schema of ${endpointName(loading.url, props.demoUrl)}…`;
    return describeSource(status(), props.demoUrl);
  };
  const fetchedAt = () => {
    const shown = status();
    return shown?.source.kind === "endpoint" ? shown.source.fetchedAtUnixMs : shown?.loadedAtUnixMs;
  };
  const age = () => {
    const at = fetchedAt();
    return at === undefined ? "" : `${status()?.source.kind === "endpoint" ? "fetched" : "loaded"} ${describeAge(at, now())}`;
  };
  const warnings = () => status()?.warnings ?? [];
  let details!: HTMLDetailsElement;
  // A new schema's warnings start folded.
  createEffect(on(status, () => (details.open = false), { defer: true }));

  return (
    <div id="schema-status" aria-live="polite">
      <span id="schema-source">{source()}</span>
      <span id="schema-types">{status() ? `${status()!.nTypes} types` : ""}</span>
      <span id="schema-age" title={fetchedAt() === undefined ? "" : new Date(fetchedAt()!).toLocaleString()}>{age()}</span>
      <Show when={status()?.changes}>
        {(changes) => (
          <button
            id="schema-changes"
            type="button"
            classList={{ breaking: changes().breaking > 0 }}
            title="What changed since the schema before this refresh"
            onClick={() => props.showChanges()}
          >{describeChanges(changes())}</button>
        )}
      </Show>
      <details id="schema-warnings" hidden={warnings().length === 0} ref={details}>
        <summary id="schema-warnings-summary">{`${warnings().length} warning${warnings().length === 1 ? "" : "s"}`}</summary>
        <ul id="schema-warnings-list">
          <For each={warnings()}>{(warning) => <li>{warning}</li>}</For>
        </ul>
      </details>
      <span id="schema-error" role="alert" hidden={!props.shown.error} title={props.shown.error?.message ?? ""}>{props.shown.error?.message ?? ""}</span>
      <button id="refresh-override" type="button" hidden={props.shown.error?.kind !== "rateLimited"} title="Introspect once although the rate limit says wait" onClick={() => props.refreshAnyway()}>Refresh anyway</button>
      <button id="cancel-schema" type="button" hidden={!props.shown.loading} title="Stop fetching this endpoint's schema" onClick={() => props.cancel()}>Cancel</button>
    </div>
  );
}
