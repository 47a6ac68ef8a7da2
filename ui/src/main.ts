// The window's UI: three editors, the endpoint bar, the response pane. State that must survive a
// restart goes through persist.ts; everything the Rust side answers goes through ipc.ts.

import { closeBrackets, closeBracketsKeymap, completionKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, indentOnInput } from "@codemirror/language";
import { forceLinting, lintKeymap } from "@codemirror/lint";
import { EditorState, type Extension } from "@codemirror/state";
import {
  drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers, tooltips,
} from "@codemirror/view";

import { graphql, notifySchemaChanged, prettify } from "./editor/graphql";
import { headersLint, json, variablesLint } from "./editor/json";
import { operationPicker } from "./editor/operations";
import * as ipc from "./ipc";
import * as persist from "./persist";
import { showError, showStatus } from "./schema-status";
import "./styles.css";

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} is missing from index.html`);
  return found as T;
}

const defaultQuery = `# Ctrl+Space completes, Shift+Ctrl+P prettifies, Ctrl+Enter runs.
query Project($id: ID!) {
  project(id: $id) {
    name
    services {
      name
      icon
    }
  }
}
`;
const defaultVariables = `{\n  "id": "demo-project"\n}\n`;
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
    keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap, ...lintKeymap, indentWithTab]),
  ];
}

/** Saves the editor's text under `key` whenever it changes. */
function persisted(key: string): Extension {
  return EditorView.updateListener.of((update) => {
    if (update.docChanged) persist.saveSoon(key, update.state.doc.toString());
  });
}

// Run: the key and the button both come here. Sending requests arrives with the network side;
// until then the button stays disabled and the key does nothing.
const runButton = element<HTMLButtonElement>("run");
function run(): boolean {
  if (runButton.disabled) return true;
  runButton.click();
  return true;
}

let variablesView: EditorView | null = null;
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
      persisted("document"),
      // The variables are checked against the query: check them again when it changes.
      EditorView.updateListener.of((update) => {
        if (update.docChanged && variablesView) forceLinting(variablesView);
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

const headersView = new EditorView({
  parent: element("headers-editor"),
  state: EditorState.create({
    doc: persist.load("headers", defaultHeaders),
    extensions: [
      keymap.of([{ key: "Mod-Enter", run, preventDefault: true }]),
      basics(),
      json(),
      headersLint(),
      persisted("headers"),
      EditorView.contentAttributes.of({ "aria-label": "Headers (JSON)", id: "headers-input" }),
    ],
  }),
});

// Variables and headers share the space under the query editor.
const tabs = [
  { tab: element("variables-tab"), panel: element("variables-editor"), view: variablesView },
  { tab: element("headers-tab"), panel: element("headers-editor"), view: headersView },
];
for (const { tab } of tabs) {
  tab.addEventListener("click", () => {
    for (const other of tabs) {
      const selected = other.tab === tab;
      other.tab.setAttribute("aria-selected", String(selected));
      other.panel.hidden = !selected;
      if (selected) other.view.requestMeasure();
    }
  });
}

element("prettify").addEventListener("click", () => {
  prettify(queryView);
  queryView.focus();
});

const endpoint = element<HTMLInputElement>("endpoint-url");
endpoint.value = persist.load("endpoint", "");
endpoint.addEventListener("input", () => persist.saveSoon("endpoint", endpoint.value));

// Schema: from a file the person picks (read here, parsed in Rust), or the built-in demo schema.
async function applySchema(loading: Promise<ipc.SchemaStatus>): Promise<void> {
  try {
    showStatus(await loading);
    notifySchemaChanged(queryView);
    if (variablesView) forceLinting(variablesView);
  } catch (error) {
    showError(ipc.asCommandError(error));
  }
}

const fileInput = element<HTMLInputElement>("schema-file");
element("load-schema").addEventListener("click", () => fileInput.click());
fileInput.addEventListener("change", async () => {
  const file = fileInput.files?.[0];
  fileInput.value = "";
  if (!file) return;
  await applySchema(file.text().then((text) => ipc.loadSchemaText({ fileName: file.name, text })));
});
element("use-demo-schema").addEventListener("click", () => void applySchema(ipc.useDemoSchema()));

window.addEventListener("beforeunload", () => {
  persist.flush(() => ({
    document: queryView.state.doc.toString(),
    variables: variablesView?.state.doc.toString() ?? "",
    headers: headersView.state.doc.toString(),
    endpoint: endpoint.value,
  }));
});

// At start: the schema the Rust side already holds (the page was reloaded), else the demo schema.
ipc.schemaStatus().then(
  (status) => (status ? applySchema(Promise.resolve(status)) : applySchema(ipc.useDemoSchema())),
  (error) => showError(ipc.asCommandError(error)),
);
queryView.focus();
