// The only module that calls `invoke`: one typed function per command. The command table
// (`generated/commands.ts`) and the types are generated from the Rust ones (src-tauri/src/ipc/), so
// a command renamed or changed in Rust is a type error here.

import { invoke } from "@tauri-apps/api/core";

import type { Commands } from "./generated/commands";
import type { CompletionList } from "./generated/CompletionList";
import type { CurlRead } from "./generated/CurlRead";
import type { Diagnostic } from "./generated/Diagnostic";
import type { EndpointProfiles } from "./generated/EndpointProfiles";
import type { EndpointRequest } from "./generated/EndpointRequest";
import type { HeadersKept } from "./generated/HeadersKept";
import type { FieldAdded } from "./generated/FieldAdded";
import type { HistoryEntryShown } from "./generated/HistoryEntryShown";
import type { Hover } from "./generated/Hover";
import type { IpcError } from "./generated/IpcError";
import type { Operation } from "./generated/Operation";
import type { ProfileShown } from "./generated/ProfileShown";
import type { ProjectChanges } from "./generated/ProjectChanges";
import type { ProjectFile } from "./generated/ProjectFile";
import type { ProjectShown } from "./generated/ProjectShown";
import type { RateLimitShown } from "./generated/RateLimitShown";
import type { RunRequest } from "./generated/RunRequest";
import type { RunResult } from "./generated/RunResult";
import type { SchemaStatus } from "./generated/SchemaStatus";
import type { StreamStartRequest } from "./generated/StreamStartRequest";
import type { TabsOpened } from "./generated/TabsOpened";
import type { VariableProblem } from "./generated/VariableProblem";

export type {
  CompletionList, CurlRead, Diagnostic, EndpointProfiles, EndpointRequest, FieldAdded, HeadersKept, HistoryEntryShown, Hover, IpcError, Operation, ProfileShown, ProjectChanges, ProjectFile, ProjectShown,
  RateLimitShown, RunRequest, RunResult, SchemaStatus, StreamStartRequest, TabsOpened, VariableProblem,
};

/**
 * Why a command failed: the tagged error the Rust side returned, or `refused` when Tauri itself
 * rejected the call (a command the capability does not grant, say) with a plain string.
 */
export type CommandError = IpcError | { kind: "refused"; message: string };

export function asCommandError(error: unknown): CommandError {
  if (typeof error === "object" && error !== null && "kind" in error && "message" in error) {
    return error as IpcError;
  }
  return { kind: "refused", message: String(error) };
}

type Name = keyof Commands;
type Request<K extends Name> = Commands[K]["request"];
type Response<K extends Name> = Commands[K]["response"];

/** Invokes `command` with its request (commands that take none get no arguments). */
async function call<K extends Name>(command: K, request: Request<K>): Promise<Response<K>> {
  try {
    return await invoke<Response<K>>(command, request === null ? {} : { request });
  } catch (error) {
    throw asCommandError(error);
  }
}

/** A function per command that takes a request. */
const withRequest = <K extends Name>(command: K) => (request: Request<K>) => call(command, request);
/** A function per command that takes nothing. */
const without = <K extends Name>(command: K) => () => call(command, null as Request<K>);

export const schemaStatus = without("schema_status");
export const loadSchemaText = withRequest("load_schema_text");
export const complete = withRequest("complete");
export const diagnostics = withRequest("diagnostics");
export const hover = withRequest("hover");
export const format = withRequest("format");
export const operations = withRequest("operations");
export const checkVariables = withRequest("check_variables");
export const demoEndpoint = without("demo_endpoint");
export const fetchSchema = withRequest("fetch_schema");
export const run = withRequest("run");
/** Stops a tab's request in flight; other tabs' requests go on. */
export const cancelRun = withRequest("cancel_run");
/** Stops a tab's schema fetch in flight; it answers `schemaFetchCancelled`. */
export const cancelSchemaFetch = withRequest("cancel_schema_fetch");
export const responseLines = withRequest("response_lines");
/** Puts the whole body of a response on the clipboard; answers how many bytes. */
export const copyResponse = withRequest("copy_response");
/** Whether a tab's response is still kept (the least recently viewed go past a memory bound). */
export const responseKept = withRequest("response_kept");
/** The lines of a response that hold a text (ignoring ASCII case), at most `limit`. */
export const responseFind = withRequest("response_find");
export const rateLimit = withRequest("rate_limit");
/** The endpoint's origin as Sextant spells it, and the profiles bound to it. */
export const endpointProfiles = withRequest("endpoint_profiles");
/** Which typed headers carry credentials, and the headers text that may be kept on disk. */
export const headersKept = withRequest("headers_kept");
/** Stores the token in the keychain. Nothing answers it back: there is no command that could. */
export const saveProfile = withRequest("save_profile");
export const removeProfile = withRequest("remove_profile");
export const tokenStored = withRequest("token_stored");
/** The tabs open last time, in order, with the one in front and a note if the state file was damaged. */
export const tabsOpen = without("tabs_open");
export const tabInsert = withRequest("tab_insert");
/** Saves a tab's contents; its headers are kept without credentials. */
export const tabSave = withRequest("tab_save");
/** Closes a tab (it can be reopened); its request stops and its response goes. */
export const tabClose = withRequest("tab_close");
export const tabReopen = withRequest("tab_reopen");
/** The open tabs' order and the one in front. */
export const tabsOrder = withRequest("tabs_order");
/** The schema explorer: every type (the root types first), search, a type's page, the paths to an element. */
export const explorerTypes = without("explorer_types");
export const explorerSearch = withRequest("explorer_search");
export const explorerPage = withRequest("explorer_page");
export const explorerPaths = withRequest("explorer_paths");
/** The explorer's "+": the edits that add a field to the document at the cursor, and the variables it needs. */
export const explorerAddField = withRequest("explorer_add_field");
/** Opens a description's web link in the system browser (asked for by a click). */
export const openLink = withRequest("open_link");
/** The earlier versions of an endpoint's schema kept in the cache, and how the schema in use differs from one. */
export const schemaVersions = withRequest("schema_versions");
export const compareSchemaVersion = withRequest("compare_schema_version");
/** "Copy as curl": the command that sends what Run sends, put on the clipboard. */
export const copyAsCurl = withRequest("copy_as_curl");
/** A pasted curl command read into a request (nothing is sent). */
export const readCurl = withRequest("read_curl");
/** The history of runs: search it, mark a favourite, forget one, change how many are kept. */
export const historySearch = withRequest("history_search");
export const historyFavourite = withRequest("history_favourite");
export const historyRemove = withRequest("history_remove");
export const historyRetention = withRequest("history_retention");
/** How the schema in use differs from the one a refresh replaced. */
export const schemaChanges = without("schema_changes");
/**
 * A project folder: open one (or the one given at launch, or open last time), read and write its
 * documents (only `.graphql`/`.gql` files inside it), rename one, and wait for edits made on disk.
 */
export const projectOpen = withRequest("project_open");
export const projectCurrent = without("project_current");
export const projectClose = without("project_close");
export const projectRead = withRequest("project_read");
/** Writes a document and its variables beside it (`create`: never over an existing file). */
export const projectSave = withRequest("project_save");
export const projectRename = withRequest("project_rename");
/** Answers once something changed on disk after the generation given (0 at first). */
export const projectChanges = withRequest("project_changes");
/** A subscription in a tab: start it (Run on a subscription), its events in batches, stop it, copy it as NDJSON. */
export const streamStart = withRequest("stream_start");
export const streamEvents = withRequest("stream_events");
export const streamStop = withRequest("stream_stop");
export const streamCopy = withRequest("stream_copy");
