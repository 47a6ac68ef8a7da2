// @vitest-environment happy-dom
// The response pane as Solid renders it for a tab: what each state of a tab's last Run shows.

import { render } from "solid-js/web";
import { afterEach, describe, expect, it } from "vitest";

import { paneShown, ResponsePane } from "../src/components/ResponsePane";
import type { RunResult } from "../src/ipc";
import { tab as openTab, type Tab } from "../src/workspace";

let dispose: (() => void) | null = null;
let ranAgain = 0;
afterEach(() => {
  dispose?.();
  dispose = null;
  document.body.replaceChildren();
});

function shown(change: Partial<Tab>): void {
  const tab = { ...openTab({ id: "t", title: null, document: "", variables: "", endpoint: { kind: "demo" }, profile: null, headers: [], file: null }), ...change };
  dispose = render(() => <ResponsePane tab={tab} runAgain={() => (ranAgain += 1)} />, document.body);
}

const text = (id: string) => document.getElementById(id)?.textContent ?? "";
const hidden = (id: string) => (document.getElementById(id) as HTMLElement).hidden;

const failure: RunResult = {
  responseId: 7,
  outcome: { kind: "failure", message: "Server unreachable: could not connect to http://127.0.0.1:9 (connection refused).", elapsedMs: 3.21 },
  rateLimit: null,
  warning: null,
  historyNote: null,
};

const withErrors: RunResult = {
  responseId: 8,
  outcome: {
    kind: "response", status: 200, statusText: "OK", elapsedMs: 42, bodyBytes: 1234, headers: [["content-type", "application/json"]],
    summary: null,
    errors: [{ message: "Project not found", path: "project" }, { message: "<b>Not authorized</b>", path: null }],
    errorsNotShown: 3, lineCount: 0, layoutNote: null,
  },
  rateLimit: null,
  warning: null,
  historyNote: null,
};

describe("ResponsePane", () => {
  it("shows nothing but the placeholder before the first Run", () => {
    shown({});
    expect(text("response-status")).toBe("");
    expect(hidden("response-empty")).toBe(false);
    expect(hidden("response-message")).toBe(true);
    expect((document.getElementById("copy-response") as HTMLButtonElement).disabled).toBe(true);
  });

  it("shows a failure as a sentence, with no body, no headers and Copy off", () => {
    shown({ result: failure });
    expect(text("response-status")).toBe("No response");
    expect(document.getElementById("response-status")?.dataset.ok).toBe("false");
    expect(document.getElementById("response-status")?.dataset.responseId).toBe("7");
    expect(text("response-message")).toContain("Server unreachable");
    expect(hidden("response-message")).toBe(false);
    expect(text("response-time")).toBe("3.2 ms");
    expect(text("response-size")).toBe("");
    expect(document.getElementById("response-headers-list")?.children.length).toBe(0);
    expect(hidden("response-errors")).toBe(true);
    expect(hidden("response-empty")).toBe(true);
    expect((document.getElementById("copy-response") as HTMLButtonElement).disabled).toBe(true);
  });

  it("sets GraphQL errors apart, each with its path, and says how many more there are", () => {
    shown({ result: withErrors });
    expect(text("response-status")).toBe("200 OK");
    expect(document.getElementById("response-status")?.dataset.ok).toBe("false");
    expect(text("response-size")).toBe("1.2 kB");
    const items = [...document.querySelectorAll("#response-errors li")].map((item) => item.textContent);
    expect(items).toEqual(["Project not found project", "<b>Not authorized</b>", "and 3 more (Copy response has them all)"]);
    expect(document.querySelector("#response-errors b")).toBeNull();
    expect(hidden("response-errors")).toBe(false);
    expect(text("response-headers-list")).toBe("content-typeapplication/json");
    expect((document.getElementById("copy-response") as HTMLButtonElement).disabled).toBe(false);
  });

  it("says why nothing was sent, without the previous response's badge or body", () => {
    shown({ result: withErrors, notSent: "<img src=x onerror=alert(1)>" });
    expect(text("response-status")).toBe("Not sent");
    expect(text("response-message")).toBe("<img src=x onerror=alert(1)>");
    expect(document.querySelector("#response-message img")).toBeNull();
    expect(document.getElementById("response-status")?.dataset.responseId).toBeUndefined();
    expect(hidden("response-errors")).toBe(true);
  });

  it("marks the shown response outdated while the tab's request is on its way", () => {
    shown({ result: withErrors, running: true });
    const pane = document.getElementById("response-pane")!;
    expect(pane.classList.contains("pending")).toBe(true);
    expect(pane.getAttribute("aria-busy")).toBe("true");
    expect(text("response-status")).toBe("200 OK");
  });
});

it("offers to run again when the tab's response was let go", () => {
  ranAgain = 0;
  shown({ result: withErrors, letGo: true });
  expect(text("response-message")).toContain("Run again");
  document.getElementById("response-run-again")!.click();
  expect(ranAgain).toBe(1);
});

describe("paneShown", () => {
  it("keeps what a let-go response was, and says Run brings its body back", () => {
    const letGo = paneShown({ result: withErrors, notSent: null, letGo: true });
    expect(letGo.status).toBe("200 OK");
    expect(letGo.body).toBeNull();
    expect(letGo.message).toContain("Run again");
  });
});
