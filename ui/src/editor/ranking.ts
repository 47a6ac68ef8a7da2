// The engine's ranking (language/src/completion.rs: `score`, `rank`), ported so that a keystroke
// inside a word is answered in the page from a list fetched when the word started, without a round
// trip to Rust. It must rank exactly as the engine does: the end-to-end test `completion_ranking`
// types a table of words in the real window and compares the list with the engine's.
//
// GraphQL names are ASCII, so UTF-16 code units and the engine's bytes agree.

/** Matches the engine's `eq_ignore_ascii_case`: folds A–Z only. */
function fold(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

function sameIgnoringCase(a: string, i: number, b: string, j: number): boolean {
  return fold(a.charCodeAt(i)) === fold(b.charCodeAt(j));
}

function isUpper(code: number): boolean {
  return code >= 65 && code <= 90;
}

/** How well `filter` matches the typed `prefix`: [tier, rank within the tier], lower is better. */
export function score(prefix: string, filter: string): [number, number] | null {
  const p = prefix, f = filter;
  if (p.length === 0) return [0, 0];
  if (f.startsWith(p)) return [0, f.length !== p.length ? 1 : 0];
  if (f.length >= p.length && startsWithIgnoringCase(f, p)) return [1, f.length !== p.length ? 1 : 0];
  if (p.length >= 2) {
    const found = findIgnoringCase(f, p);
    if (found) return [found.atBoundary ? 2 : 3, found.position];
    const span = subsequenceSpan(p, f);
    if (span !== null) return [4, span];
  }
  if (p.length >= 3) {
    const allowed = p.length >= 6 ? 2 : 1;
    const distance = prefixDistance(p, f);
    if (distance <= allowed) return [5, distance];
  }
  return null;
}

function startsWithIgnoringCase(f: string, p: string): boolean {
  for (let i = 0; i < p.length; i++) if (!sameIgnoringCase(f, i, p, i)) return false;
  return true;
}

/** Where `needle` first occurs in `haystack` ignoring case, preferring one that starts a word. */
function findIgnoringCase(haystack: string, needle: string): { position: number; atBoundary: boolean } | null {
  if (needle.length > haystack.length) return null;
  const startsWord = (start: number) =>
    start > 0 &&
    ((isUpper(haystack.charCodeAt(start)) && !isUpper(haystack.charCodeAt(start - 1))) || haystack[start - 1] === "_");
  let first: number | null = null;
  for (let start = 0; start <= haystack.length - needle.length; start++) {
    let matches = true;
    for (let i = 0; i < needle.length && matches; i++) matches = sameIgnoringCase(haystack, start + i, needle, i);
    if (!matches) continue;
    if (startsWord(start)) return { position: start, atBoundary: true };
    first ??= start;
  }
  return first === null ? null : { position: first, atBoundary: false };
}

/** When `p`'s letters appear in order in `f` and the first ones agree: `f`'s length up to the last. */
function subsequenceSpan(p: string, f: string): number | null {
  if (f.length === 0 || !sameIgnoringCase(f, 0, p, 0)) return null;
  let matched = 1;
  for (let index = 1; index < f.length; index++) {
    if (sameIgnoringCase(f, index, p, matched)) {
      matched++;
      if (matched === p.length) return index + 1;
    }
  }
  return null;
}

/** The longest typed word checked for typos (the engine's `MAX_TYPO_PREFIX`). */
const maxTypoPrefix = 32;

/** The smallest edit distance (with transpositions, ignoring case) between `p` and a prefix of `f`. */
function prefixDistance(p: string, fullFilter: string): number {
  if (p.length > maxTypoPrefix) return Number.MAX_SAFE_INTEGER;
  const f = fullFilter.slice(0, p.length + 2);
  const columns = f.length + 1;
  // Three rows of the optimal-string-alignment table, reused: this runs for every candidate on a key.
  let before = new Array<number>(columns).fill(0);
  let previous = Array.from({ length: columns }, (_, j) => j);
  let current = new Array<number>(columns).fill(0);
  for (let i = 1; i <= p.length; i++) {
    current[0] = i;
    for (let j = 1; j < columns; j++) {
      const same = sameIgnoringCase(p, i - 1, f, j - 1);
      let cost = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (same ? 0 : 1));
      if (i > 1 && j > 1 && sameIgnoringCase(p, i - 1, f, j - 2) && sameIgnoringCase(p, i - 2, f, j - 1)) {
        cost = Math.min(cost, before[j - 2] + 1);
      }
      current[j] = cost;
    }
    [before, previous, current] = [previous, current, before];
  }
  return Math.min(...previous);
}

/**
 * Keeps the candidates that match `prefix`, best first: names that start with what was typed
 * before every fuzzy match, deprecated or not; within each group deprecated ones last; ties keep
 * their order (the engine's `rank_key`).
 */
export function rank<T extends { filter: string; deprecated: boolean }>(prefix: string, candidates: readonly T[]): T[] {
  const scored: { key: [number, number, number, number]; candidate: T }[] = [];
  for (const candidate of candidates) {
    const found = score(prefix, candidate.filter);
    if (found) scored.push({ key: [found[0] > 1 ? 1 : 0, candidate.deprecated ? 1 : 0, found[0], found[1]], candidate });
  }
  // Array.prototype.sort is stable, as the engine's sort_by_key is.
  scored.sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.key[2] - b.key[2] || a.key[3] - b.key[3]);
  return scored.map(({ candidate }) => candidate);
}
