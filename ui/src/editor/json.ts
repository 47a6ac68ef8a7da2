// The variables and headers editors: JSON (@codemirror/lang-json)
// and their lint. The variables are checked by the engine against the operation's variable
// definitions; the headers only locally (an object of strings).

import { jsonLanguage } from "@codemirror/lang-json";
import { syntaxHighlighting } from "@codemirror/language";
import { linter, type Diagnostic as LintDiagnostic } from "@codemirror/lint";
import type { Extension, Text } from "@codemirror/state";
import type { EditorView } from "@codemirror/view";

import * as ipc from "../ipc";
import { highlightStyle } from "./graphql";

/** JSON with @codemirror/lang-json's Lezer grammar: highlighting, indentation on Enter, folding. */
export function json(): Extension[] {
  return [jsonLanguage, syntaxHighlighting(highlightStyle)];
}

/** The UTF-16 range of `"name"` as a key in the text, else the first line. */
function rangeOfKey(doc: Text, name: string | null): { from: number; to: number } {
  const text = doc.toString();
  const at = name === null ? -1 : text.indexOf(JSON.stringify(name));
  if (at >= 0) return { from: at, to: at + JSON.stringify(name).length };
  return { from: 0, to: doc.lines > 0 ? doc.line(1).to : 0 };
}

/** What the variables are checked against: the query editor's text and the chosen operation. */
export interface VariablesContext {
  document: string;
  operationName: string | null;
}

export function variablesLint(context: () => VariablesContext): Extension {
  return linter(async (view: EditorView): Promise<LintDiagnostic[]> => {
    const doc = view.state.doc;
    const { document, operationName } = context();
    try {
      const problems = await ipc.checkVariables({ document, operationName, variablesJson: doc.toString() });
      return problems.map((problem) => ({
        ...rangeOfKey(doc, "name" in problem ? problem.name : null),
        severity: "error",
        message: problem.message,
      }));
    } catch (error) {
      const failure = ipc.asCommandError(error);
      if (failure.kind !== "invalidVariables") return [];
      const line = doc.line(Math.min(Math.max(failure.line, 1), doc.lines));
      return [{ from: line.from, to: line.to, severity: "error", message: failure.message }];
    }
  }, { delay: 300 });
}

/** The headers as entered: a JSON object of strings, or the problem with it. */
export function parseHeaders(text: string): { headers: Record<string, string> } | { problem: string } {
  if (text.trim() === "") return { headers: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { problem: "Headers are a JSON object: {\"Name\": \"value\"}." };
  }
  for (const [name, header] of Object.entries(value)) {
    if (typeof header !== "string") return { problem: `The value of header "${name}" is not a string.` };
  }
  return { headers: value as Record<string, string> };
}

export function headersLint(): Extension {
  return linter((view) => {
    const parsed = parseHeaders(view.state.doc.toString());
    if ("headers" in parsed) return [];
    return [{ from: 0, to: view.state.doc.length, severity: "error", message: parsed.problem }];
  }, { delay: 300 });
}
