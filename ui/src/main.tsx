// The window: the endpoint bar, the tab strip, the query pane (three CodeMirror editors), the
// response pane and the rate-limit panel. Solid renders them from the workspace store (a store
// entry per tab: workspace.ts) and a few signals (the schema's state, the budget, the problems);
// the editors are CodeMirror's, made once and given each tab's EditorStates as it comes forward.
// Tabs are saved by the Rust side (SQLite in the state directory) as they change; small choices
// (the theme, URLs used before) go through persist.ts; everything the Rust side answers goes
// through ipc.ts.

import { closeBrackets, closeBracketsKeymap, completionKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, foldGutter, foldKeymap, indentOnInput } from "@codemirror/language";
import { forEachDiagnostic, forceLinting, lintKeymap, setDiagnosticsEffect } from "@codemirror/lint";
import { search, searchKeymap } from "@codemirror/search";
import { EditorState, type Extension } from "@codemirror/state";
import {
  drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers, tooltips,
} from "@codemirror/view";
import { batch, createEffect, createMemo, createRoot, createSignal, For, Show } from "solid-js";
import { render } from "solid-js/web";

import { graphql, notifySchemaChanged, prettify } from "./editor/graphql";
import { headersLint, json, variablesLint } from "./editor/json";
import { operationPicker } from "./editor/operations";
import * as ipc from "./ipc";
import * as persist from "./persist";
import { createEndpointBar } from "./endpoint";
import { EndpointFields, ProfileDialog } from "./components/EndpointBar";
import { type Budget, closedUntil, createClock, RateLimitPanel, ticking } from "./components/RateLimitPanel";
import { createExplorer, Explorer } from "./components/Explorer";
import { HistoryPanel } from "./components/HistoryPanel";
import { ProjectPanel } from "./components/ProjectPanel";
import { documentPath, relativeTo, type SavedText, suggestedName, touches, unsaved, variablesShown } from "./project";
import { looksLikeCurl } from "./history";
import { mergeVariables } from "./explorer/build";
import { changesPage } from "./explorer/history";
import { ResponsePane } from "./components/ResponsePane";
import { StreamView } from "./components/StreamView";
import { defaultStreamKeep, operationToSend, streamTransportFor, type StreamEvent, type StreamTransport } from "./stream";
import { noSchema, SchemaStatus, type SchemaShown } from "./components/SchemaStatus";
import { TabStrip } from "./components/TabStrip";
import { afterClose, isTab, moved, sameEndpoint, stepped } from "./tabs";
import { createWorkspace, saved, tab as openTab, withHeaders, type Tab } from "./workspace";
import type { TabState } from "./generated/TabState";
import type { StreamPage } from "./generated/StreamPage";
import "./styles.css";
import { element } from "./dom";


const defaultQuery = `# Ctrl+Space completes, Shift+Ctrl+P prettifies, Ctrl+Enter runs.
query Project($id: String!) {
  project(id: $id) {
    name
    services {
      edges {
        node {
          name
          icon
        }
      }
    }
  }
}
`;
// The demo API's "acme-shop" project (demo-server's sample data).
const defaultVariables = `{\n  "id": "5f0e2c1a-8b3d-4c7e-9a61-2d4f6b8e0a11"\n}\n`;
const defaultHeaders = `{}\n`;

// The window's state. The store's tabs are what the strip, the response pane and Run follow;
// `current` is the tab in front (a tab of the defaults, never saved, until the saved ones are read).
const { workspace, setWorkspace, editorsOf, forgetEditors, find, update } = createWorkspace();
const starting: Tab = openTab({
  id: "", title: null, document: defaultQuery, variables: defaultVariables, endpoint: { kind: "demo" }, profile: null, headers: [], file: null,
});
const current = (): Tab => find(workspace.active) ?? starting;

const [schema, setSchema] = createSignal<SchemaShown>(noSchema);
const [schemaFetching, setSchemaFetching] = createSignal(false);
const [budget, setBudgetSignal] = createSignal<Budget>({ shown: null, warning: null });
// The window's derived state lives as long as the window: one root, never disposed.
const { clock, gateClosed, canRun } = createRoot(() => {
  const clock = createClock((now) => ticking(budget().shown, now));
  const gateClosed = createMemo(() => closedUntil(budget().shown, clock.now()) !== null);
  /** Run is possible unless the front tab's request is on its way or the rate-limit gate is closed. */
  const canRun = createMemo(() => !current().running && !gateClosed());
  return { clock, gateClosed, canRun };
});
function showBudget(shown: ipc.RateLimitShown | null, warning: string | null = null): void {
  batch(() => {
    setBudgetSignal({ shown, warning });
    clock.restart();
  });
}
/** Why the last schema fetch failed, when the server said why. */
const schemaFetchReason = () => {
  const error = schema().error;
  return error?.kind === "schemaFetch" ? error.reason : null;
};

interface Problem { severity: string; from: number; text: string; message: string }
const [problems, setProblems] = createSignal<Problem[]>([]);
const [inputTab, setInputTab] = createSignal<"variables" | "headers">("variables");
/** A credential typed among the headers: its names, offered to become a token profile. */
const [credential, setCredential] = createSignal<{ names: string[]; origin: string } | null>(null);
const [renaming, setRenaming] = createSignal<string | null>(null);
/** What "Copy as curl" last said. */
const [curlCopied, setCurlCopied] = createSignal("");
const [theme, setTheme] = createSignal(persist.load("theme", "system"));
// The schema explorer: open or not (kept across restarts), and where it is.
const explorer = createRoot(() => createExplorer());
const [explorerOpen, setExplorerOpen] = createSignal(persist.load("explorerOpen", "false") === "true");
function showExplorer(open: boolean): void {
  setExplorerOpen(open);
  persist.save("explorerOpen", String(open));
  if (open) setHistoryOpen(false);
}
// The project folder: its sidebar (open or not, kept across restarts), the folder open, what went
// wrong last, and the Save as dialog (for a tab, or `null` for a new document).
const [project, setProject] = createSignal<ipc.ProjectShown | null>(null);
const [projectProblem, setProjectProblem] = createSignal<string | null>(null);
const [projectOpen, setProjectOpen] = createSignal(persist.load("projectOpen", "false") === "true");
function showProject(open: boolean): void {
  setProjectOpen(open);
  persist.save("projectOpen", String(open));
}
const [saveAs, setSaveAs] = createSignal<{ id: string | null; suggested: string; problem: string | null } | null>(null);
/** The tab's document relative to the open folder; `null` for a tab of no document or of another folder. */
const documentOf = (tab: Pick<Tab, "file">): string | null => relativeTo(project()?.dir ?? "", tab.file);
/** Whether a tab of the open folder's document holds changes not saved to it. */
const hasUnsaved = (tab: Tab): boolean => documentOf(tab) !== null && unsaved(tab.document, tab.variables, tab.onDisk);
const unsavedDocuments = createRoot(() => createMemo(() => new Set(workspace.tabs.filter(hasUnsaved).map((tab) => documentOf(tab)!))));
// Subscriptions: each tab's stream events, beside the store (a store would proxy every event);
// the store's `stream.version` says when they changed.
const streamEvents = new Map<string, StreamEvent[]>();
/**
 * Events the page shows per stream, the newest (as a terminal's scrollback): Rust keeps 100,000,
 * which Copy NDJSON gives whole. Drawing a list of 100,000 rows measured them all again at every
 * batch (bench/app stream).
 */
const streamEventsKept = 10_000;
/** The frames' timings kept for bench/app (one of each a frame while a stream is drawn). */
const streamMeasuresKept = 10_000;
const streamMeasures = ["sextant:stream-event", "sextant:stream-ipc", "sextant:stream-arrived"];
/** How subscriptions travel and how many events a stream keeps: the person's choices, kept. */
const [subscriptionTransport, setSubscriptionTransport] = createSignal<StreamTransport>(
  (["webSocket", "graphqlWs", "sse"] as const).find((known) => known === persist.load("streamTransport", "webSocket")) ?? "webSocket",
);
const [credentialsInInit, setCredentialsInInit] = createSignal(persist.load("credentialsInInit", "false") === "true");
const [streamKeep, setStreamKeep] = createSignal(Math.max(1, Math.floor(Number(persist.load("streamKeep", String(defaultStreamKeep)))) || defaultStreamKeep));
/** Each tab's stream run: a batch for an earlier run (a Run since) is not taken. */
const streamRuns = new Map<string, number>();
/** Stream runs started in this window: each run's number is its own (a closed tab's id may come back). */
let streamRunsStarted = 0;
const [streamClock, setStreamClock] = createSignal(Date.now());
/** How often a running stream's count and rate are shown anew, in ms. */
const countEvery = 250;
window.setInterval(() => { if (workspace.tabs.some((tab) => tab.stream?.running)) setStreamClock(Date.now()); }, 1000);
// The history of runs: one side pane at a time with the explorer.
const [historyOpen, setHistoryOpen] = createSignal(false);
const [runsEnded, setRunsEnded] = createSignal(0);
function showHistory(open: boolean): void {
  setHistoryOpen(open);
  if (open && explorerOpen()) showExplorer(false);
  if (open) queueMicrotask(() => document.getElementById("history-search")?.focus());
}
/**
 * A pasted curl command as a request in a new tab: endpoint, document, variables, and its headers
 * for the endpoint's origin (a credential among them is offered to become a token profile, as when
 * typed). A command Rust cannot read as a GraphQL request is pasted as text, with why.
 */
async function openCurl(text: string, view: EditorView): Promise<void> {
  let read: ipc.CurlRead;
  try {
    read = await ipc.readCurl({ text });
  } catch (error) {
    view.dispatch(view.state.replaceSelection(text));
    setWorkspace("notice", `${ipc.asCommandError(error).message} It was pasted as text.`);
    return;
  }
  const front = current();
  await insertTab({
    id: crypto.randomUUID(),
    title: null,
    document: read.document,
    variables: `${read.variablesJson ?? "{}"}\n`,
    endpoint: { kind: "url", url: read.endpoint },
    profile: null,
    headers: read.headersJson ? [{ origin: read.origin, headersJson: read.headersJson }] : [],
    file: null,
  }, workspace.tabs.findIndex((open) => open.id === front.id) + 1);
}

/** A run of the history in a new tab after the one in front: what was sent, where and as whom. */
async function openRun(entry: ipc.HistoryEntryShown): Promise<void> {
  const front = current();
  const variables = entry.variables ? `${JSON.stringify(JSON.parse(entry.variables), null, 2)}\n` : "{}\n";
  await insertTab({
    id: crypto.randomUUID(),
    title: null,
    document: entry.document,
    variables,
    endpoint: entry.endpoint,
    profile: entry.profile,
    headers: [],
    file: null,
  }, workspace.tabs.findIndex((open) => open.id === front.id) + 1);
}
/** Opens `coordinate` in the explorer (go to definition, a hover's link). */
function openInExplorer(coordinate: string): void {
  explorer.open(coordinate);
  showExplorer(true);
}
/**
 * The explorer's "+": adds the field to the query at the cursor (one change, one undo), selects it,
 * and adds the variables it needs to the Variables editor. Returns what the explorer should say.
 */
async function addFieldToQuery(coordinate: string): Promise<string | null> {
  const document = queryView.state.doc.toString();
  let added: ipc.FieldAdded;
  try {
    added = await ipc.explorerAddField({ document, cursorUtf16: queryView.state.selection.main.head, coordinate });
  } catch (error) {
    return ipc.asCommandError(error).message;
  }
  // Typed meanwhile, or another tab in front: the edits were for a document that is gone.
  if (queryView.state.doc.toString() !== document) return "The query changed meanwhile: press + again.";
  queryView.dispatch({
    changes: added.edits,
    selection: { anchor: added.selectFrom, head: added.selectTo },
    scrollIntoView: true,
    userEvent: "input.explorer",
  });
  if (added.outcome === "already_selected") return `${coordinate} is selected there already.`;
  if (added.variables.length === 0 || !variablesView) return null;
  const merged = mergeVariables(variablesView.state.doc.toString(), added.variables);
  if (merged.kind === "not-an-object") {
    return `Variables is not a JSON object: add ${merged.names.map((name) => `$${name}`).join(", ")} there by hand.`;
  }
  if (merged.kind === "merged") {
    variablesView.dispatch({ changes: { from: 0, to: variablesView.state.doc.length, insert: merged.text }, userEvent: "input.explorer" });
  }
  showInputTab("variables");
  return null;
}
// Requests: the endpoint bar says where and as whom, the panes show what came back.
const bar = createRoot(() => createEndpointBar(endpointChanged, (headerName) => {
  // A profile saved from a typed header takes that header over: it leaves the Headers editor.
  try {
    const headers = JSON.parse(headersView.state.doc.toString()) as Record<string, string>;
    delete headers[headerName];
    const text = `${JSON.stringify(headers, null, 2)}\n`;
    headersView.dispatch({ changes: { from: 0, to: headersView.state.doc.length, insert: text } });
  } catch { /* left as typed */ }
}));

function Window() {
  return (
    <>
      <header id="endpoint-bar">
        <EndpointFields bar={bar} suggestProfile={schemaFetchReason() === "unauthorized"} />
        <button
          id="run"
          type="button"
          class="primary"
          disabled={!canRun()}
          title={gateClosed() ? "The rate limit says wait (see the panel); Send anyway overrides" : "Run (Ctrl+Enter)"}
          onClick={() => void send(false)}
        >Run</button>
        <button id="cancel-run" type="button" hidden={!current().running} onClick={() => void ipc.cancelRun({ tab: current().id })}>Cancel</button>
        <label class="visually-hidden" for="theme">Theme</label>
        <select id="theme" title="Theme: as the system says, light or dark" value={theme()} onChange={(event) => chooseTheme(event.currentTarget.value)}>
          <option value="system">Auto</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
      </header>
      <ProfileDialog bar={bar} />
      <SaveAsDialog />
      <TabStrip
        tabs={workspace.tabs}
        active={workspace.active}
        unsaved={(id) => { const tab = find(id); return tab ? hasUnsaved(tab) : false; }}
        notice={workspace.notice}
        renaming={renaming()}
        setRenaming={setRenaming}
        actions={{
          select: (id) => { const tab = find(id); if (tab) void activate(tab); },
          close: (id) => void closeTab(id),
          create: () => void newTab(),
          duplicate: (id) => void duplicateTab(id),
          rename: (id, title) => {
            if (title !== undefined && find(id)) {
              update(id, { title });
              void saveNow(id);
            }
            queryView.focus();
          },
          move: (id, to) => moveTab(id, to),
        }}
      />
      <main id="workspace" classList={{ "with-explorer": explorerOpen() || historyOpen(), "with-project": projectOpen() }}>
        <Show when={projectOpen()}>
          <ProjectPanel
            project={project()}
            problem={projectProblem()}
            active={documentOf(current())}
            unsaved={unsavedDocuments()}
            openFolder={(dir) => void openFolder(dir)}
            openDocument={(path) => void openDocument(path)}
            newFile={() => setSaveAs({ id: null, suggested: suggestedName("", project()?.documents ?? []), problem: null })}
            rename={(from, to) => void renameDocument(from, to)}
            closeProject={() => void closeProject()}
            close={() => showProject(false)}
          />
        </Show>
        <QueryPane />
        <Show when={current().stream} fallback={<ResponsePane tab={workspace.active ? current() : undefined} runAgain={run} />}>
          {(stream) => (
            <StreamView
              stream={{ ...stream(), events: (void stream().version, streamEvents.get(current().id) ?? []), shownAtMost: streamEventsKept }}
              now={streamClock()}
              stop={() => void ipc.streamStop({ tab: current().id })}
              transport={subscriptionTransport()}
              setTransport={(transport) => { setSubscriptionTransport(transport); persist.save("streamTransport", transport); }}
              credentialsInInit={credentialsInInit()}
              setCredentialsInInit={(on) => { setCredentialsInInit(on); persist.save("credentialsInInit", String(on)); }}
              keep={streamKeep()}
              setKeep={(keep) => { setStreamKeep(keep); persist.save("streamKeep", String(keep)); }}
              clear={() => {
                const id = current().id;
                streamEvents.set(id, []);
                update(id, { stream: { ...stream(), version: stream().version + 1 } });
              }}
              copy={() => ipc.streamCopy({ tab: current().id }).then(
                (bytes) => `Copied ${bytes.toLocaleString()} bytes of NDJSON`,
                (error) => `Not copied: ${ipc.asCommandError(error).message}`,
              )}
            />
          )}
        </Show>
        <RateLimitPanel budget={budget()} now={clock.now()} sendAnyway={() => void send(true)} />
        <Show when={historyOpen()}>
          <HistoryPanel runs={runsEnded()} open={(entry) => void openRun(entry)} close={() => showHistory(false)} />
        </Show>
        <Show when={explorerOpen()}>
          <Explorer state={explorer} schema={schema().status} close={() => showExplorer(false)} addField={addFieldToQuery}
            versions={async () => {
              const to = target();
              return to ? ipc.schemaVersions(to) : [];
            }}
            compare={async (id) => {
              const to = target();
              if (!to) throw new Error("No endpoint is chosen.");
              return ipc.compareSchemaVersion({ ...to, id });
            }}
          />
        </Show>
      </main>
      {/* The schema in use, in a status bar of its own: the endpoint bar keeps its room for the URL. */}
      <footer id="status-bar" aria-label="Schema">
        <SchemaStatus
          shown={schema()}
          demoUrl={bar.demoUrl()}
          cancel={() => void ipc.cancelSchemaFetch({ tab: current().id })}
          refreshAnyway={() => void fetchSchema(true, true)}
          showChanges={() => openInExplorer(changesPage)}
        />
        <button
          id="explorer-toggle"
          type="button"
          aria-pressed={explorerOpen()}
          title="Schema explorer: browse and search the schema (Ctrl+Shift+E)"
          onClick={() => showExplorer(!explorerOpen())}
        >Docs</button>
        <button
          id="project-toggle"
          type="button"
          aria-pressed={projectOpen()}
          title="Project: a folder of .graphql documents (Ctrl+Shift+O)"
          onClick={() => showProject(!projectOpen())}
        >Project</button>
        <button
          id="history-toggle"
          type="button"
          aria-pressed={historyOpen()}
          title="History of runs: search, favourites, open one again (Ctrl+H)"
          onClick={() => showHistory(!historyOpen())}
        >History</button>
        <button id="refresh-schema" type="button" disabled={schemaFetching()} title="Introspect the endpoint again (costs one request)" onClick={() => void fetchSchema(true)}>Refresh schema</button>
        {/* Suggested when the server has introspection off: the schema has to come from a file. */}
        <button
          id="load-schema"
          type="button"
          classList={{ suggested: schemaFetchReason() === "introspectionDisabled" }}
          title="An introspection response (JSON) or SDL"
          onClick={() => element("schema-file").click()}
        >Load schema from file…</button>
        <input id="schema-file" type="file" accept=".json,.graphql,.graphqls,.gql,.sdl,application/json" hidden onChange={(event) => void loadSchemaFile(event.currentTarget)} />
      </footer>
    </>
  );
}

function QueryPane() {
  // While an editor has the keyboard, the hint says how Tab behaves there (a class set on focus
  // changes: a `:has()` rule would be matched again on every change to the editors' DOM).
  const [editing, setEditing] = createSignal(false);
  let pane!: HTMLElement;
  return (
    <section
      id="query-pane"
      aria-label="Query"
      ref={pane}
      classList={{ editing: editing() }}
      on:focusin={() => setEditing(!!document.activeElement?.closest(".cm-editor"))}
      on:focusout={(event) => {
        const to = event.relatedTarget as Element | null;
        setEditing(!!to?.closest?.(".cm-editor") && pane.contains(to));
      }}
    >
      <div class="toolbar">
        <label for="operation-picker" id="operation-picker-label" hidden>Operation</label>
        <select id="operation-picker" hidden />
        <span class="spacer" />
        <span id="tab-hint" class="muted">Tab indents · Esc then Tab moves on · Ctrl+F finds</span>
        <Show when={current().file}>
          <span id="file-path" class="muted" title={current().file ?? ""} classList={{ unsaved: hasUnsaved(current()) }}>
            {documentOf(current()) ?? current().file}{hasUnsaved(current()) ? " •" : ""}
          </span>
        </Show>
        <button id="save" type="button" title="Save to the project's document (Ctrl+S; Save as: Ctrl+Shift+S)" onClick={() => void saveDocument(false)}>Save</button>
        <span id="copy-curl-status" class="muted" role="status" title={curlCopied()}>{curlCopied()}</span>
        <button id="copy-curl" type="button" title="Copy a curl command that sends what Run sends (the token stays $SEXTANT_TOKEN)" onClick={() => void copyAsCurl()}>Copy as curl</button>
        <button id="prettify" type="button" title="Prettify (Shift+Ctrl+P)" onClick={() => { prettify(queryView); queryView.focus(); }}>Prettify</button>
      </div>
      {/* Always there (a row of the pane's grid), empty unless the document changed on disk. */}
      <div id="disk-note-row">
      <Show when={current().diskNote}>
        <div id="disk-note" class="notice" role="alert">
          <span id="disk-note-text">
            {documentOf(current()) ?? current().file}{current().diskNote === "changed"
              ? " changed on disk while it had unsaved changes here."
              : " is gone from disk: Save writes it again."}
          </span>
          <Show when={current().diskNote === "changed"}>
            <button id="disk-reload" type="button" onClick={() => void reloadFromDisk(current().id, false)}>Reload from disk</button>
            <button id="disk-keep" type="button" title="Keep this tab's text; Save then writes it over the file" onClick={() => void reloadFromDisk(current().id, true)}>Keep mine</button>
          </Show>
          <Show when={current().diskNote === "deleted"}>
            <button id="disk-dismiss" type="button" onClick={() => update(current().id, { diskNote: null })}>OK</button>
          </Show>
        </div>
      </Show>
      </div>
      <div id="query-editor" class="editor" />
      {/* The query editor's diagnostics as text; a click (or Enter) on one goes there. */}
      <ul id="problems" aria-label="Problems" aria-live="polite">
        <For each={problems()}>
          {(problem) => (
            <li
              data-severity={problem.severity}
              data-from={problem.from}
              tabIndex={0}
              title={`${problem.message} (click to go there)`}
              onClick={() => goToProblem(problem.from)}
              onKeyDown={(event) => { if (event.key === "Enter") goToProblem(problem.from); }}
            >{problem.text}</li>
          )}
        </For>
      </ul>
      {/* Variables and headers share the space under the query editor. */}
      <div class="toolbar tabs" role="tablist">
        <button id="variables-tab" type="button" role="tab" aria-selected={inputTab() === "variables"} aria-controls="variables-editor" onClick={() => showInputTab("variables")}>Variables</button>
        <button id="headers-tab" type="button" role="tab" aria-selected={inputTab() === "headers"} aria-controls="headers-editor" onClick={() => showInputTab("headers")}>Headers</button>
      </div>
      <div id="variables-editor" class="editor input-editor" role="tabpanel" hidden={inputTab() !== "variables"} />
      <div id="headers-editor" class="editor input-editor" role="tabpanel" hidden={inputTab() !== "headers"} />
      <div id="headers-credential" class="notice" role="status" hidden={credential() === null} data-header={credential()?.names[0]}>
        <span id="headers-credential-text">{credentialText()}</span>
        <button id="headers-to-profile" type="button" onClick={credentialToProfile}>Save as token profile…</button>
      </div>
    </section>
  );
}

function credentialText(): string {
  const found = credential();
  if (!found) return "";
  return `${found.names.join(", ")} ${found.names.length === 1 ? "looks" : "look"} like a credential: sent only to ${found.origin}, ` +
    "and not kept when Sextant closes. A token profile keeps it in the OS keychain.";
}

/** Save as (a tab's document under a new name) and New document: a path in the open folder. */
function SaveAsDialog() {
  let dialog!: HTMLDialogElement;
  let input!: HTMLInputElement;
  createEffect(() => {
    const asked = saveAs();
    if (asked && !dialog.open) {
      dialog.showModal();
      input.value = asked.suggested;
      input.focus();
      input.setSelectionRange(asked.suggested.lastIndexOf("/") + 1, asked.suggested.replace(/\.(graphql|gql)$/, "").length);
    } else if (!asked && dialog.open) dialog.close();
  });
  return (
    <dialog id="save-as" aria-labelledby="save-as-title" ref={dialog} onClose={() => setSaveAs(null)}>
      <form method="dialog" onSubmit={(event) => { event.preventDefault(); void submitSaveAs(input.value); }}>
        <h2 id="save-as-title">{saveAs()?.id === null ? "New document" : "Save as"}</h2>
        <label for="save-as-path">Path in {project()?.name ?? "the project"} (its variables go beside it, in NAME.variables.json)</label>
        <input id="save-as-path" type="text" spellcheck={false} autocomplete="off" ref={input} />
        <p id="save-as-problem" role="alert" hidden={!saveAs()?.problem}>{saveAs()?.problem}</p>
        <div class="dialog-buttons">
          <button type="button" onClick={() => setSaveAs(null)}>Cancel</button>
          <button id="save-as-save" type="submit" class="primary">Save</button>
        </div>
      </form>
    </dialog>
  );
}

render(() => <Window />, document.body);

/** Colors and sizes from styles.css, so that the OS's light or dark choice applies. */
const editorTheme = EditorView.theme({
  "&": { backgroundColor: "var(--bg)", color: "var(--text)" },
  ".cm-content": { caretColor: "var(--text)" },
  ".cm-cursor": { borderLeftColor: "var(--text)" },
  ".cm-gutters": { backgroundColor: "var(--bg-raised)", color: "var(--text-muted)", borderRight: "1px solid var(--border)" },
  ".cm-activeLine": { backgroundColor: "color-mix(in srgb, var(--bg-raised) 60%, transparent)" },
  ".cm-activeLineGutter": { backgroundColor: "var(--bg-raised)" },
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground": { backgroundColor: "var(--selection) !important" },
  ".cm-tooltip": { backgroundColor: "var(--bg-raised)", color: "var(--text)", border: "1px solid var(--border)" },
  ".cm-tooltip-autocomplete ul li[aria-selected]": { backgroundColor: "var(--selection)", color: "var(--text)" },
  ".cm-completionDetail": { color: "var(--text-muted)", fontStyle: "normal", marginLeft: "1em" },
});

function basics(): Extension[] {
  return [
    lineNumbers(),
    // Selection sets, arguments and JSON objects fold (Ctrl+Shift+[ and ], or the gutter).
    foldGutter(),
    highlightActiveLineGutter(),
    history(),
    drawSelection(),
    indentOnInput(),
    bracketMatching(),
    closeBrackets(),
    highlightActiveLine(),
    EditorState.tabSize.of(2),
    // Tooltips (completion, hover, lint) in the body, so that the panes' edges do not clip them.
    tooltips({ parent: document.body }),
    editorTheme,
    // Ctrl+F opens Find (and Replace) above the editor; F3 and Ctrl+G go to the next match.
    search({ top: true }),
    keymap.of([
      ...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...foldKeymap, ...historyKeymap, ...completionKeymap, ...lintKeymap, indentWithTab,
    ]),
  ];
}

/** Saves the front tab soon whenever the editor's text changes. */
const savedAsTyped: Extension = EditorView.updateListener.of((update) => {
  if (update.docChanged) saveSoon(current().id);
});

// Run: the key and the button both come here; a disabled Run (a request in flight, the
// rate-limit gate closed) sends nothing either way.
function run(): boolean {
  if (canRun()) void send(false);
  return true;
}

/** The query editor's diagnostics, listed under it as text. */
const problemsList = EditorView.updateListener.of((update) => {
  if (!update.transactions.some((tr) => tr.effects.some((effect) => effect.is(setDiagnosticsEffect)))) return;
  const found: Problem[] = [];
  forEachDiagnostic(update.state, (diagnostic, from) => {
    const line = update.state.doc.lineAt(Math.min(from, update.state.doc.length));
    found.push({ severity: diagnostic.severity, from, message: diagnostic.message, text: `${line.number}:${from - line.from + 1} ${diagnostic.message}` });
  });
  setProblems(found);
});

function goToProblem(from: number): void {
  const at = Math.min(from, queryView.state.doc.length);
  queryView.dispatch({ selection: { anchor: at }, scrollIntoView: true });
  queryView.focus();
}

let variablesView: EditorView | null = null;
let recheckVariables = 0;
const picker = operationPicker(
  element<HTMLSelectElement>("operation-picker"),
  element("operation-picker-label"),
  () => { if (variablesView) forceLinting(variablesView); },
);

const queryExtensions: Extension[] = [
  keymap.of([{ key: "Mod-Enter", run, preventDefault: true }]),
  basics(),
  graphql({ openInExplorer }),
  picker.extension,
  problemsList,
  savedAsTyped,
  // The variables are checked against the query: check them again once typing in it pauses
  // (at once would put a round trip beside every keystroke's completion).
  EditorView.updateListener.of((update) => {
    if (!update.docChanged) return;
    clearTimeout(recheckVariables);
    recheckVariables = window.setTimeout(() => { if (variablesView) forceLinting(variablesView); }, 300);
  }),
  EditorView.contentAttributes.of({ "aria-label": "Query editor", id: "query-input" }),
  // A curl command pasted (a browser's "Copy as cURL", a colleague's) opens as a request in a new tab.
  EditorView.domEventHandlers({
    paste(event, view) {
      const text = event.clipboardData?.getData("text/plain") ?? "";
      if (!looksLikeCurl(text)) return false;
      event.preventDefault();
      void openCurl(text, view);
      return true;
    },
  }),
];
const queryView = new EditorView({ parent: element("query-editor"), state: EditorState.create({ extensions: queryExtensions }) });

const variablesExtensions: Extension[] = [
  keymap.of([{ key: "Mod-Enter", run, preventDefault: true }]),
  basics(),
  json(),
  variablesLint(() => ({ document: queryView.state.doc.toString(), operationName: picker.picker.selected() })),
  savedAsTyped,
  EditorView.contentAttributes.of({ "aria-label": "Variables (JSON)", id: "variables-input" }),
];
variablesView = new EditorView({ parent: element("variables-editor"), state: EditorState.create({ extensions: variablesExtensions }) });

// Headers typed by hand belong to a tab and one origin: the editor shows the front tab's headers
// for the current endpoint, and a credential among them (Authorization, *-Token, *-Key, Cookie…)
// is never written to disk: the Rust side keeps the rest when the tab is saved, and says which
// they are for the notice.
let headersOrigin: string | null = null;
let headersKeptTimer = 0;

const headersView = new EditorView({
  parent: element("headers-editor"),
  state: EditorState.create({
    doc: defaultHeaders,
    extensions: [
      keymap.of([{ key: "Mod-Enter", run, preventDefault: true }]),
      basics(),
      json(),
      headersLint(),
      EditorView.updateListener.of((change) => {
        if (!change.docChanged || headersOrigin === null) return;
        const tab = current();
        update(tab.id, { headers: withHeaders(tab.headers, headersOrigin, change.state.doc.toString()) });
        saveSoon(tab.id);
        clearTimeout(headersKeptTimer);
        headersKeptTimer = window.setTimeout(() => void keepHeaders(), 300);
      }),
      EditorView.contentAttributes.of({ "aria-label": "Headers (JSON)", id: "headers-input" }),
    ],
  }),
});

/** Asks which headers carry credentials, keeps the rest, and offers to move a credential into a profile. */
async function keepHeaders(): Promise<void> {
  const origin = headersOrigin;
  const text = headersView.state.doc.toString();
  let kept: ipc.HeadersKept;
  try {
    kept = await ipc.headersKept({ headersJson: text });
  } catch {
    return;
  }
  if (origin !== headersOrigin || text !== headersView.state.doc.toString()) return;
  setCredential(kept.credentialNames.length > 0 && origin !== null ? { names: kept.credentialNames, origin } : null);
}

/** Shows the front tab's headers for `origin`. */
function showHeadersOf(origin: string | null): void {
  clearTimeout(headersKeptTimer);
  headersOrigin = null;
  const text = origin === null ? defaultHeaders : current().headers.find((kept) => kept.origin === origin)?.headersJson ?? defaultHeaders;
  // Set before `headersOrigin`: showing a tab's headers is no edit of them.
  headersView.dispatch({ changes: { from: 0, to: headersView.state.doc.length, insert: text } });
  headersOrigin = origin;
  void keepHeaders();
}

function credentialToProfile(): void {
  const headerName = credential()?.names[0] ?? "";
  let value = "";
  try {
    const headers = JSON.parse(headersView.state.doc.toString()) as Record<string, unknown>;
    const found = Object.entries(headers).find(([name]) => name === headerName);
    if (typeof found?.[1] === "string") value = found[1];
  } catch { /* the notice is only shown for valid headers */ }
  bar.openDialog({ headerName, value });
}

function showInputTab(which: "variables" | "headers"): void {
  setInputTab(which);
  (which === "variables" ? variablesView : headersView)?.requestMeasure();
}

/** Bad variables: the Variables editor comes forward with its cursor on the line at fault. */
function showVariablesLine(line: number): void {
  if (!variablesView) return;
  showInputTab("variables");
  const doc = variablesView.state.doc;
  const at = doc.line(Math.min(Math.max(line, 1), doc.lines)).from;
  variablesView.dispatch({ selection: { anchor: at }, scrollIntoView: true });
}


/** Where requests go now, as whom, with the headers typed for that endpoint. */
function target(): ipc.EndpointRequest | null {
  const chosen = bar.target();
  return chosen ? { ...chosen, headersJson: headersView.state.doc.toString() } : null;
}

async function copyAsCurl(): Promise<void> {
  const to = target();
  if (!to) return;
  try {
    const text = await ipc.copyAsCurl({
      ...to,
      document: queryView.state.doc.toString(),
      cursorUtf16: queryView.state.selection.main.head,
      operationName: picker.picker.selected(),
      variablesJson: variablesView?.state.doc.toString() ?? "",
    });
    // Its first lines say which variables to set, when there are any.
    const toSet = [...text.matchAll(/^# (\w+): /gm)].map((match) => `$${match[1]}`);
    setCurlCopied(toSet.length > 0 ? `Copied as curl; set ${toSet.join(", ")}` : "Copied as curl");
  } catch (error) {
    setCurlCopied(`Not copied: ${ipc.asCommandError(error).message}`);
  }
}

async function send(overrideRateLimit: boolean): Promise<void> {
  const to = target();
  // The tab that runs: its answer is its own, also when another tab is in front by then.
  const tab = current();
  const id = tab.id;
  if (!to || tab.running) return;
  // A subscription streams in the tab; anything else is one request and its response.
  const document = queryView.state.doc.toString();
  const cursor = queryView.state.selection.main.head;
  const operations = await ipc.operations({ document }).catch(() => []);
  const operation = operationToSend(operations, cursor, picker.picker.selected());
  // Its text with the fragments it may spread (the document without the other operations).
  const others = operations.filter((other) => other !== operation).sort((a, b) => b.from - a.from);
  const ownText = others.reduce((text, other) => text.slice(0, other.from) + text.slice(other.to), document);
  const transport = operation ? streamTransportFor(operation.kind, ownText, subscriptionTransport()) : null;
  if (transport) {
    await startStream(id, {
      tab: id, ...to, document, cursorUtf16: cursor, operationName: picker.picker.selected(),
      variablesJson: variablesView?.state.doc.toString() ?? "", overrideRateLimit, transport, keep: streamKeep(), credentialsInInit: credentialsInInit(),
    });
    return;
  }
  if (tab.stream) {
    void ipc.streamStop({ tab: id });
    streamEvents.delete(id);
    update(id, { stream: null });
  }
  update(id, { running: true });
  try {
    const result = await ipc.run({
      tab: id,
      ...to,
      document: queryView.state.doc.toString(),
      // Rust runs the operation under the cursor, else the picker's, on the document as it is now.
      cursorUtf16: queryView.state.selection.main.head,
      operationName: picker.picker.selected(),
      variablesJson: variablesView?.state.doc.toString() ?? "",
      overrideRateLimit,
    });
    update(id, { result, notSent: null, letGo: false, running: false });
    if (id === workspace.active) showBudget(result.rateLimit, result.warning);
    if (result.historyNote) setWorkspace("notice", result.historyNote);
  } catch (error) {
    const failure = ipc.asCommandError(error);
    update(id, { result: null, notSent: failure.message, letGo: false, running: false });
    if (id === workspace.active) {
      if (failure.kind === "invalidVariables") showVariablesLine(failure.line);
      // Refused by the gate: the panel shows why and until when.
      showBudget(await ipc.rateLimit(to).catch(() => null));
    }
  } finally {
    update(id, { running: false });
    // Sent or not, the run is in the history now.
    setRunsEnded((n) => n + 1);
  }
}

/** Starts the tab's subscription and follows its events until it ends (also in the background). */
async function startStream(id: string, request: ipc.StreamStartRequest): Promise<void> {
  const mine = ++streamRunsStarted;
  streamRuns.set(id, mine);
  streamEvents.set(id, []);
  for (const name of streamMeasures) performance.clearMeasures(name);
  update(id, { stream: { total: 0, dropped: 0, running: true, ended: null, notice: null, reconnects: 0, version: 0 }, result: null, notSent: null });
  try {
    await ipc.streamStart(request);
  } catch (error) {
    const failure = ipc.asCommandError(error);
    update(id, { stream: null, notSent: failure.message });
    if (failure.kind === "invalidVariables" && id === workspace.active) showVariablesLine(failure.line);
    return;
  }
  setRunsEnded((n) => n + 1);
  // Batches are read as soon as Rust has them (one request always on its way) and drawn together
  // at the next frame, in its animation callback, so that the frame starting next paints them. (Drawn
  // after the frame that followed their arrival, a batch had waited up to a frame more: bench/app.)
  const arrived: { page: StreamPage; at: number }[] = [];
  let drawing = false;
  let budgetShown = false;
  let measured = 0;
  let countedAt = 0;
  let countLater: number | undefined;
  const countedNow = (now: number) => {
    countedAt = now;
    setStreamClock(now);
  };
  const draw = (frame: number | null) => {
    drawing = false;
    const tab = find(id);
    const came = arrived.splice(0);
    const pages = came.map((batch) => batch.page);
    const latest = pages.at(-1);
    if (!latest || !tab?.stream || streamRuns.get(id) !== mine) return;
    const events = streamEvents.get(id) ?? [];
    for (const page of pages) for (const event of page.events) events.push(event);
    if (events.length > streamEventsKept) events.splice(0, events.length - streamEventsKept);
    streamEvents.set(id, events);
    // The answer that opened the stream counted in the budget: the panel shows it once it came.
    if (!budgetShown && events.length > 0 && id === workspace.active) {
      budgetShown = true;
      void ipc.rateLimit(request).then(showBudget, () => {});
    }
    // The count and the rate (the status line, a live region, and the tab's badge) change a few
    // times a second, as a person reads them: changed at every batch, they cost each batch's frame
    // about as much as the rows (bench/app). How the stream ended is shown at once.
    // (A count held back is shown when its time comes, should no batch follow.)
    const now = Date.now();
    const counted = now - countedAt >= countEvery || latest.ended !== null || latest.reconnects !== tab.stream.reconnects;
    window.clearTimeout(countLater);
    if (counted) countedNow(now);
    else {
      countLater = window.setTimeout(() => {
        const shown = find(id)?.stream;
        if (!shown || streamRuns.get(id) !== mine) return;
        countedNow(Date.now());
        update(id, { stream: { ...shown, total: latest.total, dropped: latest.dropped } });
      }, countEvery - (now - countedAt));
    }
    update(id, {
      stream: {
        total: counted ? latest.total : tab.stream.total, dropped: counted ? latest.dropped : tab.stream.dropped,
        running: latest.ended === null, ended: latest.ended, notice: latest.notice, reconnects: latest.reconnects, version: tab.stream.version + 1,
      },
    });
    // From the socket (Rust's receipt of the oldest event drawn) to the frame that paints it
    // (`sextant:stream-event`, bench/app); of that, the batch's way from Rust's answer into the
    // page (`sextant:stream-ipc`) and from there to the frame (`sextant:stream-arrived`).
    const oldest = came.find((batch) => batch.page.events.length > 0);
    if (oldest && frame !== null && id === workspace.active) {
      // (A stream runs for hours: the measures kept are bounded like its events.)
      if (++measured % streamMeasuresKept === 0) for (const name of streamMeasures) performance.clearMeasures(name);
      performance.measure("sextant:stream-event", { start: oldest.page.events[0].atUnixMs - performance.timeOrigin, end: frame });
      performance.measure("sextant:stream-ipc", { start: oldest.page.answeredAtUnixMs - performance.timeOrigin, end: oldest.at });
      performance.measure("sextant:stream-arrived", { start: oldest.at, end: frame });
    }
  };
  const drawAtNextFrame = () => {
    if (drawing) return;
    drawing = true;
    // A hidden window paints no frames: its streams are still drawn, every 100 ms.
    const timer = window.setTimeout(() => { if (drawing) draw(null); }, 100);
    requestAnimationFrame((frame) => {
      window.clearTimeout(timer);
      if (drawing) draw(frame);
    });
  };
  const ask = (after: number, reconnects: number) => ipc.streamEvents({ tab: id, after, limit: 5000, reconnects }).catch(() => null);
  let after = 0;
  let reconnects = 0;
  for (;;) {
    const page = await ask(after, reconnects);
    if (!page || streamRuns.get(id) !== mine || !find(id)?.stream) return;
    after = page.events.at(-1)?.seq ?? after;
    reconnects = page.reconnects;
    arrived.push({ page, at: performance.now() });
    drawAtNextFrame();
    if (page.ended && page.events.length === 0) return;
  }
}

// Schema: from the endpoint (the cache first: an introspection costs a request), or from a file
// the person picks (read here, parsed in Rust).
// Each schema request gets a number: an answer (or failure) to an older one is not shown, as the
// window has moved on to another endpoint or file since.
let schemaRequest = 0;
let schemaFetches = 0;
async function applySchema(loading: Promise<ipc.SchemaStatus>): Promise<void> {
  const request = ++schemaRequest;
  try {
    const status = await loading;
    if (request !== schemaRequest) return;
    setSchema({ status, loading: null, error: null });
    // A refresh that brought a different schema: the changes, grouped, in the explorer.
    const changes = status.changes;
    if (changes && changes.breaking + changes.dangerous + changes.safe > 0) openInExplorer(changesPage);
  } catch (error) {
    if (request !== schemaRequest) return;
    const failure = ipc.asCommandError(error);
    // The schema in use stays what it was, and says so.
    if (failure.kind === "schemaFetchCancelled") setSchema({ ...noSchema });
    else setSchema((shown) => ({ status: shown.status, loading: null, error: failure }));
  }
  notifySchemaChanged(queryView);
  if (variablesView) forceLinting(variablesView);
}

async function fetchSchema(refresh: boolean, overrideRateLimit = false): Promise<void> {
  const to = target();
  if (!to) return;
  setSchemaFetching(true);
  // A schema introspected from another endpoint is no longer the one in use (Rust drops it); one
  // loaded from a file stays.
  setSchema((shown) => ({
    status: shown.status?.source.kind === "endpoint" && shown.status.source.url !== to.endpoint ? null : shown.status,
    loading: { url: to.endpoint, refresh },
    error: null,
  }));
  const fetch = ++schemaFetches;
  // The front tab's: another tab's fetch goes on in the background (into the cache).
  await applySchema(ipc.fetchSchema({ tab: current().id, ...to, refresh, overrideRateLimit }));
  // A newer fetch (another endpoint) has the buttons now.
  if (fetch !== schemaFetches) return;
  setSchemaFetching(false);
  showBudget(await ipc.rateLimit(to).catch(() => null));
}

async function loadSchemaFile(input: HTMLInputElement): Promise<void> {
  const file = input.files?.[0];
  input.value = "";
  if (!file) return;
  await applySchema(file.text().then((text) => ipc.loadSchemaText({ fileName: file.name, text })));
}

async function endpointChanged(): Promise<void> {
  const chosen = bar.target();
  const tab = current();
  if (chosen) {
    const endpoint = bar.choice();
    if (!sameEndpoint(endpoint, tab.endpoint) || chosen.profile !== tab.profile) {
      update(tab.id, { endpoint, profile: chosen.profile });
      // At once: a choice made rarely must survive a close that comes right after it.
      void saveNow(tab.id);
    }
  }
  showHeadersOf(bar.origin());
  const to = target();
  showBudget(to ? await ipc.rateLimit(to).catch(() => null) : null);
  await fetchSchema(false);
}

// The theme: the system's unless chosen here.
function chooseTheme(choice: string): void {
  setTheme(choice === "light" || choice === "dark" ? choice : "system");
  persist.save("theme", theme());
}
createRoot(() => createEffect(() => {
  if (theme() === "system") delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme();
}));

// Ctrl+Enter runs from anywhere, the URL field included (a URL typed there is applied first);
// the editors bind it themselves.
window.addEventListener("keydown", (event) => {
  if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey) || event.defaultPrevented) return;
  if ((event.target as Element | null)?.closest?.(".cm-editor")) return;
  event.preventDefault();
  void bar.commitUrl().then(run);
});

// Tabs. Each keeps its editors' states (so undo history survives a switch), its headers per
// origin and its last response; it is saved at most `saveDelayMs` after a change, so that a killed
// process loses under a second of typing.
const saveDelayMs = 250;
const newTabDocument = "{\n  \n}\n";

/** Whether the endpoint bar has applied a tab's endpoint yet (at start it shows none). */
let barApplied = false;

/**
 * Tab writes due or on their way to the store, counted on the root element (`data-tab-writes`):
 * a test that restarts the app waits for 0 rather than racing the last write.
 */
let tabWrites = 0;
let savesDue = 0;
function showTabWrites(): void {
  document.documentElement.dataset.tabWrites = String(tabWrites + savesDue);
}
function writing<T>(write: Promise<T>): Promise<T | void> {
  tabWrites += 1;
  showTabWrites();
  return write.catch(reportTabs).finally(() => {
    tabWrites -= 1;
    showTabWrites();
  });
}

function reportTabs(error: unknown): void {
  setWorkspace("notice", ipc.asCommandError(error).message);
}

/** The front tab's editors' text, read into the store (the strip's title follows it). */
function readEditors(): void {
  const tab = current();
  if (!tab.id) return;
  update(tab.id, { document: queryView.state.doc.toString(), variables: variablesView?.state.doc.toString() ?? "" });
}

function saveSoon(id: string): void {
  const editors = editorsOf(id);
  if (!id || editors.saveTimer) return;
  editors.saveTimer = window.setTimeout(() => void saveNow(id), saveDelayMs);
  savesDue += 1;
  showTabWrites();
}

async function saveNow(id: string): Promise<void> {
  const editors = editorsOf(id);
  if (editors.saveTimer) {
    clearTimeout(editors.saveTimer);
    editors.saveTimer = 0;
    savesDue -= 1;
    showTabWrites();
  }
  if (id === workspace.active) readEditors();
  const tab = find(id);
  if (!tab) return;
  await writing(ipc.tabSave(saved(tab)));
}

function saveOrder(): void {
  void writing(ipc.tabsOrder({ ids: workspace.tabs.map((open) => open.id), active: workspace.active }));
}

/** Brings `tab` forward: its editors, headers, response, endpoint and profile. */
async function activate(tab: Tab): Promise<void> {
  const id = tab.id;
  const front = current();
  if (id === workspace.active && editorsOf(id).query) return;
  if (front.id && find(front.id)) {
    readEditors();
    const editors = editorsOf(front.id);
    editors.query = queryView.state;
    editors.variables = variablesView?.state ?? null;
  }
  setWorkspace("active", id);
  const editors = editorsOf(id);
  queryView.setState(editors.query ?? EditorState.create({ doc: tab.document, extensions: queryExtensions }));
  variablesView?.setState(editors.variables ?? EditorState.create({ doc: tab.variables, extensions: variablesExtensions }));
  editors.query = queryView.state;
  const result = tab.result;
  if (result && !tab.running && result.outcome.kind !== "failure" && !tab.letGo) {
    void ipc.responseKept({ responseId: result.responseId, from: 0, to: 0 }).then((kept) => {
      if (!kept && find(id)?.result === result) update(id, { letGo: true });
    });
  }
  saveOrder();
  queryView.focus();
  if (barApplied && bar.shows(tab.endpoint, tab.profile)) {
    showHeadersOf(bar.origin());
    notifySchemaChanged(queryView);
  } else {
    barApplied = true;
    await bar.choose(tab.endpoint, tab.profile);
  }
}

async function insertTab(state: TabState, position: number, onDisk: SavedText | null = null): Promise<void> {
  const tab = { ...openTab(state), onDisk };
  setWorkspace("tabs", (tabs) => [...tabs.slice(0, position), tab, ...tabs.slice(position)]);
  await writing(ipc.tabInsert({ tab: state, position }));
  await activate(find(state.id)!);
}

function newTab(): Promise<void> {
  const front = current();
  const at = workspace.tabs.findIndex((open) => open.id === front.id) + 1;
  return insertTab({
    id: crypto.randomUUID(),
    title: null,
    document: newTabDocument,
    variables: "{}\n",
    // A new tab goes where the one in front goes, as the same person.
    endpoint: structuredClone(saved(front).endpoint),
    profile: front.profile,
    headers: [],
    file: null,
  }, at).then(() => queryView.dispatch({ selection: { anchor: 4 } }));
}

async function duplicateTab(id: string): Promise<void> {
  if (id === workspace.active) readEditors();
  const tab = find(id);
  if (!tab) return;
  const state = saved(tab);
  await insertTab(
    // A copy is no second view of the document: it saves under a name of its own.
    { ...state, id: crypto.randomUUID(), title: state.title ? `${state.title} (copy)` : null, file: null },
    workspace.tabs.findIndex((open) => open.id === id) + 1,
  );
}

async function closeTab(id: string): Promise<void> {
  const at = workspace.tabs.findIndex((open) => open.id === id);
  if (at < 0) return;
  const wasActive = id === workspace.active;
  // What was typed last goes with it, so that reopening brings it back whole.
  await saveNow(id);
  const count = workspace.tabs.length;
  setWorkspace("tabs", (tabs) => tabs.filter((open) => open.id !== id));
  forgetEditors(id);
  streamEvents.delete(id);
  streamRuns.delete(id);
  await writing(ipc.tabClose({ tab: id }));
  if (workspace.tabs.length === 0) await newTab();
  else if (wasActive) await activate(workspace.tabs[afterClose(count, at)]);
  else saveOrder();
}

async function reopenTab(): Promise<void> {
  const at = workspace.tabs.findIndex((open) => open.id === workspace.active) + 1;
  const state = await ipc.tabReopen({ position: at }).catch((error) => { reportTabs(error); return null; });
  if (!state) return;
  setWorkspace("tabs", (tabs) => [...tabs.slice(0, at), openTab(state), ...tabs.slice(at)]);
  await activate(find(state.id)!);
}

function moveTab(id: string, to: number): void {
  const from = workspace.tabs.findIndex((open) => open.id === id);
  if (from < 0) return;
  setWorkspace("tabs", (tabs) => moved(tabs, from, to));
  saveOrder();
}

function stepTab(step: number): void {
  const tabs = workspace.tabs;
  const at = tabs.findIndex((open) => open.id === workspace.active);
  if (tabs.length > 1) void activate(tabs[stepped(tabs.length, at, step)]);
}

// Tab shortcuts, before the editors see the keys (capture): Ctrl+T new, Ctrl+W close,
// Ctrl+Shift+T reopen, Ctrl+Tab and Ctrl+PageDown next (with Shift, or PageUp: previous),
// Ctrl+Shift+PageUp/PageDown move, Ctrl+Shift+D duplicate, F2 rename, Alt+1…9 go to a tab.
window.addEventListener("keydown", (event) => {
  const ctrl = event.ctrlKey || event.metaKey;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  const active = workspace.active;
  let handled = true;
  if (ctrl && !event.shiftKey && key === "t") void newTab();
  else if (ctrl && event.shiftKey && key === "t") void reopenTab();
  else if (ctrl && !event.shiftKey && key === "w") void closeTab(active);
  else if (ctrl && isTab(event)) stepTab(event.shiftKey ? -1 : 1);
  else if (ctrl && !event.shiftKey && (key === "PageDown" || key === "PageUp")) stepTab(key === "PageDown" ? 1 : -1);
  else if (ctrl && event.shiftKey && (key === "PageDown" || key === "PageUp")) {
    moveTab(active, workspace.tabs.findIndex((open) => open.id === active) + (key === "PageDown" ? 1 : -1));
  } else if (ctrl && event.shiftKey && key === "d") void duplicateTab(active);
  else if (key === "F2" && !ctrl && !event.altKey) setRenaming(active);
  else if (ctrl && event.shiftKey && key === "e") showExplorer(!explorerOpen());
  else if (ctrl && !event.shiftKey && key === "h") showHistory(!historyOpen());
  else if (ctrl && key === "s") void saveDocument(event.shiftKey);
  else if (ctrl && event.shiftKey && key === "o") showProject(!projectOpen());
  else if (event.altKey && !ctrl && /^[1-9]$/.test(event.key)) {
    const tabs = workspace.tabs;
    const tab = event.key === "9" ? tabs[tabs.length - 1] : tabs[Number(event.key) - 1];
    if (tab) void activate(tab);
  } else handled = false;
  if (handled) {
    event.preventDefault();
    event.stopPropagation();
  }
}, { capture: true });

// Text typed in the last moments before the window closes is written now.
const flushTabs = () => {
  for (const open of workspace.tabs) if (editorsOf(open.id).saveTimer) void saveNow(open.id);
};
window.addEventListener("beforeunload", flushTabs);
window.addEventListener("pagehide", flushTabs);
document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") flushTabs(); });

/**
 * The tabs of last time, in order, with the one that was in front. On the first start with tabs,
 * the text this window kept before them (in the webview's storage) becomes the first tab.
 */
async function restoreTabs(): Promise<void> {
  let opened: ipc.TabsOpened = { tabs: [], active: null, notice: null };
  try {
    opened = await ipc.tabsOpen();
  } catch (error) {
    reportTabs(error);
  }
  if (opened.notice) setWorkspace("notice", opened.notice);
  setWorkspace("tabs", opened.tabs.map(openTab));
  if (workspace.tabs.length === 0) {
    const earlier = persist.load("endpointKind", "demo") === "url" ? persist.load("endpoint", "") : "";
    const first: TabState = {
      id: crypto.randomUUID(),
      title: null,
      document: persist.load("document", defaultQuery),
      variables: persist.load("variables", defaultVariables),
      endpoint: earlier ? { kind: "url", url: earlier } : { kind: "demo" },
      profile: null,
      headers: [],
      file: null,
    };
    await insertTab(first, 0);
    for (const key of ["document", "variables"]) persist.remove(key);
    return;
  }
  await activate(find(opened.active ?? "") ?? workspace.tabs[0]);
}

// Project folders. A tab opened from the sidebar is bound to its document (`file`, absolute):
// Ctrl+S writes it back exactly, with its variables beside it; the folder is watched, and an edit
// made outside comes into a tab without unsaved changes, or asks first in one with them.

async function openFolder(dir: string): Promise<void> {
  try {
    setProject(await ipc.projectOpen({ dir }));
    setProjectProblem(null);
  } catch (error) {
    setProjectProblem(ipc.asCommandError(error).message);
  }
}

async function closeProject(): Promise<void> {
  await ipc.projectClose().catch((error) => setProjectProblem(ipc.asCommandError(error).message));
  setProject(null);
}

/** Brings the document's tab forward, opening it in a new tab after the front one when none has it. */
async function openDocument(path: string): Promise<void> {
  const open = project();
  if (!open) return;
  const file = `${open.dir}/${path}`;
  const already = workspace.tabs.find((tab) => tab.file === file);
  if (already) return activate(already);
  let read: ipc.ProjectFile;
  try {
    read = await ipc.projectRead({ path });
  } catch (error) {
    setProjectProblem(ipc.asCommandError(error).message);
    return;
  }
  setProjectProblem(null);
  const front = current();
  // The project's default endpoint, when its URL can be read (its ${VAR}s are set).
  const endpoint = open.endpoints[0]?.resolved ? open.endpoints[0] : null;
  await insertTab({
    id: crypto.randomUUID(),
    title: null,
    document: read.text,
    variables: variablesShown(read.variables),
    endpoint: endpoint ? { kind: "url", url: endpoint.resolved! } : structuredClone(saved(front).endpoint),
    profile: endpoint ? endpoint.profile : front.profile,
    headers: [],
    file,
  }, workspace.tabs.findIndex((tab) => tab.id === front.id) + 1, { text: read.text, variables: read.variables });
}

/** Ctrl+S (`askName`: Ctrl+Shift+S): the front tab into its document, or into one named now. */
async function saveDocument(askName: boolean): Promise<void> {
  const tab = current();
  if (!tab.id) return;
  readEditors();
  const open = project();
  if (!open) {
    showProject(true);
    setProjectProblem("Open a project folder to save documents into it.");
    return;
  }
  const path = documentOf(tab);
  if (!path || askName) {
    setSaveAs({ id: tab.id, suggested: path ?? suggestedName(tab.document, open.documents), problem: null });
    return;
  }
  const problem = await writeDocument(tab.id, path, false);
  setWorkspace("notice", problem);
}

/** Writes the tab's text to `path` (`create`: a new file, never over another); what went wrong, if anything. */
async function writeDocument(id: string, path: string, create: boolean): Promise<string | null> {
  if (id === workspace.active) readEditors();
  const tab = find(id);
  const open = project();
  if (!tab || !open) return "The tab or the project closed meanwhile.";
  try {
    const written = await ipc.projectSave({ path, text: tab.document, variables: tab.variables, create });
    setProject(written.project);
    update(id, { file: `${open.dir}/${path}`, onDisk: { text: written.saved.text, variables: written.saved.variables }, diskNote: null });
  } catch (error) {
    return ipc.asCommandError(error).message;
  }
  await saveNow(id);
  return null;
}

async function submitSaveAs(typed: string): Promise<void> {
  const asked = saveAs();
  if (!asked) return;
  const path = documentPath(typed);
  if (!path) {
    setSaveAs({ ...asked, problem: "Type a file name, such as queries/me.graphql." });
    return;
  }
  let problem: string | null;
  if (asked.id !== null) problem = await writeDocument(asked.id, path, true);
  else {
    problem = await ipc.projectSave({ path, text: newTabDocument, variables: null, create: true })
      .then((written) => { setProject(written.project); return null; }, (error) => ipc.asCommandError(error).message);
    if (problem === null) {
      await openDocument(path);
      queryView.dispatch({ selection: { anchor: 4 } });
    }
  }
  if (problem) setSaveAs({ ...asked, problem });
  else setSaveAs(null);
}

async function renameDocument(from: string, to: string): Promise<void> {
  const open = project();
  if (!open) return;
  try {
    setProject(await ipc.projectRename({ from, to }));
    setProjectProblem(null);
  } catch (error) {
    setProjectProblem(ipc.asCommandError(error).message);
    return;
  }
  for (const tab of workspace.tabs.filter((open_) => open_.file === `${open.dir}/${from}`)) {
    update(tab.id, { file: `${open.dir}/${to}` });
    await saveNow(tab.id);
  }
}

/** Puts `disk`'s text into the tab (one change: Ctrl+Z brings the tab's back). */
function replaceTabText(id: string, disk: SavedText): void {
  const variables = variablesShown(disk.variables);
  if (id === workspace.active) {
    queryView.dispatch({ changes: { from: 0, to: queryView.state.doc.length, insert: disk.text }, userEvent: "input.disk" });
    variablesView?.dispatch({ changes: { from: 0, to: variablesView.state.doc.length, insert: variables }, userEvent: "input.disk" });
    readEditors();
  } else {
    update(id, { document: disk.text, variables });
    const editors = editorsOf(id);
    editors.query = null;
    editors.variables = null;
  }
  void saveNow(id);
}

async function readDisk(path: string): Promise<SavedText | null> {
  try {
    const read = await ipc.projectRead({ path });
    return { text: read.text, variables: read.variables };
  } catch {
    return null;
  }
}

const sameOnDisk = (a: SavedText | null, b: SavedText | null): boolean => a?.text === b?.text && a?.variables === b?.variables;

/**
 * A tab's document as it is on disk now: nothing to do when the tab knew it; taken in when the tab
 * has no unsaved changes; asked about when it has (`diskNote`). The first reading of a restored tab
 * only learns what the file holds: its text from last time stays, unsaved if it differs.
 */
async function followDisk(id: string, path: string): Promise<void> {
  const disk = await readDisk(path);
  const tab = find(id);
  if (!tab || documentOf(tab) !== path) return;
  if (id === workspace.active) readEditors();
  const known = tab.onDisk;
  if (!disk) {
    update(id, { onDisk: null, diskNote: "deleted" });
    return;
  }
  if (sameOnDisk(known, disk)) return;
  const editorsHoldIt = !unsaved(tab.document, tab.variables, disk);
  if (known === null || editorsHoldIt) {
    update(id, { onDisk: disk, diskNote: null });
  } else if (!unsaved(tab.document, tab.variables, known)) {
    replaceTabText(id, disk);
    update(id, { onDisk: disk, diskNote: null });
  } else {
    update(id, { diskNote: "changed" });
  }
}

/** The tab's answer to an edit on disk: its text replaced by the file's, or kept (Save then writes it over). */
async function reloadFromDisk(id: string, keepMine: boolean): Promise<void> {
  const tab = find(id);
  const path = tab ? documentOf(tab) : null;
  if (!path) return;
  const disk = await readDisk(path);
  if (!disk) {
    update(id, { onDisk: null, diskNote: "deleted" });
    return;
  }
  if (!keepMine) replaceTabText(id, disk);
  update(id, { onDisk: disk, diskNote: null });
  queryView.focus();
}

/**
 * Follows the open folder: Rust answers `project_changes` when something changed on disk (or
 * another folder opened), and each open document it touches is read again.
 */
async function followProject(): Promise<void> {
  let after = 0;
  let dir: string | null = null;
  for (;;) {
    let changes: ipc.ProjectChanges;
    try {
      changes = await ipc.projectChanges({ after });
    } catch (error) {
      setProjectProblem(`Edits made outside Sextant are no longer followed: ${ipc.asCommandError(error).message}`);
      return;
    }
    after = changes.generation;
    setProject(changes.project);
    const now = changes.project?.dir ?? null;
    const everything = changes.everything || now !== dir;
    dir = now;
    if (!now) continue;
    for (const tab of workspace.tabs) {
      const path = relativeTo(now, tab.file);
      if (path && (everything || touches(path, changes.paths))) void followDisk(tab.id, path);
    }
  }
}

// At start: the tabs of last time (a first tab of the Demo API on first run), the front one's
// endpoint, schema and budget. The mark (wall-clock time, for a benchmark that started the
// process) says the window is ready.
queryView.focus();
void restoreTabs().then(() => {
  performance.mark("sextant:interactive");
  document.documentElement.dataset.interactiveAtUnixMs = String(Date.now());
  // The folder given on the command line, else the one open last time; then its edits on disk.
  void ipc.projectCurrent().then(
    (current) => {
      setProject(current.project);
      if (current.launched) showProject(true);
    },
    (error) => {
      showProject(true);
      setProjectProblem(ipc.asCommandError(error).message);
    },
  ).finally(() => void followProject());
});
