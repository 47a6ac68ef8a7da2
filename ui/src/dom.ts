// Finding the page's fixed parts (index.html) by id.

/** The element with this id; a missing one is a bug in index.html, reported at once. */
export function element<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} is missing from index.html`);
  return found as T;
}
