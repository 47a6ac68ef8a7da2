// What the explorer's "+" does to the variables editor: the variables a built field needs are
// added to the JSON there, each with a value of its type to start from. What a person has typed
// is never replaced: a variable already there keeps its value, and text that is not a JSON object
// is left alone (the caller says which variables to add by hand).

export interface VariableToAdd {
  name: string;
  /** The starting value as JSON text (from Rust). */
  valueJson: string;
}

export type MergedVariables =
  | { kind: "merged"; text: string }
  /** Nothing to add: every variable is there already (or none was asked for). */
  | { kind: "unchanged" }
  /** The editor's text is not a JSON object: it stays as it is. */
  | { kind: "not-an-object"; names: string[] };

export function mergeVariables(text: string, additions: readonly VariableToAdd[]): MergedVariables {
  let current: unknown = {};
  if (text.trim() !== "") {
    try {
      current = JSON.parse(text);
    } catch {
      current = undefined;
    }
  }
  if (current === null || typeof current !== "object" || Array.isArray(current)) {
    return additions.length === 0 ? { kind: "unchanged" } : { kind: "not-an-object", names: additions.map((variable) => variable.name) };
  }
  const object = current as Record<string, unknown>;
  const missing = additions.filter((variable) => !Object.hasOwn(object, variable.name));
  if (missing.length === 0) return { kind: "unchanged" };
  for (const variable of missing) object[variable.name] = JSON.parse(variable.valueJson);
  return { kind: "merged", text: JSON.stringify(object, null, 2) };
}
