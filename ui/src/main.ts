// The window's UI: three editors, the endpoint bar, the response pane, the rate-limit panel.
// State that must survive a restart goes through persist.ts (the budgets, profiles and schema
// cache are the Rust side's); everything the Rust side answers goes through ipc.ts.

import { closeBrackets, closeBracketsKeymap, completionKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, indentOnInput } from "@codemirror/language";
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
      ...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, ...completionKeymap, ...lintKeymap, indentWithTab,
    ]),
  ];
}

/** Saves the editor's text under `key` whenever it changes. */
function persisted(key: string): Extension {
  return EditorView.updateListener.of((update) => {
    if (update.docChanged) persist.saveSoon(key, update.state.doc.toString());
  });
}

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

const queryView = new EditorView({
  parent: element("query-editor"),
  state: EditorState.create({
    doc: persist.load("document", defaultQuery),
    extensions: [
      keymap.of([{ key: "Mod-Enter", run, preventDefault: true }]),
      basics(),
      graphql(),
      picker.extension,
      problemsList,
      persisted("document"),
      // The variables are checked against the query: check them again once typing in it pauses
      // (at once would put a round trip beside every keystroke's completion).
      EditorView.updateListener.of((update) => {
        if (!update.docChanged) return;
        clearTimeout(recheckVariables);
        recheckVariables = window.setTimeout(() => { if (variablesView) forceLinting(variablesView); }, 300);
      }),
      EditorView.contentAttributes.of({ "aria-label": "Query editor", id: "query-input" }),
    ],
  }),
});

variablesView = new EditorView({
  parent: element("variables-editor"),
  state: EditorState.create({
    doc: persist.load("variables", defaultVariables),
    extensions: [
      keymap.of([{ key: "Mod-Enter", run, preventDefault: true }]),
      basics(),
      json(),
      variablesLint(() => ({ document: queryView.state.doc.toString(), operationName: picker.picker.selected() })),
      persisted("variables"),
      EditorView.contentAttributes.of({ "aria-label": "Variables (JSON)", id: "variables-input" }),
    ],
  }),
});

// Headers typed by hand belong to one origin: the editor shows the current endpoint's, and a
// credential among them (Authorization, *-Token, *-Key, Cookie…) is never written to disk; the
// Rust side says which they are and what text may be kept. The text before this rule (one text
// for every endpoint, credentials included) is dropped.
persist.remove("headers");
const headersByOrigin = new Map<string, string>();
let headersOrigin: string | null = null;
let headersKeptTimer = 0;
/** The text of the current origin's headers that may be kept on disk, once known. */
let headersKeepable: string | null = null;

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
        headersByOrigin.set(headersOrigin, update.state.doc.toString());
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
  if (kept.keepableJson !== null && origin !== null) {
    headersKeepable = kept.keepableJson;
    persist.save(`headers:${origin}`, kept.keepableJson);
  }
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

/** Shows the headers of `origin` (those typed in this session, else those kept on disk). */
function showHeadersOf(origin: string | null): void {
  if (origin === headersOrigin) return;
  clearTimeout(headersKeptTimer);
  headersOrigin = origin;
  const text = origin === null ? defaultHeaders : headersByOrigin.get(origin) ?? persist.load(`headers:${origin}`, defaultHeaders);
  headersKeepable = null;
  headersView.dispatch({ changes: { from: 0, to: headersView.state.doc.length, insert: text } });
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
const tabs = [
  { tab: element("variables-tab"), panel: element("variables-editor"), view: variablesView },
  { tab: element("headers-tab"), panel: element("headers-editor"), view: headersView },
];
function showInputTab(tab: HTMLElement): void {
  for (const other of tabs) {
    const selected = other.tab === tab;
    other.tab.setAttribute("aria-selected", String(selected));
    other.panel.hidden = !selected;
    if (selected) other.view.requestMeasure();
  }
}
for (const { tab } of tabs) tab.addEventListener("click", () => showInputTab(tab));

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
let inFlight = false;
const rateLimit = new RateLimitPanel((closed) => {
  runButton.disabled = inFlight || closed;
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

async function send(overrideRateLimit: boolean): Promise<void> {
  const to = target();
  if (!to || inFlight) return;
  inFlight = true;
  runButton.disabled = true;
  cancelButton.hidden = false;
  pane.pending();
  try {
    const result = await ipc.run({
      ...to,
      document: queryView.state.doc.toString(),
      // Rust runs the operation under the cursor, else the picker's, on the document as it is now.
      cursorUtf16: queryView.state.selection.main.head,
      operationName: picker.picker.selected(),
      variablesJson: variablesView?.state.doc.toString() ?? "",
      overrideRateLimit,
    });
    pane.show(result);
    inFlight = false;
    rateLimit.show(result.rateLimit, result.warning);
  } catch (error) {
    const failure = ipc.asCommandError(error);
    pane.showMessage(failure.message);
    if (failure.kind === "invalidVariables") showVariablesLine(failure.line);
    inFlight = false;
    // Refused by the gate: the panel shows why and until when.
    rateLimit.show(await ipc.rateLimit(to).catch(() => null));
  } finally {
    inFlight = false;
    cancelButton.hidden = true;
    runButton.disabled = rateLimit.closedUntil() !== null;
  }
}
runButton.addEventListener("click", () => void send(false));
element("run-override").addEventListener("click", () => void send(true));
cancelButton.addEventListener("click", () => void ipc.cancelRun());

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

// Text typed in the last moments before the window closes is written now.
const flushEditors = () => {
  persist.flush(() => ({
    document: queryView.state.doc.toString(),
    variables: variablesView?.state.doc.toString() ?? "",
  }));
  // Headers are kept only as the Rust side last cleared them (never with a credential).
  if (headersOrigin !== null && headersKeepable !== null) persist.save(`headers:${headersOrigin}`, headersKeepable);
};
window.addEventListener("beforeunload", flushEditors);
window.addEventListener("pagehide", flushEditors);
document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") flushEditors(); });

// At start: the endpoint of last time (the Demo API on first run), its schema and its budget.
// The mark (wall-clock time, for a benchmark that started the process) says the window is ready.
queryView.focus();
void bar.apply().then(() => {
  performance.mark("sextant:interactive");
  document.documentElement.dataset.interactiveAtUnixMs = String(Date.now());
});
