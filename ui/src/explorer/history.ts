// The explorer's pure rules: where back and forward lead, and how a description's Markdown is cut
// into blocks and pieces of text, which the pane turns into text nodes only: a schema's
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
  code?: boolean;
  strong?: boolean;
  em?: boolean;
  /** A link's address, shown beside its text (opened by nobody: the pane shows it as text). */
  href?: string;
}

export interface TextBlock {
  kind: "paragraph" | "item" | "code";
  pieces: TextPiece[];
}

/**
 * A description's Markdown as blocks of text pieces: paragraphs (split at blank lines), list items
 * (`-`, `*`, `1.`), fenced code, and inside them `code`, **strong**, *emphasis* and [links](url).
 * Anything else, HTML included, stays text: the pane makes text nodes only.
 */
export function markdownBlocks(description: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  let paragraph: string[] = [];
  const endParagraph = () => {
    if (paragraph.length > 0) blocks.push({ kind: "paragraph", pieces: inlinePieces(paragraph.join(" ")) });
    paragraph = [];
  };
  const lines = description.replace(/\r\n?/g, "\n").split("\n");
  for (let at = 0; at < lines.length; at++) {
    const line = lines[at];
    if (/^\s*```/.test(line)) {
      endParagraph();
      const code: string[] = [];
      for (at += 1; at < lines.length && !/^\s*```/.test(lines[at]); at++) code.push(lines[at]);
      blocks.push({ kind: "code", pieces: [{ text: code.join("\n"), code: true }] });
      continue;
    }
    const item = /^\s*(?:[-*+]|\d+[.)])\s+(.*)$/.exec(line);
    if (item) {
      endParagraph();
      blocks.push({ kind: "item", pieces: inlinePieces(item[1]) });
    } else if (line.trim() === "") {
      endParagraph();
    } else {
      paragraph.push(line.trim());
    }
  }
  endParagraph();
  return blocks;
}

/** `code`, **strong**, *emphasis* (or _emphasis_) and [text](url) within one block's text. */
export function inlinePieces(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  const pattern = /`([^`\n]+)`|\*\*([^*\n]+)\*\*|\*([^*\n]+)\*|\b_([^_\n]+)_\b|\[([^\]\n]+)\]\(([^)\s]+)\)/g;
  let from = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > from) pieces.push({ text: text.slice(from, match.index) });
    const [, code, strong, em, underscored, linkText, href] = match;
    if (code !== undefined) pieces.push({ text: code, code: true });
    else if (strong !== undefined) pieces.push({ text: strong, strong: true });
    else if (em !== undefined || underscored !== undefined) pieces.push({ text: em ?? underscored, em: true });
    else pieces.push({ text: linkText, href });
    from = match.index + match[0].length;
  }
  if (from < text.length) pieces.push({ text: text.slice(from) });
  return pieces;
}

/** Addresses a description's link may open in the browser (Rust checks again): absolute http(s) and mailto. */
export function webLink(href: string): boolean {
  return /^(https?:\/\/[^\s/]|mailto:)/i.test(href.trim());
}
