// The window's UI: tabs, each with three editors' text, an endpoint and profile, headers and a last
// response; the endpoint bar, the response pane, the rate-limit panel. Tabs are saved by the Rust
// side (SQLite in the state directory) as they change; small choices (the theme, URLs used before)
// go through persist.ts; everything the Rust side answers goes through ipc.ts.

import { closeBrackets, closeBracketsKeymap, completionKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, foldGutter, foldKeymap, indentOnInput } from "@codemirror/language";
import { forEachDiagnostic, forceLinting, lintKeymap, setDiagnosticsEffect } from "@codemirror/lint";
import { search, searchKeymap } from "@codemirror/search";
import { EditorState, type Extension } from "@codemirror/state";
import {
  drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers, tooltips,
} from "@codemirror/view";

import { graphql, notifySchemaChanged, prettify } from "./editor/graphql";
import { headersLint, json, variablesLint } from "./editor/json";
import { operationPicker } from "./editor/operations";
import * as ipc from "./ipc";
import * as persist from "./persist";
import { EndpointBar } from "./endpoint";
import { RateLimitPanel } from "./rate-limit";
import { ResponsePane } from "./response/pane";
import { showError, showLoading, showStatus } from "./schema-status";
import { afterClose, isTab, moved, sameEndpoint, stepped, TabStrip, tabTitle } from "./tabs";
import type { TabState } from "./generated/TabState";
import type { RunResult } from "./ipc";
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

/** Colors and sizes from styles.css, so that the OS's light or dark choice applies. */
const theme = EditorView.theme({
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
    theme,
    // Ctrl+F opens Find (and Replace) above the editor; F3 and Ctrl+G go to the next match.
    search({ top: true }),
    keymap.of([
      ...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...foldKeymap, ...historyKeymap, ...completionKeymap, ...lintKeymap, indentWithTab,
    ]),
  ];
}

/** Saves the front tab soon whenever the editor's text changes. */
const savedAsTyped: Extension = EditorView.updateListener.of((update) => {
  if (update.docChanged) saveSoon(current);
});

// Run: the key and the button both come here; a disabled Run (a request in flight, the
// rate-limit gate closed) sends nothing either way.
const runButton = element<HTMLButtonElement>("run");
function run(): boolean {
  if (!runButton.disabled) runButton.click();
  return true;
}

/** The query editor's diagnostics, listed under it as text; a click (or Enter) on one goes there. */
const problemsList = EditorView.updateListener.of((update) => {
  if (!update.transactions.some((tr) => tr.effects.some((effect) => effect.is(setDiagnosticsEffect)))) return;
  const items: HTMLLIElement[] = [];
  forEachDiagnostic(update.state, (diagnostic, from) => {
    const item = document.createElement("li");
    item.dataset.severity = diagnostic.severity;
    item.dataset.from = String(from);
    item.tabIndex = 0;
    const line = update.state.doc.lineAt(Math.min(from, update.state.doc.length));
    item.textContent = `${line.number}:${from - line.from + 1} ${diagnostic.message}`;
    item.title = `${diagnostic.message} (click to go there)`;
    items.push(item);
  });
  element("problems").replaceChildren(...items);
});

function goToProblem(item: HTMLElement): void {
  const at = Math.min(Number(item.dataset.from ?? 0), queryView.state.doc.length);
  queryView.dispatch({ selection: { anchor: at }, scrollIntoView: true });
  queryView.focus();
}
element("problems").addEventListener("click", (event) => {
  const item = (event.target as HTMLElement).closest<HTMLElement>("li[data-from]");
  if (item) goToProblem(item);
});
element("problems").addEventListener("keydown", (event) => {
  const item = (event.target as HTMLElement).closest<HTMLElement>("li[data-from]");
  if (item && event.key === "Enter") goToProblem(item);
});

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
  graphql(),
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
      EditorView.updateListener.of((update) => {
        if (!update.docChanged || headersOrigin === null) return;
        current.headers.set(headersOrigin, update.state.doc.toString());
        saveSoon(current);
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
  const notice = element("headers-credential");
  notice.hidden = kept.credentialNames.length === 0;
  if (kept.credentialNames.length > 0) {
    const names = kept.credentialNames.join(", ");
    element("headers-credential-text").textContent =
      `${names} ${kept.credentialNames.length === 1 ? "looks" : "look"} like a credential: sent only to ${origin}, ` +
      "and not kept when Sextant closes. A token profile keeps it in the OS keychain.";
    notice.dataset.header = kept.credentialNames[0];
  }
}

/** Shows the front tab's headers for `origin`. */
function showHeadersOf(origin: string | null): void {
  clearTimeout(headersKeptTimer);
  headersOrigin = null;
  const text = origin === null ? defaultHeaders : current.headers.get(origin) ?? defaultHeaders;
  // Set before `headersOrigin`: showing a tab's headers is no edit of them.
  headersView.dispatch({ changes: { from: 0, to: headersView.state.doc.length, insert: text } });
  headersOrigin = origin;
  void keepHeaders();
}

element("headers-to-profile").addEventListener("click", () => {
  const headerName = element("headers-credential").dataset.header ?? "";
  let value = "";
  try {
    const headers = JSON.parse(headersView.state.doc.toString()) as Record<string, unknown>;
    const found = Object.entries(headers).find(([name]) => name === headerName);
    if (typeof found?.[1] === "string") value = found[1];
  } catch { /* the notice is only shown for valid headers */ }
  bar.openDialog({ headerName, value });
});

// Variables and headers share the space under the query editor.
const inputTabs = [
  { tab: element("variables-tab"), panel: element("variables-editor"), view: variablesView },
  { tab: element("headers-tab"), panel: element("headers-editor"), view: headersView },
];
function showInputTab(tab: HTMLElement): void {
  for (const other of inputTabs) {
    const selected = other.tab === tab;
    other.tab.setAttribute("aria-selected", String(selected));
    other.panel.hidden = !selected;
    if (selected) other.view.requestMeasure();
  }
}
for (const { tab } of inputTabs) tab.addEventListener("click", () => showInputTab(tab));

/** Bad variables: the Variables editor comes forward with its cursor on the line at fault. */
function showVariablesLine(line: number): void {
  if (!variablesView) return;
  showInputTab(element("variables-tab"));
  const doc = variablesView.state.doc;
  const at = doc.line(Math.min(Math.max(line, 1), doc.lines)).from;
  variablesView.dispatch({ selection: { anchor: at }, scrollIntoView: true });
}

element("prettify").addEventListener("click", () => {
  prettify(queryView);
  queryView.focus();
});

// Requests: the endpoint bar says where and as whom, the panes show what came back.
const pane = new ResponsePane();
const cancelButton = element<HTMLButtonElement>("cancel-run");
const rateLimit = new RateLimitPanel((closed) => {
  runButton.disabled = current.running || closed;
  runButton.title = closed ? "The rate limit says wait (see the panel); Send anyway overrides" : "Run (Ctrl+Enter)";
});
const bar = new EndpointBar(endpointChanged);
// A profile saved from a typed header takes that header over: it leaves the Headers editor.
bar.onHeaderMoved = (headerName) => {
  try {
    const headers = JSON.parse(headersView.state.doc.toString()) as Record<string, string>;
    delete headers[headerName];
    const text = `${JSON.stringify(headers, null, 2)}\n`;
    headersView.dispatch({ changes: { from: 0, to: headersView.state.doc.length, insert: text } });
  } catch { /* left as typed */ }
};

/** Where requests go now, as whom, with the headers typed for that endpoint. */
function target(): ipc.EndpointRequest | null {
  const chosen = bar.target();
  return chosen ? { ...chosen, headersJson: headersView.state.doc.toString() } : null;
}

/** Run and Cancel as the front tab's request says. */
function showRunState(): void {
  runButton.disabled = current.running || rateLimit.closedUntil() !== null;
  cancelButton.hidden = !current.running;
}

async function send(overrideRateLimit: boolean): Promise<void> {
  const to = target();
  // The tab that runs: its answer is its own, also when another tab is in front by then.
  const tab = current;
  if (!to || tab.running) return;
  tab.running = true;
  tab.notSent = null;
  showRunState();
  showTabs();
  pane.pending();
  try {
    const result = await ipc.run({
      tab: tab.state.id,
      ...to,
      document: queryView.state.doc.toString(),
      // Rust runs the operation under the cursor, else the picker's, on the document as it is now.
      cursorUtf16: queryView.state.selection.main.head,
      operationName: picker.picker.selected(),
      variablesJson: variablesView?.state.doc.toString() ?? "",
      overrideRateLimit,
    });
    tab.result = result;
    tab.running = false;
    if (tab === current) {
      pane.show(result);
      rateLimit.show(result.rateLimit, result.warning);
    }
  } catch (error) {
    const failure = ipc.asCommandError(error);
    tab.result = null;
    tab.notSent = failure.message;
    tab.running = false;
    if (tab === current) {
      pane.showMessage(failure.message);
      if (failure.kind === "invalidVariables") showVariablesLine(failure.line);
      // Refused by the gate: the panel shows why and until when.
      rateLimit.show(await ipc.rateLimit(to).catch(() => null));
    }
  } finally {
    tab.running = false;
    if (tab === current) showRunState();
    showTabs();
  }
}
runButton.addEventListener("click", () => void send(false));
element("run-override").addEventListener("click", () => void send(true));
cancelButton.addEventListener("click", () => void ipc.cancelRun({ tab: current.state.id }));

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
    showStatus(status, bar.demo());
  } catch (error) {
    if (request !== schemaRequest) return;
    const failure = ipc.asCommandError(error);
    if (failure.kind === "schemaFetchCancelled") showStatus(null, bar.demo());
    else showError(failure);
  }
  notifySchemaChanged(queryView);
  if (variablesView) forceLinting(variablesView);
}

async function fetchSchema(refresh: boolean, overrideRateLimit = false): Promise<void> {
  const to = target();
  if (!to) return;
  const button = element<HTMLButtonElement>("refresh-schema");
  const cancel = element<HTMLButtonElement>("cancel-schema");
  button.disabled = true;
  cancel.hidden = false;
  showLoading(to.endpoint, refresh, bar.demo());
  const fetch = ++schemaFetches;
  await applySchema(ipc.fetchSchema({ ...to, refresh, overrideRateLimit }));
  // A newer fetch (another endpoint) has the buttons now.
  if (fetch !== schemaFetches) return;
  button.disabled = false;
  cancel.hidden = true;
  rateLimit.show(await ipc.rateLimit(to).catch(() => null));
}
element("cancel-schema").addEventListener("click", () => void ipc.cancelSchemaFetch());

async function endpointChanged(): Promise<void> {
  const chosen = bar.target();
  if (chosen) {
    const endpoint = bar.choice();
    if (!sameEndpoint(endpoint, current.state.endpoint) || chosen.profile !== current.state.profile) {
      current.state.endpoint = endpoint;
      current.state.profile = chosen.profile;
      // At once: a choice made rarely must survive a close that comes right after it.
      void saveNow(current);
    }
  }
  showHeadersOf(bar.origin());
  const to = target();
  rateLimit.show(to ? await ipc.rateLimit(to).catch(() => null) : null);
  await fetchSchema(false);
}

element("refresh-schema").addEventListener("click", () => void fetchSchema(true));
element("refresh-override").addEventListener("click", () => void fetchSchema(true, true));
const fileInput = element<HTMLInputElement>("schema-file");
element("load-schema").addEventListener("click", () => fileInput.click());
fileInput.addEventListener("change", async () => {
  const file = fileInput.files?.[0];
  fileInput.value = "";
  if (!file) return;
  await applySchema(file.text().then((text) => ipc.loadSchemaText({ fileName: file.name, text })));
});

// While an editor has the keyboard, the hint says how Tab behaves there (a class set on focus
// changes: a `:has()` rule would be matched again on every change to the editors' DOM).
const queryPane = element("query-pane");
queryPane.addEventListener("focusin", () => queryPane.classList.toggle("editing", !!document.activeElement?.closest(".cm-editor")));
queryPane.addEventListener("focusout", (event) => {
  const to = event.relatedTarget as Element | null;
  queryPane.classList.toggle("editing", !!to?.closest?.(".cm-editor") && queryPane.contains(to));
});

// The theme: the system's unless chosen here.
const themeChoice = element<HTMLSelectElement>("theme");
function applyTheme(choice: string): void {
  themeChoice.value = choice === "light" || choice === "dark" ? choice : "system";
  if (themeChoice.value === "system") delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = themeChoice.value;
}
applyTheme(persist.load("theme", "system"));
themeChoice.addEventListener("change", () => {
  applyTheme(themeChoice.value);
  persist.save("theme", themeChoice.value);
});

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
interface OpenTab {
  state: TabState;
  query: EditorState | null;
  variables: EditorState | null;
  headers: Map<string, string>;
  result: RunResult | null;
  /** Why the last Run sent nothing. */
  notSent: string | null;
  running: boolean;
  saveTimer: number;
}
const saveDelayMs = 250;
const newTabDocument = "{\n  \n}\n";

function openTab(state: TabState): OpenTab {
  return {
    state,
    query: null,
    variables: null,
    headers: new Map(state.headers.map((kept) => [kept.origin, kept.headersJson])),
    result: null,
    notSent: null,
    running: false,
    saveTimer: 0,
  };
}

let tabs: OpenTab[] = [];
/** Whether the endpoint bar has applied a tab's endpoint yet (at start it shows none). */
let barApplied = false;
// Until the saved tabs are read: a tab of the defaults, never saved.
let current: OpenTab = openTab({
  id: "", title: null, document: defaultQuery, variables: defaultVariables, endpoint: { kind: "demo" }, profile: null, headers: [],
});

/**
 * Tab writes due or on their way to the store, counted on the root element (`data-tab-writes`):
 * a test that restarts the app waits for 0 rather than racing the last write.
 */
let tabWrites = 0;
function showTabWrites(): void {
  document.documentElement.dataset.tabWrites = String(tabWrites + tabs.filter((tab) => tab.saveTimer).length);
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
  const notice = element("tabs-notice");
  notice.textContent = ipc.asCommandError(error).message;
  notice.title = notice.textContent;
  notice.hidden = false;
}

/** The tab's state with the front tab's editors read into it. */
function snapshot(tab: OpenTab): TabState {
  if (tab === current) {
    tab.state.document = queryView.state.doc.toString();
    tab.state.variables = variablesView?.state.doc.toString() ?? "";
  }
  tab.state.headers = [...tab.headers].map(([origin, headersJson]) => ({ origin, headersJson }));
  return tab.state;
}

function saveSoon(tab: OpenTab): void {
  if (!tab.state.id || tab.saveTimer) return;
  tab.saveTimer = window.setTimeout(() => void saveNow(tab), saveDelayMs);
  showTabWrites();
}

async function saveNow(tab: OpenTab): Promise<void> {
  clearTimeout(tab.saveTimer);
  tab.saveTimer = 0;
  showTabWrites();
  if (!tab.state.id || !tabs.includes(tab)) return;
  await writing(ipc.tabSave(snapshot(tab)));
  showTabs();
}

const strip = new TabStrip({
  select: (id) => { const tab = tabs.find((open) => open.state.id === id); if (tab) void activate(tab); },
  close: (id) => void closeTab(id),
  create: () => void newTab(),
  duplicate: (id) => void duplicateTab(id),
  rename: (id, title) => {
    const tab = tabs.find((open) => open.state.id === id);
    if (tab) { tab.state.title = title; void saveNow(tab); }
    queryView.focus();
  },
  move: (id, to) => moveTab(id, to),
});

function showTabs(): void {
  strip.show(
    tabs.map((tab) => ({
      id: tab.state.id,
      title: tabTitle({ title: tab.state.title, document: tab === current ? queryView.state.doc.toString() : tab.state.document }),
      running: tab.running,
    })),
    current.state.id,
  );
}

function saveOrder(): void {
  void writing(ipc.tabsOrder({ ids: tabs.map((tab) => tab.state.id), active: current.state.id }));
}

/** Brings `tab` forward: its editors, headers, response, endpoint and profile. */
async function activate(tab: OpenTab): Promise<void> {
  if (tab === current && current.query) return;
  if (current.state.id && tabs.includes(current)) {
    snapshot(current);
    current.query = queryView.state;
    current.variables = variablesView?.state ?? null;
  }
  current = tab;
  queryView.setState(tab.query ?? EditorState.create({ doc: tab.state.document, extensions: queryExtensions }));
  variablesView?.setState(tab.variables ?? EditorState.create({ doc: tab.state.variables, extensions: variablesExtensions }));
  tab.query = queryView.state;
  if (tab.running) pane.pending();
  else if (tab.result) pane.show(tab.result);
  else if (tab.notSent !== null) pane.showMessage(tab.notSent);
  else pane.clear();
  if (tab.result && !tab.running && tab.result.outcome.kind !== "failure") {
    const result = tab.result;
    void ipc.responseKept({ responseId: result.responseId, from: 0, to: 0 }).then((kept) => {
      if (!kept && current === tab && tab.result === result) pane.showLetGo(result);
    });
  }
  showRunState();
  showTabs();
  saveOrder();
  queryView.focus();
  if (barApplied && bar.shows(tab.state.endpoint, tab.state.profile)) {
    showHeadersOf(bar.origin());
    notifySchemaChanged(queryView);
  } else {
    barApplied = true;
    await bar.choose(tab.state.endpoint, tab.state.profile);
  }
}

async function insertTab(state: TabState, position: number): Promise<void> {
  const tab = openTab(state);
  tabs.splice(position, 0, tab);
  await writing(ipc.tabInsert({ tab: state, position }));
  await activate(tab);
}

function newTab(): Promise<void> {
  const at = tabs.indexOf(current) + 1;
  return insertTab({
    id: crypto.randomUUID(),
    title: null,
    document: newTabDocument,
    variables: "{}\n",
    // A new tab goes where the one in front goes, as the same person.
    endpoint: current.state.endpoint,
    profile: current.state.profile,
    headers: [],
  }, at).then(() => queryView.dispatch({ selection: { anchor: 4 } }));
}

async function duplicateTab(id: string): Promise<void> {
  const tab = tabs.find((open) => open.state.id === id);
  if (!tab) return;
  const state = snapshot(tab);
  await insertTab({ ...structuredClone(state), id: crypto.randomUUID(), title: state.title ? `${state.title} (copy)` : null }, tabs.indexOf(tab) + 1);
}

async function closeTab(id: string): Promise<void> {
  const at = tabs.findIndex((open) => open.state.id === id);
  if (at < 0) return;
  const tab = tabs[at];
  // What was typed last goes with it, so that reopening brings it back whole.
  await saveNow(tab);
  tabs.splice(at, 1);
  await writing(ipc.tabClose({ tab: id }));
  if (tabs.length === 0) await newTab();
  else if (tab === current) await activate(tabs[afterClose(tabs.length + 1, at)]);
  else { showTabs(); saveOrder(); }
}

async function reopenTab(): Promise<void> {
  const at = tabs.indexOf(current) + 1;
  const state = await ipc.tabReopen({ position: at }).catch((error) => { reportTabs(error); return null; });
  if (!state) return;
  const tab = openTab(state);
  tabs.splice(at, 0, tab);
  await activate(tab);
}

function moveTab(id: string, to: number): void {
  const from = tabs.findIndex((open) => open.state.id === id);
  if (from < 0) return;
  tabs = moved(tabs, from, to);
  showTabs();
  saveOrder();
}

function stepTab(step: number): void {
  if (tabs.length > 1) void activate(tabs[stepped(tabs.length, tabs.indexOf(current), step)]);
}

// Tab shortcuts, before the editors see the keys (capture): Ctrl+T new, Ctrl+W close,
// Ctrl+Shift+T reopen, Ctrl+Tab and Ctrl+PageDown next (with Shift, or PageUp: previous),
// Ctrl+Shift+PageUp/PageDown move, Ctrl+Shift+D duplicate, F2 rename, Alt+1…9 go to a tab.
window.addEventListener("keydown", (event) => {
  const ctrl = event.ctrlKey || event.metaKey;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  let handled = true;
  if (ctrl && !event.shiftKey && key === "t") void newTab();
  else if (ctrl && event.shiftKey && key === "t") void reopenTab();
  else if (ctrl && !event.shiftKey && key === "w") void closeTab(current.state.id);
  else if (ctrl && isTab(event)) stepTab(event.shiftKey ? -1 : 1);
  else if (ctrl && !event.shiftKey && (key === "PageDown" || key === "PageUp")) stepTab(key === "PageDown" ? 1 : -1);
  else if (ctrl && event.shiftKey && (key === "PageDown" || key === "PageUp")) {
    moveTab(current.state.id, tabs.indexOf(current) + (key === "PageDown" ? 1 : -1));
  } else if (ctrl && event.shiftKey && key === "d") void duplicateTab(current.state.id);
  else if (key === "F2" && !ctrl && !event.altKey) strip.startRename(current.state.id);
  else if (event.altKey && !ctrl && /^[1-9]$/.test(event.key)) {
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
  for (const tab of tabs) if (tab.saveTimer) void saveNow(tab);
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
  if (opened.notice) reportTabs({ kind: "unavailable", message: opened.notice });
  tabs = opened.tabs.map(openTab);
  if (tabs.length === 0) {
    const earlier = persist.load("endpointKind", "demo") === "url" ? persist.load("endpoint", "") : "";
    const first: TabState = {
      id: crypto.randomUUID(),
      title: null,
      document: persist.load("document", defaultQuery),
      variables: persist.load("variables", defaultVariables),
      endpoint: earlier ? { kind: "url", url: earlier } : { kind: "demo" },
      profile: null,
      headers: [],
    };
    await insertTab(first, 0);
    for (const key of ["document", "variables"]) persist.remove(key);
    return;
  }
  await activate(tabs.find((tab) => tab.state.id === opened.active) ?? tabs[0]);
}

// At start: the tabs of last time (a first tab of the Demo API on first run), the front one's
// endpoint, schema and budget. The mark (wall-clock time, for a benchmark that started the
// process) says the window is ready.
queryView.focus();
void restoreTabs().then(() => {
  performance.mark("sextant:interactive");
  document.documentElement.dataset.interactiveAtUnixMs = String(Date.now());
});
