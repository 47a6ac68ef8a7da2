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

/** What the picker shows for a document's operations. */
export interface PickerChoices {
  /** Shown only when there is a choice to make. */
  visible: boolean;
  options: { value: string; label: string }[];
  /** The option to select: the one chosen before when it is still there, else the first. */
  selected: string | null;
}

export function pickerChoices(operations: readonly ipc.Operation[], previous: string | null): PickerChoices {
  const options = operations.map((operation, index) => ({
    value: operation.name ?? "",
    label: `${operation.kind} ${operation.name ?? `(anonymous #${index + 1})`}`,
  }));
  const kept = previous !== null && operations.some((operation) => operation.name === previous);
  return { visible: operations.length > 1, options, selected: kept ? previous : options[0]?.value ?? null };
}

export function operationPicker(select: HTMLSelectElement, label: HTMLElement, onChange: () => void) {
  let wanted: string | null = null;

  function show(operations: ipc.Operation[]): void {
    const choices = pickerChoices(operations, select.value || wanted);
    select.hidden = label.hidden = !choices.visible;
    select.replaceChildren(
      ...choices.options.map(({ value, label: text }) => {
        const option = document.createElement("option");
        option.value = value;
        option.textContent = text;
        return option;
      }),
    );
    if (choices.selected !== null) select.value = choices.selected;
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
