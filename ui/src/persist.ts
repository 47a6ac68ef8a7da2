// What survives a restart of the app on the web side: the editors' text and the endpoint, in the
// webview's localStorage. (The window's size is kept by the Rust side.) Nothing here is secret:
// tokens never reach the webview.

const prefix = "sextant.";
const saveDelayMs = 300;
const timers = new Map<string, number>();

export function load(key: string, fallback: string): string {
  try {
    return localStorage.getItem(prefix + key) ?? fallback;
  } catch {
    return fallback;
  }
}

/** Saves after typing pauses; the latest value wins. */
export function saveSoon(key: string, value: string): void {
  clearTimeout(timers.get(key));
  timers.set(key, window.setTimeout(() => save(key, value), saveDelayMs));
}

/** Saves now: for choices made rarely (the endpoint, the profile), which must survive a close that comes right after. */
export function save(key: string, value: string): void {
  clearTimeout(timers.get(key));
  timers.delete(key);
  try {
    localStorage.setItem(prefix + key, value);
  } catch {
    // Storage full or refused: the text is only lost at the next restart.
  }
}

/** Forgets a kept value. */
export function remove(key: string): void {
  clearTimeout(timers.get(key));
  timers.delete(key);
  try {
    localStorage.removeItem(prefix + key);
  } catch {
    // Storage refused: nothing was kept either.
  }
}

/** Writes pending saves now (the window is closing). */
export function flush(values: () => Record<string, string>): void {
  for (const [key, value] of Object.entries(values())) if (timers.has(key)) save(key, value);
}
