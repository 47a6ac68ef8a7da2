// Finding the page's fixed parts (index.html) by id.

/** The element with this id; a missing one is a bug in index.html, reported at once. */
export function element<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} is missing from index.html`);
  return found as T;
}

/**
 * A search box's keys over its results: ArrowDown and ArrowUp move the selection (wrapping
 * around), Enter opens the selected one. Answers whether the key was one of them (and took it).
 */
export function resultKeys<T>(event: KeyboardEvent, results: readonly T[], selected: number, select: (at: number) => void, open: (result: T) => void): boolean {
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    event.preventDefault();
    if (results.length > 0) select((selected + (event.key === "ArrowDown" ? 1 : -1) + results.length) % results.length);
    return true;
  }
  if (event.key === "Enter" && results[selected] !== undefined) {
    event.preventDefault();
    open(results[selected]);
    return true;
  }
  return false;
}
