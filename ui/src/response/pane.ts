// The response pane: status, time, size and headers of the last response, its GraphQL errors
// set apart from its data, the data in the virtualized JSON view, and Copy response.
// Everything from the server is shown as text.

import { JsonView, layOut, prettyLines } from "./json-view";

/** One HTTP response as the pane shows it. */
export interface ResponseShown {
  status: number;
  elapsedMs: number;
  headers: [string, string][];
  body: string;
}

interface GraphqlError {
  message?: unknown;
  path?: unknown;
  locations?: unknown;
}

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} is missing from index.html`);
  return found as T;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** The body's GraphQL errors, and the lines of the rest (data, extensions), parsing the body once. */
function splitErrors(body: string): { errors: GraphqlError[]; lines: string[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { errors: [], lines: layOut(body) }; // Not JSON: shown as it came.
  }
  if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) && "errors" in parsed) {
    const { errors, ...rest } = parsed as { errors: unknown };
    return { errors: Array.isArray(errors) ? errors : [{ message: errors }], lines: prettyLines(rest) };
  }
  return { errors: [], lines: prettyLines(parsed) };
}

export class ResponsePane {
  private readonly view = new JsonView(element("response-body"));
  private body = "";

  constructor() {
    element<HTMLButtonElement>("copy-response").addEventListener("click", () => {
      if (this.body) void navigator.clipboard.writeText(this.body);
    });
  }

  show(response: ResponseShown): void {
    this.body = response.body;
    const status = element("response-status");
    status.textContent = String(response.status);
    status.dataset.ok = String(response.status >= 200 && response.status < 300);
    element("response-time").textContent = `${Math.round(response.elapsedMs)} ms`;
    element("response-size").textContent = formatBytes(new TextEncoder().encode(response.body).length);

    const headers = element("response-headers-list");
    headers.replaceChildren(
      ...response.headers.map(([name, value]) => {
        const row = document.createElement("div");
        const key = document.createElement("dt");
        key.textContent = name;
        const text = document.createElement("dd");
        text.textContent = value;
        row.append(key, text);
        return row;
      }),
    );

    const { errors, lines } = splitErrors(response.body);
    const list = element("response-errors");
    list.hidden = errors.length === 0;
    list.replaceChildren(
      ...errors.map((error) => {
        const item = document.createElement("li");
        item.textContent = typeof error.message === "string" ? error.message : JSON.stringify(error);
        if (Array.isArray(error.path)) {
          const path = document.createElement("code");
          path.textContent = error.path.join(".");
          item.append(" ", path);
        }
        return item;
      }),
    );
    this.view.show(lines);
    element<HTMLButtonElement>("copy-response").disabled = false;
  }
}
