// The explorer's pure rules: where back and forward lead, and how a description's text is cut
// into plain text and code (backticks), which the pane turns into text nodes only: a schema's
// descriptions are untrusted and never become markup.

/** The pages visited ("" is the first page, the list of types) and which one is shown. */
export interface Visits {
  pages: readonly string[];
  at: number;
}

export const firstVisit: Visits = { pages: [""], at: 0 };

/** The page of the changes the last refresh found (no GraphQL name starts with `#`). */
export const changesPage = "#changes";

/** How many pages back stays possible. */
const keptVisits = 100;

/** After going to `page`: the pages ahead are dropped; the same page again is no new visit. */
export function visit(visits: Visits, page: string): Visits {
  if (visits.pages[visits.at] === page) return visits;
  const pages = [...visits.pages.slice(0, visits.at + 1), page].slice(-keptVisits);
  return { pages, at: pages.length - 1 };
}

/** `step` pages back (-1) or forward (1), if there are any. */
export function stepped(visits: Visits, step: number): Visits {
  const at = Math.max(0, Math.min(visits.pages.length - 1, visits.at + step));
  return at === visits.at ? visits : { ...visits, at };
}

export const shownPage = (visits: Visits): string => visits.pages[visits.at];

/** A type's name for a page request (`Project.services` → `Project`, `@cached(seconds:)` → `@cached`). */
export function pageOf(coordinate: string): string {
  return coordinate.split(/[.(]/, 1)[0];
}

/** The member a coordinate names on its page (`Project.services` → `services`), if any. */
export function memberOf(coordinate: string): string | null {
  const member = /^[^.(]+\.([_A-Za-z][_0-9A-Za-z]*)/.exec(coordinate);
  return member ? member[1] : null;
}

export interface TextPiece {
  text: string;
  code: boolean;
}

/** A description cut at backticks: `code` pieces and plain ones. An unmatched backtick stays text. */
export function textPieces(description: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  const pattern = /`([^`\n]+)`/g;
  let from = 0;
  for (const match of description.matchAll(pattern)) {
    if (match.index > from) pieces.push({ text: description.slice(from, match.index), code: false });
    pieces.push({ text: match[1], code: true });
    from = match.index + match[0].length;
  }
  if (from < description.length) pieces.push({ text: description.slice(from), code: false });
  return pieces;
}
