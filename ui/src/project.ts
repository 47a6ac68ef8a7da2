// A project folder's pure rules: which tab a document is in, whether a tab has unsaved changes,
// which open documents an edit on disk touches, names typed for a new document. The sidebar is
// components/ProjectPanel.tsx; main.tsx binds tabs to files with these.

/** The file a tab is bound to, relative to the project folder (`null`: another folder's, or none). */
export function relativeTo(dir: string, file: string | null): string | null {
  if (!file) return null;
  const prefix = dir.endsWith("/") ? dir : `${dir}/`;
  return file.startsWith(prefix) ? file.slice(prefix.length) : null;
}

/** A document's variables file, as `project::files::variables_file` names it. */
export function variablesFileOf(path: string): string {
  return path.replace(/\.(graphql|gql)$/, "") + ".variables.json";
}

/** Whether a change on disk to `changed` (a document or a variables file) touches `document`. */
export function touches(document: string, changed: readonly string[]): boolean {
  const variables = variablesFileOf(document);
  return changed.some((path) => path === document || path === variables);
}

/** What a document holds as saved, to tell unsaved changes from it. */
export interface SavedText {
  text: string;
  /** Its variables file's text; `null` when it has none. */
  variables: string | null;
}

/** Variables with nothing in them: a document without a variables file shows `{}`. */
function sameVariables(editor: string, saved: string | null): boolean {
  if (saved === null) return /^\s*(\{\s*\})?\s*$/.test(editor);
  return editor === saved;
}

/** Whether what the editors hold differs from what the file holds. */
export function unsaved(document: string, variables: string, saved: SavedText | null): boolean {
  if (!saved) return true;
  return document !== saved.text || !sameVariables(variables, saved.variables);
}

/** The Variables editor's text for a document's saved variables. */
export function variablesShown(saved: string | null): string {
  return saved ?? "{}\n";
}

/**
 * A name typed for a new document, as a path in the folder: `.graphql` added when it has no
 * document extension, separators made `/`, leading `./` dropped. `null` when nothing usable is left.
 */
export function documentPath(typed: string): string | null {
  let path = typed.trim().replace(/\\/g, "/").replace(/^(\.\/)+/, "").replace(/\/{2,}/g, "/");
  if (!path || path.endsWith("/")) return null;
  if (!/\.(graphql|gql)$/.test(path)) path = `${path}.graphql`;
  return path;
}

/** A name offered for saving a document: its first named operation's, else `untitled`. */
export function suggestedName(document: string, taken: readonly string[]): string {
  const named = /\b(?:query|mutation|subscription|fragment)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(document);
  const stem = named ? named[1] : "untitled";
  for (let n = 1; ; n++) {
    const name = n === 1 ? `${stem}.graphql` : `${stem}-${n}.graphql`;
    if (!taken.includes(name)) return name;
  }
}

/** The documents whose path has every typed word in it, in order (the sidebar's filter). */
export function filtered(documents: readonly string[], typed: string): readonly string[] {
  const words = typed.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return documents;
  return documents.filter((path) => {
    const lower = path.toLowerCase();
    return words.every((word) => lower.includes(word));
  });
}
