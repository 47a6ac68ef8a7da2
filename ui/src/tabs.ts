// Tabs: the pure rules (a tab's title, which tab comes forward after a close, moving one) and the
// strip that shows them with its menu, renaming and dragging. What a tab holds and how it is saved
// is main.ts's; the strip only says what the person asked for.

import type { TabEndpoint } from "./generated/TabEndpoint";
import type { TabState } from "./generated/TabState";
import { element } from "./dom";

const operationName = /\b(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/;

/** A tab's name: the one given, else its first named operation, else what it starts with. */
export function tabTitle(tab: Pick<TabState, "title" | "document">): string {
  if (tab.title) return tab.title;
  const named = operationName.exec(tab.document);
  if (named) return named[1];
  const firstLine = tab.document.split("\n").map((line) => line.trim()).find((line) => line && !line.startsWith("#"));
  if (!firstLine || /^[{}\s]*$/.test(firstLine)) return "Untitled";
  return firstLine.length > 24 ? `${firstLine.slice(0, 23)}…` : firstLine;
}

/** Whether two tabs send to the same endpoint. */
export function sameEndpoint(a: TabEndpoint, b: TabEndpoint): boolean {
  return a.kind === "demo" ? b.kind === "demo" : b.kind === "url" && a.url === b.url;
}

/** Which tab comes forward when the one at `closed` of `count` closes: the next, else the one before. */
export function afterClose(count: number, closed: number): number {
  return closed < count - 1 ? closed : closed - 1;
}

/** `items` with the one at `from` moved to `to` (clamped). */
export function moved<T>(items: readonly T[], from: number, to: number): T[] {
  const result = [...items];
  const [item] = result.splice(from, 1);
  result.splice(Math.max(0, Math.min(to, result.length)), 0, item);
  return result;
}

/**
 * Whether a key event is Tab. WebKitGTK names Shift+Tab's key (GDK's ISO_Left_Tab) "Unidentified",
 * so its code and key code are asked too.
 */
export function isTab(event: Pick<KeyboardEvent, "key" | "code" | "keyCode">): boolean {
  return event.key === "Tab" || event.code === "Tab" || event.keyCode === 9;
}

/** The index `step` tabs from `index`, wrapping around. */
export function stepped(count: number, index: number, step: number): number {
  return (((index + step) % count) + count) % count;
}

export interface StripTab {
  id: string;
  title: string;
  running: boolean;
}

/** What the strip asks for. */
export interface StripActions {
  select(id: string): void;
  close(id: string): void;
  create(): void;
  duplicate(id: string): void;
  rename(id: string, title: string | null): void;
  move(id: string, to: number): void;
}

export class TabStrip {
  private readonly list = element("tabs");
  private readonly menu = element("tab-menu");
  private tabs: StripTab[] = [];
  /** What the strip shows now, to leave it alone when nothing changed (a save after each pause). */
  private shown = "";
  private menuFor: string | null = null;
  private dragged: string | null = null;

  constructor(private readonly actions: StripActions) {
    element("new-tab").addEventListener("click", () => actions.create());
    this.list.addEventListener("click", (event) => {
      const target = event.target as HTMLElement;
      const tab = target.closest<HTMLElement>(".tab");
      if (!tab?.dataset.tabId || target.closest("input")) return;
      if (target.closest(".tab-close")) actions.close(tab.dataset.tabId);
      else actions.select(tab.dataset.tabId);
    });
    // The middle button closes, as in browsers.
    this.list.addEventListener("auxclick", (event) => {
      const tab = (event.target as HTMLElement).closest<HTMLElement>(".tab");
      if (event.button === 1 && tab?.dataset.tabId) actions.close(tab.dataset.tabId);
    });
    this.list.addEventListener("dblclick", (event) => {
      const tab = (event.target as HTMLElement).closest<HTMLElement>(".tab");
      if (tab?.dataset.tabId && !(event.target as HTMLElement).closest(".tab-close")) this.startRename(tab.dataset.tabId);
    });
    this.list.addEventListener("keydown", (event) => {
      const tab = (event.target as HTMLElement).closest<HTMLElement>(".tab");
      if (!tab?.dataset.tabId || (event.target as HTMLElement).closest("input")) return;
      const at = this.tabs.findIndex((shown) => shown.id === tab.dataset.tabId);
      if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
        event.preventDefault();
        const next = this.tabs[stepped(this.tabs.length, at, event.key === "ArrowRight" ? 1 : -1)];
        actions.select(next.id);
        this.focusTab(next.id);
      } else if (event.key === "Delete") {
        actions.close(tab.dataset.tabId);
      }
    });
    this.list.addEventListener("contextmenu", (event) => {
      const tab = (event.target as HTMLElement).closest<HTMLElement>(".tab");
      if (!tab?.dataset.tabId) return;
      event.preventDefault();
      this.openMenu(tab.dataset.tabId, event.clientX, event.clientY);
    });
    this.setUpDragging();
    this.menu.addEventListener("click", (event) => {
      const item = (event.target as HTMLElement).closest<HTMLElement>("[data-action]");
      const id = this.menuFor;
      this.closeMenu();
      if (!item || !id) return;
      if (item.dataset.action === "rename") this.startRename(id);
      else if (item.dataset.action === "duplicate") actions.duplicate(id);
      else if (item.dataset.action === "close") actions.close(id);
      else if (item.dataset.action === "close-others") for (const other of this.tabs) if (other.id !== id) actions.close(other.id);
    });
    this.menu.addEventListener("keydown", (event) => {
      if (event.key === "Escape") this.closeMenu();
    });
    document.addEventListener("pointerdown", (event) => {
      if (!this.menu.hidden && !this.menu.contains(event.target as Node)) this.closeMenu();
    });
  }

  show(tabs: StripTab[], active: string): void {
    // Not while a name is being typed: that input would go.
    if (this.list.querySelector("input")) return;
    const shown = JSON.stringify([tabs, active]);
    if (shown === this.shown) return;
    this.shown = shown;
    this.tabs = tabs;
    this.list.replaceChildren(
      ...tabs.map((tab) => {
        const item = document.createElement("div");
        item.className = "tab";
        item.classList.toggle("running", tab.running);
        item.dataset.tabId = tab.id;
        item.setAttribute("role", "tab");
        item.setAttribute("aria-selected", String(tab.id === active));
        item.tabIndex = tab.id === active ? 0 : -1;
        item.draggable = true;
        item.title = `${tab.title} (double-click to rename; right-click for more)`;
        const title = document.createElement("span");
        title.className = "tab-title";
        title.textContent = tab.title;
        const close = document.createElement("button");
        close.type = "button";
        close.className = "tab-close";
        close.tabIndex = -1;
        close.textContent = "×";
        close.title = "Close tab (Ctrl+W)";
        close.setAttribute("aria-label", `Close ${tab.title}`);
        item.append(title, close);
        return item;
      }),
    );
    this.list.querySelector<HTMLElement>('[aria-selected="true"]')?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }

  /** Puts an input in place of the tab's name: Enter keeps it, Escape leaves the name as it was. */
  startRename(id: string): void {
    const item = this.list.querySelector<HTMLElement>(`.tab[data-tab-id="${CSS.escape(id)}"]`);
    const title = item?.querySelector<HTMLElement>(".tab-title");
    if (!item || !title) return;
    const input = document.createElement("input");
    input.id = "tab-rename";
    input.value = title.textContent ?? "";
    input.setAttribute("aria-label", "Tab name");
    input.spellcheck = false;
    title.replaceWith(input);
    input.select();
    input.focus();
    let done = false;
    const finish = (keep: boolean) => {
      if (done) return;
      done = true;
      input.remove();
      const typed = input.value.trim();
      this.shown = "";
      this.actions.rename(id, keep ? (typed || null) : (this.tabs.find((tab) => tab.id === id)?.title ?? null));
    };
    input.addEventListener("keydown", (event) => {
      event.stopPropagation();
      if (event.key !== "Enter" && event.key !== "Escape") return;
      // Else the key's Enter would reach the editor that gets the focus next.
      event.preventDefault();
      finish(event.key === "Enter");
    });
    input.addEventListener("blur", () => finish(true));
  }

  focusTab(id: string): void {
    this.list.querySelector<HTMLElement>(`.tab[data-tab-id="${CSS.escape(id)}"]`)?.focus();
  }

  private openMenu(id: string, x: number, y: number): void {
    this.menuFor = id;
    this.menu.hidden = false;
    this.menu.style.left = `${Math.min(x, window.innerWidth - this.menu.offsetWidth - 4)}px`;
    this.menu.style.top = `${y}px`;
    this.menu.querySelector<HTMLElement>("[data-action]")?.focus();
  }

  private closeMenu(): void {
    this.menu.hidden = true;
    this.menuFor = null;
  }

  private setUpDragging(): void {
    this.list.addEventListener("dragstart", (event) => {
      const tab = (event.target as HTMLElement).closest<HTMLElement>(".tab");
      this.dragged = tab?.dataset.tabId ?? null;
      if (this.dragged && event.dataTransfer) {
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", tab?.textContent ?? "");
      }
    });
    this.list.addEventListener("dragover", (event) => {
      if (this.dragged) event.preventDefault();
    });
    this.list.addEventListener("drop", (event) => {
      event.preventDefault();
      const over = (event.target as HTMLElement).closest<HTMLElement>(".tab");
      const dragged = this.dragged;
      this.dragged = null;
      if (!dragged || !over?.dataset.tabId || over.dataset.tabId === dragged) return;
      const rect = over.getBoundingClientRect();
      let to = this.tabs.findIndex((tab) => tab.id === over.dataset.tabId);
      const from = this.tabs.findIndex((tab) => tab.id === dragged);
      // Dropped on the right half: after that tab.
      if (event.clientX > rect.left + rect.width / 2) to += 1;
      if (from < to) to -= 1;
      this.actions.move(dragged, to);
    });
    this.list.addEventListener("dragend", () => (this.dragged = null));
  }
}
