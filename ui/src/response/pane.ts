// The response pane: status, time, size and headers of the last response, its GraphQL errors
// set apart from its data, the body in the virtualized JSON view (its lines stay on the Rust
// side and arrive a screenful at a time), and Copy response. Everything from the server is shown
// as text.

import * as ipc from "../ipc";
import type { RunResult } from "../ipc";
import { JsonView } from "./json-view";
import { element } from "../dom";


/** Number formats by locale and options: made once, as `Intl` formats are costly to build. */
const formats = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string | undefined, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = JSON.stringify([locale ?? "", options]);
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    formats.set(key, format);
  }
  return format;
}

const unit = (name: string, digits: number): Intl.NumberFormatOptions =>
  ({ style: "unit", unit: name, unitDisplay: "short", minimumFractionDigits: digits, maximumFractionDigits: digits });

/**
 * A size in the reader's locale, in decimal units as `Intl` names them (kB = 1000 bytes). Bytes
 * are "B": `Intl`'s "byte" is longer than every other unit on the bar.
 */
export function formatBytes(n: number, locale?: string): string {
  if (n < 1000) return `${numberFormat(locale, { maximumFractionDigits: 0 }).format(n)} B`;
  if (n < 1_000_000) return numberFormat(locale, unit("kilobyte", 1)).format(n / 1000);
  return numberFormat(locale, unit("megabyte", 1)).format(n / 1_000_000);
}

/** A duration in the reader's locale: tenths below 10 ms, whole milliseconds below 10 s, then seconds. */
export function formatMs(ms: number, locale?: string): string {
  if (ms < 10) return numberFormat(locale, unit("millisecond", 1)).format(ms);
  if (ms < 10_000) return numberFormat(locale, unit("millisecond", 0)).format(ms);
  // `Intl`'s short second is "sec"; "s" as everywhere else in the window.
  return `${numberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(ms / 1000)} s`;
}

/** How many lines Find lists at most; past it the count says "10,000+". */
const findLimit = 10_000;

/** "3 of 12", "No match", "1 of 10,000+": where Find is among the lines found. */
export function describeFound(at: number, found: number, more: boolean, locale?: string): string {
  if (found === 0) return "No match";
  const number = numberFormat(locale, { maximumFractionDigits: 0 });
  return `${number.format(at + 1)} of ${number.format(found)}${more ? "+" : ""}`;
}

export class ResponsePane {
  private readonly view = new JsonView(element("response-body"));
  private responseId: number | null = null;
  private copyTimer = 0;
  private readonly findBox = element<HTMLInputElement>("response-find");
  private findTimer = 0;
  /** The lines Find found in the shown response, and which of them is marked. */
  private found: { lines: number[]; more: boolean; at: number } = { lines: [], more: false, at: 0 };

  constructor() {
    this.setUpFind();
    const copy = element<HTMLButtonElement>("copy-response");
    // The Rust side puts the body on the clipboard itself: the page's clipboard API needs a user
    // gesture that an awaited round trip has already used up (and a 20 MB body need not cross).
    copy.addEventListener("click", async () => {
      if (this.responseId === null) return;
      const said = element("copy-status");
      try {
        const bytes = await ipc.copyResponse({ responseId: this.responseId, from: 0, to: 0 });
        said.textContent = `Copied ${formatBytes(bytes)}`;
      } catch (error) {
        said.textContent = `Not copied: ${ipc.asCommandError(error).message}`;
      }
      clearTimeout(this.copyTimer);
      this.copyTimer = window.setTimeout(() => (said.textContent = ""), 4000);
    });
  }

  /** Find in the response: the text stays in Rust, which answers the lines that hold the query. */
  private setUpFind(): void {
    this.findBox.addEventListener("input", () => {
      clearTimeout(this.findTimer);
      this.findTimer = window.setTimeout(() => void this.find(), 120);
    });
    this.findBox.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        this.step(event.shiftKey ? -1 : 1);
      } else if (event.key === "Escape" && this.findBox.value) {
        event.preventDefault();
        this.findBox.value = "";
        void this.find();
      }
    });
    // Ctrl+F in the response pane finds in the response (the editors have their own Find).
    element("response-pane").addEventListener("keydown", (event) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "f" && !this.findBox.disabled) {
        event.preventDefault();
        this.findBox.focus();
        this.findBox.select();
      }
    });
  }

  private async find(): Promise<void> {
    const query = this.findBox.value;
    const responseId = this.responseId;
    const count = element("response-find-count");
    if (!query || responseId === null) {
      this.found = { lines: [], more: false, at: 0 };
      count.textContent = "";
      this.view.mark(null);
      return;
    }
    try {
      const found = await ipc.responseFind({ responseId, query, limit: findLimit });
      if (query !== this.findBox.value || responseId !== this.responseId) return;
      this.found = { lines: found.lines, more: found.more, at: 0 };
      this.showFound();
    } catch (error) {
      count.textContent = ipc.asCommandError(error).message;
    }
  }

  private step(by: number): void {
    const { lines } = this.found;
    if (lines.length === 0) return;
    this.found.at = (this.found.at + by + lines.length) % lines.length;
    this.showFound();
  }

  private showFound(): void {
    const { lines, more, at } = this.found;
    element("response-find-count").textContent = describeFound(at, lines.length, more);
    this.view.mark(lines.length > 0 ? lines[at] : null);
  }

  /** A request is on its way: the last response stays, marked as outdated. */
  pending(): void {
    element("response-pane").classList.add("pending");
    element("response-pane").setAttribute("aria-busy", "true");
  }

  /**
   * Nothing was sent (bad variables, the rate-limit gate): the reason, where the response would
   * be. The previous response goes: its badge and body beside this message would read as the
   * answer to this Run.
   */
  showMessage(message: string): void {
    element("response-pane").classList.remove("pending");
    element("response-pane").removeAttribute("aria-busy");
    element("response-empty").hidden = true;
    delete element("response-status").dataset.responseId;
    this.showNoBody("Not sent", "", message);
  }

  /** A tab that has not run yet: the pane as at start. */
  clear(): void {
    this.settled();
    delete element("response-status").dataset.responseId;
    this.showNoBody("", "", "");
    delete element("response-status").dataset.ok;
    element("response-message").hidden = true;
    element("response-empty").hidden = false;
  }

  /** A tab's response that was let go to keep memory bounded: what it was, and how to see it again. */
  showLetGo(result: RunResult): void {
    this.show(result);
    if (result.outcome.kind === "failure") return;
    const status = element("response-status").textContent ?? "";
    const time = element("response-time").textContent ?? "";
    this.showNoBody(status, time, "This response's body was let go to keep Sextant's memory within bounds; Run again to see it.");
    element("response-status").dataset.ok = "true";
  }

  private settled(): void {
    element("response-pane").classList.remove("pending");
    element("response-pane").removeAttribute("aria-busy");
  }

  /** No body to show: `statusText` in the badge, `message` where the response would be. */
  private showNoBody(statusText: string, time: string, message: string): void {
    this.responseId = null;
    const status = element("response-status");
    status.textContent = statusText;
    status.dataset.ok = "false";
    element("response-time").textContent = time;
    element("response-size").textContent = "";
    const shown = element("response-message");
    shown.textContent = message;
    shown.hidden = false;
    element("response-note").hidden = true;
    element("response-headers-list").replaceChildren();
    element("response-errors").replaceChildren();
    element("response-errors").hidden = true;
    this.view.show({ count: 0, fetch: async () => [] });
    element<HTMLButtonElement>("copy-response").disabled = true;
    this.findBox.disabled = true;
    element("response-find-count").textContent = "";
  }

  show(result: RunResult): void {
    element("response-pane").classList.remove("pending");
    element("response-pane").removeAttribute("aria-busy");
    // Tells one answer from the next, also when they look alike.
    element("response-status").dataset.responseId = String(result.responseId);
    element("response-empty").hidden = true;
    const outcome = result.outcome;
    const status = element("response-status");
    const message = element("response-message");
    const headers = element("response-headers-list");
    const errors = element("response-errors");
    if (outcome.kind === "failure") {
      this.showNoBody("No response", formatMs(outcome.elapsedMs), outcome.message);
      return;
    }

    this.responseId = result.responseId;
    status.textContent = `${outcome.status}${outcome.statusText ? ` ${outcome.statusText}` : ""}`;
    status.dataset.ok = String(outcome.status >= 200 && outcome.status < 300 && outcome.errors.length === 0);
    element("response-time").textContent = formatMs(outcome.elapsedMs);
    element("response-size").textContent = formatBytes(outcome.bodyBytes);
    message.textContent = outcome.summary ?? "";
    message.hidden = !outcome.summary;
    const note = element("response-note");
    note.textContent = outcome.layoutNote ?? "";
    note.hidden = !outcome.layoutNote;

    headers.replaceChildren(
      ...outcome.headers.map(([name, value]) => {
        const row = document.createElement("div");
        const key = document.createElement("dt");
        key.textContent = name;
        const text = document.createElement("dd");
        text.textContent = value;
        row.append(key, text);
        return row;
      }),
    );

    errors.hidden = outcome.errors.length === 0;
    const items = outcome.errors.map((error) => {
      const item = document.createElement("li");
      item.textContent = error.message;
      if (error.path) {
        const path = document.createElement("code");
        path.textContent = error.path;
        item.append(" ", path);
      }
      return item;
    });
    if (outcome.errorsNotShown > 0) {
      const more = document.createElement("li");
      more.textContent = `and ${outcome.errorsNotShown} more (Copy response has them all)`;
      items.push(more);
    }
    errors.replaceChildren(...items);

    const responseId = result.responseId;
    this.view.show({
      count: outcome.lineCount,
      fetch: (from, to) => ipc.responseLines({ responseId, from, to }),
    });
    element<HTMLButtonElement>("copy-response").disabled = false;
    // What was being looked for is looked for in this response too.
    this.findBox.disabled = false;
    void this.find();
  }
}
