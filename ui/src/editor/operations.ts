// The operation picker: shown when the document holds several operations; the chosen one is what
// Run sends and what the variables are checked against. Asks Rust after typing pauses and drops
// answers about an older document.

import { ViewPlugin, type EditorView, type ViewUpdate } from "@codemirror/view";

import * as ipc from "../ipc";

const debounceMs = 200;

export interface OperationPicker {
  /** The chosen operation's name; `null` when the document holds one operation (or none). */
  selected(): string | null;
}

export function operationPicker(select: HTMLSelectElement, label: HTMLElement, onChange: () => void) {
  let names: string[] = [];
  let wanted: string | null = null;

  function show(operations: ipc.Operation[]): void {
    names = operations.map((operation, index) => operation.name ?? `(anonymous #${index + 1})`);
    const several = operations.length > 1;
    select.hidden = label.hidden = !several;
    const previous = select.value || wanted;
    select.replaceChildren(
      ...operations.map((operation, index) => {
        const option = document.createElement("option");
        option.value = operation.name ?? "";
        option.textContent = `${operation.kind} ${names[index]}`;
        return option;
      }),
    );
    if (previous !== null && operations.some((operation) => operation.name === previous)) select.value = previous;
    onChange();
  }

  select.addEventListener("change", () => {
    wanted = select.value;
    onChange();
  });

  const plugin = ViewPlugin.fromClass(
    class {
      private timer = 0;
      constructor(view: EditorView) {
        this.ask(view);
      }
      update(update: ViewUpdate) {
        if (update.docChanged) this.ask(update.view);
      }
      ask(view: EditorView) {
        clearTimeout(this.timer);
        this.timer = window.setTimeout(() => {
          const doc = view.state.doc;
          ipc.operations({ document: doc.toString() }).then((operations) => {
            if (view.state.doc === doc) show(operations);
          }, () => {});
        }, debounceMs);
      }
      destroy() {
        clearTimeout(this.timer);
      }
    },
  );

  const picker: OperationPicker = {
    selected: () => (select.hidden || select.value === "" ? null : select.value),
  };
  return { extension: plugin, picker };
}
