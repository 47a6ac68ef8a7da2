// The GraphQL editor as one bundle: `graphql()` is highlighting + completion + lint + hover +
// prettify. Everything that needs the schema is a round trip to the Rust engine (src/ipc.ts);
// positions are CodeMirror's UTF-16 offsets on both sides of the call (src-tauri converts them).
//
// Round trips never show stale answers: lint and hover remember the document they asked about and
// drop an answer when the document has changed since; completion answers every keystroke (most from
// a list fetched ahead, see `lookAhead`) and CodeMirror maps or drops an answer that the typing since
// has outdated. Lint is debounced.

import {
  autocompletion,
  startCompletion,
  type Completion,
  type CompletionContext,
  type CompletionResult,
} from "@codemirror/autocomplete";
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { forceLinting, linter, type Diagnostic as LintDiagnostic } from "@codemirror/lint";
import { StateEffect, StateField, type EditorState, type Extension, type Text } from "@codemirror/state";
import { EditorView, ViewPlugin, hoverTooltip, keymap, type Tooltip, type ViewUpdate } from "@codemirror/view";
import { tags } from "@lezer/highlight";

import * as ipc from "../ipc";
import type { CompletionItem } from "../generated/CompletionItem";
import { rank } from "./ranking";
import { graphqlLanguage, graphqlLanguageData } from "./language";

/** Tells the editor that the schema changed: lint runs again. */
export const schemaChanged = StateEffect.define<null>();

/** Counts schema changes, so that the linter knows when to run although the text did not change. */
const schemaGeneration = StateField.define<number>({
  create: () => 0,
  update(generation, transaction) {
    return transaction.effects.some((effect) => effect.is(schemaChanged)) ? generation + 1 : generation;
  },
});

/** Call after loading a schema. */
export function notifySchemaChanged(view: EditorView): void {
  view.dispatch({ effects: schemaChanged.of(null) });
  forceLinting(view);
}

// Completion answers every keystroke with no pause: the list should be on screen in the frame after
// the key. Lint waits for typing to pause.
const lintDelayMs = 250;

/** CodeMirror's icon names for the engine's completion kinds. */
const completionIcon: Record<CompletionItem["kind"], string> = {
  field: "property",
  argument: "variable",
  enumValue: "enum",
  value: "constant",
  inputField: "property",
  variable: "variable",
  type: "type",
  directive: "keyword",
  fragment: "function",
  keyword: "keyword",
};

interface SchemaCompletion extends Completion {
  /** The text a typed word is matched against (the engine's `filter`). */
  filter: string;
  deprecated: boolean;
}

/** The description and deprecation reason, as text nodes only: schemas are untrusted. */
function describe(description: string | null, deprecationReason: string | null): HTMLElement | null {
  if (!description && !deprecationReason) return null;
  const dom = document.createElement("div");
  dom.className = "cm-graphql-info";
  if (deprecationReason) {
    const deprecated = document.createElement("p");
    deprecated.className = "cm-graphql-deprecated";
    deprecated.textContent = `Deprecated: ${deprecationReason}`;
    dom.append(deprecated);
  }
  if (description) {
    const text = document.createElement("p");
    text.textContent = description;
    dom.append(text);
  }
  return dom;
}

function toCompletion(item: CompletionItem): SchemaCompletion {
  return {
    label: item.label,
    type: completionIcon[item.kind],
    detail: item.detail ?? undefined,
    info: item.description || item.deprecationReason
      ? () => describe(item.description, item.deprecationReason)
      : undefined,
    filter: item.filter,
    deprecated: item.deprecated,
  };
}

const completionMeasures = new Map<string, number>();

/** Records a timing since `start` under `measure`; the page keeps the last 1,000 of each. */
function timed(measure: string, start: number): void {
  performance.measure(measure, { start });
  const count = (completionMeasures.get(measure) ?? 0) + 1;
  completionMeasures.set(measure, count);
  if (count % 1000 === 0) performance.clearMeasures(measure);
}

/**
 * One completion round trip to Rust, timed under `measure` for the app benchmark and the end-to-end
 * tests: `sextant:complete` when a key waits for it, `sextant:complete-ahead` when fetched ahead
 * (a key that waits for a list fetched ahead is timed as `sextant:complete-waited`).
 */
async function askEngine(document: string, cursorUtf16: number, measure: string): Promise<ipc.CompletionList | null> {
  try {
    const asked = performance.now();
    const list = await ipc.complete({ document, cursorUtf16 });
    timed(measure, asked);
    return list;
  } catch {
    return null; // No schema yet: nothing to offer.
  }
}

// Typing a name must not wait for a round trip: when the cursor comes to rest where a name could
// start, the engine's whole list for that spot is fetched ahead, and each key of the name typed
// there is answered in the page by the engine's ranking (./ranking.ts), as is Ctrl+Space there
// before any letter. Anything else (a name typed in the middle of another, `$variables`,
// `@directives`) asks the engine.

const nameCharacter = /[_0-9A-Za-z]/;

/** The engine's list where a name may start: for `document` with the cursor at `at`. */
interface Ahead {
  document: string;
  at: number;
  options: Promise<SchemaCompletion[] | null>;
  ready?: SchemaCompletion[] | null;
}

/** Where the cursor rests if a name could start there (not inside or right after a name). */
function nameStart(state: EditorState): number | null {
  const { main } = state.selection;
  if (!main.empty) return null;
  const before = main.head > 0 ? state.doc.sliceString(main.head - 1, main.head) : "";
  const after = state.doc.sliceString(main.head, main.head + 1);
  if (/[_0-9A-Za-z$@]/.test(before) || nameCharacter.test(after)) return null;
  return main.head;
}

const lookAhead = ViewPlugin.fromClass(class {
  // Nothing is fetched at start: there is no schema yet, and loading one is an update.
  ahead: Ahead | null = null;

  update(update: ViewUpdate) {
    const schemaChanged = update.startState.field(schemaGeneration) !== update.state.field(schemaGeneration);
    if (schemaChanged) this.ahead = null;
    if (update.docChanged || update.selectionSet || schemaChanged) this.fetch(update.state);
  }

  fetch(state: EditorState) {
    const at = nameStart(state);
    if (at === null) return;
    const document = state.doc.toString();
    if (this.ahead && this.ahead.at === at && this.ahead.document === document) return;
    const ahead: Ahead = {
      document,
      at,
      options: askEngine(document, at, "sextant:complete-ahead").then((list) => {
        // Empty-prefix answers from the engine start at the cursor; any other answer is not one
        // the page can rank, so those keys ask the engine.
        const options = list && list.from === at && list.to === at ? list.items.map(toCompletion) : null;
        ahead.ready = options;
        return options;
      }),
    };
    this.ahead = ahead;
  }

  /** The list fetched for the document as it was before `word` (from..to) was typed, if any. */
  lookup(state: EditorState, from: number, to: number): Ahead | null {
    const ahead = this.ahead;
    if (!ahead || ahead.at !== from || nameCharacter.test(state.doc.sliceString(to, to + 1))) return null;
    const doc = state.doc;
    if (doc.length - (to - from) !== ahead.document.length) return null;
    return doc.sliceString(0, from) === ahead.document.slice(0, from) && doc.sliceString(to) === ahead.document.slice(from)
      ? ahead
      : null;
  }
});

function ranked(
  context: CompletionContext,
  options: SchemaCompletion[],
  word: { from: number; to: number; text: string },
): CompletionResult | null {
  const matching = rank(word.text, options);
  return matching.length === 0 ? nothing(context, word.from, word.to) : { from: word.from, to: word.to, options: matching, filter: false };
}

/**
 * The answer when nothing matches. `null` closes the list; but when keys were typed while the
 * answer was on its way, CodeMirror would replay them and wait for an answer nobody asks for. An
 * empty result instead is dropped by the replay, and CodeMirror asks again for the newer text.
 */
function nothing(context: CompletionContext, from: number, to: number): CompletionResult | null {
  return context.view && context.view.state.doc !== context.state.doc ? { from, to, options: [], filter: false } : null;
}

function completionSource(context: CompletionContext): CompletionResult | null | Promise<CompletionResult | null> {
  // While typing, ask only inside a word (names, `$variables`, `@directives`); Ctrl+Space asks anywhere.
  const word = context.matchBefore(/[_A-Za-z$@][_0-9A-Za-z]*$/);
  if (!context.explicit && !word) return null;
  const lookAheadOf = context.view?.plugin(lookAhead);
  if (!word) {
    // Ctrl+Space before any letter: where the cursor rests, the list fetched ahead as the engine
    // answered it (nothing typed to rank it by).
    const shown = (options: SchemaCompletion[]) =>
      options.length === 0 ? nothing(context, context.pos, context.pos) : { from: context.pos, to: context.pos, options, filter: false };
    return fromAhead(context, lookAheadOf?.lookup(context.state, context.pos, context.pos) ?? null, shown);
  }
  const ahead = /^[_A-Za-z]/.test(word.text) ? lookAheadOf?.lookup(context.state, word.from, word.to) ?? null : null;
  return fromAhead(context, ahead, (options) => ranked(context, options, word));
}

/**
 * The list fetched ahead, `shown` in this task when it is already here (so that it opens in the
 * next frame); a key or Ctrl+Space before it arrived waits for it (timed for the benchmark and the
 * tests). Without one, the engine is asked.
 */
function fromAhead(
  context: CompletionContext,
  ahead: Ahead | null,
  shown: (options: SchemaCompletion[]) => CompletionResult | null,
): CompletionResult | null | Promise<CompletionResult | null> {
  if (ahead?.ready) return shown(ahead.ready);
  if (ahead && ahead.ready === undefined) {
    const waiting = performance.now();
    return ahead.options.then((options) => {
      timed("sextant:complete-waited", waiting);
      if (context.aborted) return null;
      return options ? shown(options) : fromEngine(context);
    });
  }
  return fromEngine(context);
}

function fromEngine(context: CompletionContext): Promise<CompletionResult | null> {
  return askEngine(context.state.doc.toString(), context.pos, "sextant:complete").then((list) => {
    if (context.aborted) return null;
    if (!list) return nothing(context, context.pos, context.pos);
    // An answer for a document that has changed since is still returned: CodeMirror maps it through
    // the changes, drops it when they touched its range, and asks again. (Answering `null` instead
    // would leave the newer request pending with nobody to start it.)
    const doc = context.state.doc;
    if (list.items.length === 0) return nothing(context, Math.min(list.from, doc.length), Math.min(list.to, doc.length));
    return {
      from: Math.min(list.from, doc.length),
      to: Math.min(list.to, doc.length),
      options: list.items.map(toCompletion),
      filter: false, // The engine filtered and ranked them.
    };
  });
}

function clamp(position: number, doc: Text): number {
  return Math.max(0, Math.min(position, doc.length));
}

async function lintSource(view: EditorView): Promise<LintDiagnostic[]> {
  const doc = view.state.doc;
  let found: ipc.Diagnostic[];
  try {
    found = await ipc.diagnostics({ document: doc.toString() });
  } catch {
    return [];
  }
  // CodeMirror drops the answer itself when the document changed meanwhile.
  return found.map((diagnostic) => ({
    from: clamp(diagnostic.from, doc),
    to: clamp(diagnostic.to, doc),
    severity: diagnostic.severity,
    message: diagnostic.message,
  }));
}

/** What the editor offers the schema explorer: a way to open a coordinate in it. */
export interface ExplorerLink {
  openInExplorer?: (coordinate: string) => void;
}

/** The coordinate of what is at `position` (a field, argument, type, enum value, directive…). */
async function coordinateAt(view: EditorView, position: number): Promise<string | null> {
  const doc = view.state.doc;
  const answer = await ipc.hover({ document: doc.toString(), cursorUtf16: position }).catch(() => null);
  return answer && view.state.doc === doc ? answer.coordinate : null;
}

/**
 * Go to definition: F12 at the cursor, or Ctrl+click (Cmd+click) on a name, opens it in the
 * explorer. Ctrl+click no longer adds a cursor: Alt+click does, as in VS Code.
 */
function goToDefinition(open: (coordinate: string) => void): Extension[] {
  const go = (view: EditorView, position: number) => {
    void coordinateAt(view, position).then((coordinate) => { if (coordinate) open(coordinate); });
  };
  return [
    keymap.of([{ key: "F12", run: (view) => { go(view, view.state.selection.main.head); return true; } }]),
    EditorView.clickAddsSelectionRange.of((event) => event.altKey),
    EditorView.domEventHandlers({
      mousedown(event, view) {
        if (!(event.ctrlKey || event.metaKey) || event.button !== 0) return false;
        const position = view.posAtCoords({ x: event.clientX, y: event.clientY });
        if (position === null) return false;
        event.preventDefault();
        go(view, position);
        return true;
      },
    }),
  ];
}

const hoverSource = (link: ExplorerLink) => hoverTooltip(async (view, position): Promise<Tooltip | null> => {
  const doc = view.state.doc;
  let answer: ipc.Hover | null;
  try {
    answer = await ipc.hover({ document: doc.toString(), cursorUtf16: position });
  } catch {
    return null;
  }
  if (!answer || view.state.doc !== doc) return null;
  const { signature, description, deprecationReason, coordinate } = answer;
  return {
    pos: clamp(answer.from, doc),
    end: clamp(answer.to, doc),
    above: true,
    create() {
      const dom = document.createElement("div");
      dom.className = "cm-graphql-hover";
      const code = document.createElement("code");
      code.textContent = signature;
      dom.append(code);
      const info = describe(description, deprecationReason);
      if (info) dom.append(info);
      const open = link.openInExplorer;
      if (open) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "cm-graphql-open";
        button.textContent = "Open in explorer";
        button.title = `${coordinate} in the schema explorer (F12, or Ctrl+click the name)`;
        button.addEventListener("click", () => open(coordinate));
        dom.append(button);
      }
      return { dom };
    },
  };
}, { hoverTime: 300 });

/** Replaces the document with the engine's layout, changing only the span that differs. */
export function prettify(view: EditorView): boolean {
  const doc = view.state.doc;
  const before = doc.toString();
  ipc.format({ document: before }).then((after) => {
    if (view.state.doc !== doc || after === before) return;
    let start = 0;
    while (start < before.length && start < after.length && before[start] === after[start]) start++;
    let end = 0;
    while (
      end < before.length - start && end < after.length - start &&
      before[before.length - 1 - end] === after[after.length - 1 - end]
    ) end++;
    view.dispatch({
      changes: { from: start, to: before.length - end, insert: after.slice(start, after.length - end) },
      userEvent: "format",
    });
  }, () => {});
  return true;
}

/** Colors through CSS variables, so that the light and dark themes share one style. */
const highlightStyle = HighlightStyle.define([
  { tag: tags.keyword, color: "var(--syntax-keyword)" },
  { tag: [tags.typeName, tags.definition(tags.typeName)], color: "var(--syntax-type)" },
  { tag: [tags.propertyName, tags.special(tags.variableName)], color: "var(--syntax-field)" },
  { tag: tags.definition(tags.variableName), color: "var(--syntax-definition)", fontWeight: "600" },
  { tag: tags.variableName, color: "var(--syntax-variable)" },
  { tag: tags.string, color: "var(--syntax-string)" },
  { tag: [tags.number, tags.atom, tags.bool, tags.null], color: "var(--syntax-number)" },
  { tag: tags.meta, color: "var(--syntax-directive)" },
  { tag: tags.comment, color: "var(--syntax-comment)", fontStyle: "italic" },
  { tag: [tags.punctuation, tags.operator], color: "var(--syntax-punctuation)" },
]);

export function graphql(link: ExplorerLink = {}): Extension[] {
  return [
    graphqlLanguage,
    graphqlLanguageData,
    syntaxHighlighting(highlightStyle),
    schemaGeneration,
    lookAhead,
    autocompletion({
      override: [completionSource],
      // CodeMirror waits 100 ms after typing by default; the list should follow the key at once.
      activateOnTypingDelay: 0,
      icons: true,
      optionClass: (completion) => ((completion as SchemaCompletion).deprecated ? "cm-completion-deprecated" : ""),
    }),
    linter(lintSource, {
      delay: lintDelayMs,
      needsRefresh: (update) => update.startState.field(schemaGeneration) !== update.state.field(schemaGeneration),
    }),
    hoverSource(link),
    link.openInExplorer ? goToDefinition(link.openInExplorer) : [],
    keymap.of([
      { key: "Ctrl-Space", run: startCompletion },
      { key: "Shift-Mod-p", run: prettify, preventDefault: true },
    ]),
  ];
}

export { highlightStyle };
