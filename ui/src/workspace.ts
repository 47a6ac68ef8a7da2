// The window's shared state: the open tabs (what each holds, whether its request runs, its last
// response) and which one is in front. A Solid store, one entry per tab: the strip, the response
// pane and Run read it and follow it; main.tsx's tab actions are its only writers. What must not
// be proxied or shown (the editors' states, save timers) stays beside it in `TabEditors`.

import type { EditorState } from "@codemirror/state";
import { createStore, unwrap } from "solid-js/store";

import type { TabState } from "./generated/TabState";
import type { RunResult } from "./ipc";
import type { SavedText } from "./project";

/** A tab as the window shows it: what is saved of it, and its request's state. */
export interface Tab extends TabState {
  running: boolean;
  /** Its last response, or null before the first one (or after a Run that sent nothing). */
  result: RunResult | null;
  /** Why the last Run sent nothing. */
  notSent: string | null;
  /** Its last response's body was let go to keep memory bounded (Run brings it back). */
  letGo: boolean;
  /** What its project document held when last read or written (`null`: not read yet, or gone). */
  onDisk: SavedText | null;
  /** Its document changed or went on disk while it had unsaved changes: the tab asks what to do. */
  diskNote: "changed" | "deleted" | null;
  /** Its subscription's stream (the events themselves are kept beside the store), if Run started one. */
  stream: StreamState | null;
}

/** A tab's stream as the store tracks it; `version` changes with each batch of events. */
export interface StreamState {
  total: number;
  dropped: number;
  running: boolean;
  ended: { message: string; success: boolean } | null;
  /** The latest thing said while it runs (a reconnection and why). */
  notice: string | null;
  reconnects: number;
  version: number;
}

export interface Workspace {
  tabs: Tab[];
  /** The id of the tab in front; "" before the saved tabs are read. */
  active: string;
  /** A problem with the tabs' state file, said in the strip. */
  notice: string | null;
}

export function tab(state: TabState): Tab {
  return { ...state, running: false, result: null, notSent: null, letGo: false, onDisk: null, diskNote: null, stream: null };
}

/** What the store keeps that is saved: the tab without its request's state, unproxied. */
export function saved(tab: Tab): TabState {
  const { id, title, document, variables, endpoint, profile, headers, file } = unwrap(tab);
  return structuredClone({ id, title, document, variables, endpoint, profile, headers, file });
}

/** `headers` with `origin`'s headers text replaced (or added). */
export function withHeaders(headers: TabState["headers"], origin: string, headersJson: string): TabState["headers"] {
  return [...headers.filter((kept) => kept.origin !== origin), { origin, headersJson }];
}

/** A tab's editors while it is not in front (so that undo survives a switch), and its pending save. */
export interface TabEditors {
  query: EditorState | null;
  variables: EditorState | null;
  saveTimer: number;
}

export function createWorkspace() {
  const [workspace, setWorkspace] = createStore<Workspace>({ tabs: [], active: "", notice: null });
  const editors = new Map<string, TabEditors>();
  const editorsOf = (id: string): TabEditors => {
    let found = editors.get(id);
    if (!found) {
      found = { query: null, variables: null, saveTimer: 0 };
      editors.set(id, found);
    }
    return found;
  };
  const find = (id: string): Tab | undefined => workspace.tabs.find((open) => open.id === id);
  const current = (): Tab | undefined => find(workspace.active);
  /** Changes the tab `id` (if still open). */
  const update = (id: string, change: Partial<Tab>): void => {
    const at = workspace.tabs.findIndex((open) => open.id === id);
    if (at >= 0) setWorkspace("tabs", at, change);
  };
  /** A closed tab's editors go: reopened, it starts from what was saved. */
  const forgetEditors = (id: string): void => {
    window.clearTimeout(editors.get(id)?.saveTimer);
    editors.delete(id);
  };
  return { workspace, setWorkspace, editorsOf, forgetEditors, find, current, update };
}
