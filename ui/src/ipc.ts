// The only module that calls `invoke`: one typed function per command of src-tauri/src/commands.rs.
// The types are generated from the Rust ones (src/generated/, see src-tauri/src/ipc.rs).

import { invoke } from "@tauri-apps/api/core";

import type { CompletionList } from "./generated/CompletionList";
import type { CursorRequest } from "./generated/CursorRequest";
import type { Diagnostic } from "./generated/Diagnostic";
import type { DocumentRequest } from "./generated/DocumentRequest";
import type { Hover } from "./generated/Hover";
import type { IpcError } from "./generated/IpcError";
import type { Operation } from "./generated/Operation";
import type { SchemaStatus } from "./generated/SchemaStatus";
import type { SchemaTextRequest } from "./generated/SchemaTextRequest";
import type { VariableProblem } from "./generated/VariableProblem";
import type { VariablesRequest } from "./generated/VariablesRequest";
import type { EndpointProfiles } from "./generated/EndpointProfiles";
import type { EndpointRequest } from "./generated/EndpointRequest";
import type { HeadersKept } from "./generated/HeadersKept";
import type { HeadersRequest } from "./generated/HeadersRequest";
import type { OriginRequest } from "./generated/OriginRequest";
import type { FetchSchemaRequest } from "./generated/FetchSchemaRequest";
import type { ProfileRequest } from "./generated/ProfileRequest";
import type { ProfileShown } from "./generated/ProfileShown";
import type { RateLimitShown } from "./generated/RateLimitShown";
import type { ResponseLinesRequest } from "./generated/ResponseLinesRequest";
import type { RunRequest } from "./generated/RunRequest";
import type { RunResult } from "./generated/RunResult";
import type { SaveProfileRequest } from "./generated/SaveProfileRequest";

export type {
  CompletionList, Diagnostic, EndpointProfiles, EndpointRequest, HeadersKept, Hover, IpcError, Operation, ProfileShown,
  RateLimitShown, RunResult, SchemaStatus, VariableProblem,
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

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw asCommandError(error);
  }
}

export const schemaStatus = () => call<SchemaStatus | null>("schema_status");
export const loadSchemaText = (request: SchemaTextRequest) => call<SchemaStatus>("load_schema_text", { request });
export const complete = (request: CursorRequest) => call<CompletionList>("complete", { request });
export const diagnostics = (request: DocumentRequest) => call<Diagnostic[]>("diagnostics", { request });
export const hover = (request: CursorRequest) => call<Hover | null>("hover", { request });
export const format = (request: DocumentRequest) => call<string>("format", { request });
export const operations = (request: DocumentRequest) => call<Operation[]>("operations", { request });
export const checkVariables = (request: VariablesRequest) => call<VariableProblem[]>("check_variables", { request });
export const demoEndpoint = () => call<string>("demo_endpoint");
export const fetchSchema = (request: FetchSchemaRequest) => call<SchemaStatus>("fetch_schema", { request });
export const run = (request: RunRequest) => call<RunResult>("run", { request });
export const cancelRun = () => call<null>("cancel_run");
export const responseLines = (request: ResponseLinesRequest) => call<string[]>("response_lines", { request });
export const responseText = (request: ResponseLinesRequest) => call<string>("response_text", { request });
export const rateLimit = (request: EndpointRequest) => call<RateLimitShown | null>("rate_limit", { request });
/** The endpoint's origin as Sextant spells it, and the profiles bound to it. */
export const endpointProfiles = (request: OriginRequest) => call<EndpointProfiles>("endpoint_profiles", { request });
/** Which typed headers carry credentials, and the headers text that may be kept on disk. */
export const headersKept = (request: HeadersRequest) => call<HeadersKept>("headers_kept", { request });
/** Stores the token in the keychain. Nothing answers it back: there is no command that could. */
export const saveProfile = (request: SaveProfileRequest) => call<ProfileShown>("save_profile", { request });
export const removeProfile = (request: ProfileRequest) => call<null>("remove_profile", { request });
export const tokenStored = (request: ProfileRequest) => call<boolean>("token_stored", { request });
