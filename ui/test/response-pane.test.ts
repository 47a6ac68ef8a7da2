// @vitest-environment happy-dom
// The response pane on the real page structure (index.html): what a failed exchange shows.

import { readFileSync } from "node:fs";
import { join } from "node:path";

import { beforeEach, describe, expect, it } from "vitest";

import type { RunResult } from "../src/ipc";
import { ResponsePane } from "../src/response/pane";

beforeEach(() => {
  // Vitest runs in ui/.
  const html = readFileSync(join(process.cwd(), "index.html"), "utf8");
  document.body.innerHTML = new DOMParser().parseFromString(html, "text/html").body.innerHTML;
});

const text = (id: string) => document.getElementById(id)?.textContent ?? "";
const hidden = (id: string) => (document.getElementById(id) as HTMLElement).hidden;

describe("ResponsePane", () => {
  it("shows a failure as a sentence, with no body, no headers and Copy off", () => {
    const pane = new ResponsePane();
    const failure: RunResult = {
      responseId: 7,
      outcome: { kind: "failure", message: "Server unreachable: could not connect to http://127.0.0.1:9 (connection refused).", elapsedMs: 3.21 },
      rateLimit: null,
      warning: null,
    };
    pane.show(failure);
    expect(text("response-status")).toBe("No response");
    expect(document.getElementById("response-status")?.dataset.ok).toBe("false");
    expect(text("response-message")).toContain("Server unreachable");
    expect(hidden("response-message")).toBe(false);
    expect(text("response-time")).toBe("3.2 ms");
    expect(text("response-size")).toBe("");
    expect(document.getElementById("response-headers-list")?.children.length).toBe(0);
    expect(hidden("response-errors")).toBe(true);
    expect((document.getElementById("copy-response") as HTMLButtonElement).disabled).toBe(true);
  });

  it("keeps markup from a server as text", () => {
    const pane = new ResponsePane();
    pane.showMessage("<img src=x onerror=alert(1)>");
    expect(text("response-message")).toBe("<img src=x onerror=alert(1)>");
    expect(document.querySelector("#response-message img")).toBeNull();
  });
});
