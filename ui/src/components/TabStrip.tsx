// The tab strip: one button-like tab per open tab, the new-tab button, a notice when the tabs'
// state file was damaged, the right-click menu, renaming in place and dragging to reorder. It
// shows what it is given and says what the person asked for; it holds no tab state of its own.

import { createEffect, createSignal, For, on, onCleanup, Show } from "solid-js";

import { compactCount, stepped, tabTitle } from "../tabs";

/** What the strip shows of a tab (a store entry: the strip follows its changes). */
export interface StripTab {
  id: string;
  /** The name given, if any. */
  title: string | null;
  document: string;
  /** The project document it is bound to (absolute), if any. */
  file: string | null;
  running: boolean;
  /** Its subscription, when Run started one: a badge while it streams. */
  stream?: { running: boolean; total: number } | null;
}

/** What the strip asks for. */
export interface StripActions {
  select(id: string): void;
  close(id: string): void;
  create(): void;
  duplicate(id: string): void;
  /** A name typed (null: none, the derived title again) or, `undefined`, left as it was. */
  rename(id: string, title: string | null | undefined): void;
  move(id: string, to: number): void;
}

export interface TabStripProps {
  tabs: readonly StripTab[];
  active: string;
  notice: string | null;
  /** The tab whose name is being typed (F2, double-click, the menu), or null. */
  renaming: string | null;
  setRenaming(id: string | null): void;
  /** Whether a tab bound to a document has changes not saved to it. */
  unsaved(id: string): boolean;
  actions: StripActions;
}

export function TabStrip(props: TabStripProps) {
  const [menu, setMenu] = createSignal<{ id: string; x: number; y: number } | null>(null);
  let list!: HTMLDivElement;
  let menuElement!: HTMLDivElement;
  let dragged: string | null = null;

  const tabElement = (id: string) => list.querySelector<HTMLElement>(`.tab[data-tab-id="${CSS.escape(id)}"]`);
  // The tab in front stays in view when it changes or the strip scrolls past it.
  createEffect(on(() => props.active, (active) => tabElement(active)?.scrollIntoView({ block: "nearest", inline: "nearest" })));

  const closeMenu = () => setMenu(null);
  const closeOutside = (event: PointerEvent) => {
    if (menu() && !menuElement.contains(event.target as Node)) closeMenu();
  };
  document.addEventListener("pointerdown", closeOutside);
  onCleanup(() => document.removeEventListener("pointerdown", closeOutside));
  createEffect(() => {
    if (!menu()) return;
    // Placed within the window, its first item focused for the keyboard.
    const shown = menu()!;
    menuElement.style.left = `${Math.min(shown.x, window.innerWidth - menuElement.offsetWidth - 4)}px`;
    menuElement.style.top = `${shown.y}px`;
    menuElement.querySelector<HTMLElement>("[data-action]")?.focus();
  });
  const chosen = (action: (id: string) => void) => () => {
    const id = menu()?.id;
    closeMenu();
    if (id) action(id);
  };

  const onKeyDown = (event: KeyboardEvent, id: string) => {
    if ((event.target as HTMLElement).closest("input")) return;
    const at = props.tabs.findIndex((shown) => shown.id === id);
    if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
      event.preventDefault();
      const next = props.tabs[stepped(props.tabs.length, at, event.key === "ArrowRight" ? 1 : -1)];
      props.actions.select(next.id);
      queueMicrotask(() => tabElement(next.id)?.focus());
    } else if (event.key === "Delete") {
      props.actions.close(id);
    }
  };

  const onDrop = (event: DragEvent, over: string) => {
    event.preventDefault();
    const moving = dragged;
    dragged = null;
    if (!moving || over === moving) return;
    const rect = (event.currentTarget as HTMLElement).getBoundingClientRect();
    let to = props.tabs.findIndex((tab) => tab.id === over);
    const from = props.tabs.findIndex((tab) => tab.id === moving);
    // Dropped on the right half: after that tab.
    if (event.clientX > rect.left + rect.width / 2) to += 1;
    if (from < to) to -= 1;
    props.actions.move(moving, to);
  };

  return (
    <nav id="tab-strip" aria-label="Tabs">
      <div id="tabs" role="tablist" aria-label="Open tabs" ref={list}>
        <For each={props.tabs}>
          {(tab) => {
            const title = () => tabTitle(tab);
            return (
            <div
              class="tab"
              classList={{ running: tab.running, unsaved: props.unsaved(tab.id) }}
              data-tab-id={tab.id}
              role="tab"
              aria-selected={tab.id === props.active}
              tabIndex={tab.id === props.active ? 0 : -1}
              draggable={props.renaming !== tab.id}
              title={`${tab.file ? `${tab.file}${props.unsaved(tab.id) ? " (unsaved changes: Ctrl+S saves)" : ""}\n` : ""}${title()} (double-click to rename; right-click for more)`}
              onClick={(event) => {
                if ((event.target as HTMLElement).closest("input")) return;
                if ((event.target as HTMLElement).closest(".tab-close")) props.actions.close(tab.id);
                else props.actions.select(tab.id);
              }}
              // The middle button closes, as in browsers.
              onAuxClick={(event) => { if (event.button === 1) props.actions.close(tab.id); }}
              onDblClick={(event) => { if (!(event.target as HTMLElement).closest(".tab-close")) props.setRenaming(tab.id); }}
              onKeyDown={(event) => onKeyDown(event, tab.id)}
              onContextMenu={(event) => {
                event.preventDefault();
                setMenu({ id: tab.id, x: event.clientX, y: event.clientY });
              }}
              onDragStart={(event) => {
                dragged = tab.id;
                if (event.dataTransfer) {
                  event.dataTransfer.effectAllowed = "move";
                  event.dataTransfer.setData("text/plain", title());
                }
              }}
              onDragOver={(event) => { if (dragged) event.preventDefault(); }}
              onDrop={(event) => onDrop(event, tab.id)}
              onDragEnd={() => (dragged = null)}
            >
              <Show when={props.renaming === tab.id} fallback={<span class="tab-title">{title()}</span>}>
                <RenameInput title={title()} done={(title) => {
                  props.setRenaming(null);
                  props.actions.rename(tab.id, title);
                }} />
              </Show>
              <Show when={props.unsaved(tab.id)}>
                <span class="tab-unsaved" aria-label="unsaved changes">•</span>
              </Show>
              <Show when={tab.stream?.running}>
                <span class="tab-stream" title={`Streaming: ${(tab.stream?.total ?? 0).toLocaleString()} events so far`}
                  aria-label={`streaming, ${tab.stream?.total ?? 0} events`}>{compactCount(tab.stream?.total ?? 0)}</span>
              </Show>
              <button type="button" class="tab-close" tabIndex={-1} title="Close tab (Ctrl+W)" aria-label={`Close ${title()}`}>×</button>
            </div>
            );
          }}
        </For>
      </div>
      <button id="new-tab" type="button" title="New tab (Ctrl+T)" aria-label="New tab" onClick={() => props.actions.create()}>+</button>
      <p id="tabs-notice" role="alert" hidden={props.notice === null} title={props.notice ?? ""}>{props.notice}</p>
      <div id="tab-menu" role="menu" hidden={menu() === null} ref={menuElement} onKeyDown={(event) => { if (event.key === "Escape") closeMenu(); }}>
        <button type="button" role="menuitem" data-action="rename" onClick={chosen((id) => props.setRenaming(id))}>Rename <kbd>F2</kbd></button>
        <button type="button" role="menuitem" data-action="duplicate" onClick={chosen((id) => props.actions.duplicate(id))}>Duplicate <kbd>Ctrl+Shift+D</kbd></button>
        <button type="button" role="menuitem" data-action="close" onClick={chosen((id) => props.actions.close(id))}>Close <kbd>Ctrl+W</kbd></button>
        <button type="button" role="menuitem" data-action="close-others" onClick={chosen((id) => {
          for (const other of props.tabs.filter((open) => open.id !== id)) props.actions.close(other.id);
        })}>Close other tabs</button>
      </div>
    </nav>
  );
}

/**
 * The name being typed: Enter (or leaving the field) keeps it (an empty one gives the tab its
 * derived title back), Escape changes nothing (`undefined`).
 */
function RenameInput(props: { title: string; done(title: string | null | undefined): void }) {
  let finished = false;
  const finish = (input: HTMLInputElement, keep: boolean) => {
    if (finished) return;
    finished = true;
    const typed = input.value.trim();
    props.done(keep ? (typed || null) : undefined);
  };
  return (
    <input
      id="tab-rename"
      value={props.title}
      aria-label="Tab name"
      spellcheck={false}
      ref={(input) => queueMicrotask(() => { input.select(); input.focus(); })}
      onKeyDown={(event) => {
        event.stopPropagation();
        if (event.key !== "Enter" && event.key !== "Escape") return;
        // Else the key's Enter would reach the editor that gets the focus next.
        event.preventDefault();
        finish(event.currentTarget, event.key === "Enter");
      }}
      onBlur={(event) => finish(event.currentTarget, true)}
    />
  );
}
