// The response pane: status, time, size and headers of the last response, its GraphQL errors
// set apart from its data, the body in the virtualized JSON view (its lines stay on the Rust
// side and arrive a screenful at a time), and Copy response. Everything from the server is shown
// as text.

import * as ipc from "../ipc";
import type { RunResult } from "../ipc";
import { JsonView } from "./json-view";
import { element } from "../dom";


export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : ms < 10_000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export class ResponsePane {
  private readonly view = new JsonView(element("response-body"));
  private responseId: number | null = null;
  private copyTimer = 0;

  constructor() {
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
  }
}
