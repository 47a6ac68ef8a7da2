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

export type {
  CompletionList, Diagnostic, Hover, IpcError, Operation, SchemaStatus, VariableProblem,
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
export const useDemoSchema = () => call<SchemaStatus>("use_demo_schema");
export const loadSchemaText = (request: SchemaTextRequest) => call<SchemaStatus>("load_schema_text", { request });
export const complete = (request: CursorRequest) => call<CompletionList>("complete", { request });
export const diagnostics = (request: DocumentRequest) => call<Diagnostic[]>("diagnostics", { request });
export const hover = (request: CursorRequest) => call<Hover | null>("hover", { request });
export const format = (request: DocumentRequest) => call<string>("format", { request });
export const operations = (request: DocumentRequest) => call<Operation[]>("operations", { request });
export const checkVariables = (request: VariablesRequest) => call<VariableProblem[]>("check_variables", { request });
