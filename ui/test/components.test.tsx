// @vitest-environment happy-dom
// The window's parts as Solid renders them from given state: what a person reads and what their
// clicks and keys ask for.

import { createSignal, type JSX } from "solid-js";
import { render } from "solid-js/web";
import { afterEach, describe, expect, it } from "vitest";

import { closedUntil, RateLimitPanel, ticking } from "../src/components/RateLimitPanel";
import { describeChanges, noSchema, SchemaStatus, type SchemaShown } from "../src/components/SchemaStatus";
import { type StripActions, type StripTab, TabStrip } from "../src/components/TabStrip";
import { drawnWhole, VirtualList } from "../src/components/VirtualList";
import type { RateLimitShown, SchemaStatus as SchemaStatusOf } from "../src/ipc";

let dispose: (() => void) | null = null;
afterEach(() => {
  dispose?.();
  dispose = null;
  document.body.replaceChildren();
});
const mount = (view: () => JSX.Element) => { dispose = render(view, document.body); };
const text = (id: string) => document.getElementById(id)?.textContent ?? "";
const hidden = (id: string) => (document.getElementById(id) as HTMLElement).hidden;

const now = Date.UTC(2026, 11, 2, 12, 0, 0);
const budget = (change: Partial<RateLimitShown>): RateLimitShown => ({
  limit: 1000, remaining: 997, resetAtUnixMs: now + 65_000, retryAfterUntilUnixMs: null, resource: null, clampNote: null,
  gate: { kind: "open" }, recent: [], ...change,
});

describe("RateLimitPanel", () => {
  const cases: [string, RateLimitShown | null, { remaining: string; reset: string; retry: string; gateOpen: boolean }][] = [
    ["nothing sent yet", null, { remaining: "", reset: "", retry: "", gateOpen: true }],
    ["a budget with its reset ahead", budget({}), { remaining: "997 of 1000 left", reset: "resets in 1 min 5 s", retry: "", gateOpen: true }],
    [
      "the server's Retry-After: one countdown, the gate's",
      budget({ remaining: 0, gate: { kind: "closed", untilUnixMs: now + 42_000, reason: "retryAfter" } }),
      { remaining: "0 of 1000 left", reset: "", retry: "The server asked to wait: retry after 42 s", gateOpen: false },
    ],
    [
      "a window that has reset: its old count is not shown",
      budget({ remaining: 0, resetAtUnixMs: now - 5_000 }),
      { remaining: "The window has reset: 1000 expected (the next answer says)", reset: "reset at", retry: "", gateOpen: true },
    ],
  ];
  it.each(cases)("%s", (_, shown, expected) => {
    mount(() => <RateLimitPanel budget={{ shown, warning: null }} now={now} sendAnyway={() => {}} />);
    expect(text("rate-limit-remaining")).toBe(expected.remaining);
    expect(text("rate-limit-reset").startsWith(expected.reset)).toBe(true);
    if (expected.reset === "") expect(text("rate-limit-reset")).toBe("");
    expect(text("rate-limit-retry")).toBe(expected.retry);
    expect(hidden("rate-limit-closed")).toBe(expected.gateOpen);
    expect(closedUntil(shown, now) === null).toBe(expected.gateOpen);
  });

  it("ticks while a countdown runs, and stops once the window has reset", () => {
    expect(ticking(budget({}), now)).toBe(true);
    expect(ticking(budget({ resetAtUnixMs: now - 5_000 }), now)).toBe(false);
    expect(ticking(null, now)).toBe(false);
  });

  it("says a warning in words and keeps its numbers for the tooltip", () => {
    mount(() => <RateLimitPanel budget={{ shown: budget({ remaining: 3 }), warning: "3 of 1000 left, resets in 1 min" }} now={now} sendAnyway={() => {}} />);
    expect(text("rate-limit-warning")).toBe("Few requests left in this window.");
    expect(document.getElementById("rate-limit-warning")?.title).toBe("3 of 1000 left, resets in 1 min");
  });
});

const status: SchemaStatusOf = {
  source: { kind: "endpoint", url: "https://backboard.railway.com/graphql/v2", fromCache: true, fetchedAtUnixMs: Date.now() },
  nTypes: 512,
  loadedAtUnixMs: Date.now(),
  warnings: [],
  changes: null,
};
const endpointUrl = "https://backboard.railway.com/graphql/v2";

describe("SchemaStatus", () => {
  const cases: [string, SchemaShown, string, boolean][] = [
    ["no schema", noSchema, "No schema", false],
    ["from the cache", { ...noSchema, status }, "backboard.railway.com · from cache", false],
    ["loading another endpoint's", { ...noSchema, loading: { url: "https://api.github.com/graphql", refresh: false } }, "Loading the schema of api.github.com…", true],
    ["refreshing", { status, loading: { url: endpointUrl, refresh: true }, error: null }, "Refreshing the schema of backboard.railway.com…", true],
  ];
  it.each(cases)("%s", (_, shown, source, cancellable) => {
    mount(() => <SchemaStatus shown={shown} demoUrl={null} cancel={() => {}} refreshAnyway={() => {}} showChanges={() => {}} />);
    expect(text("schema-source")).toBe(source);
    expect(hidden("cancel-schema")).toBe(!cancellable);
  });

  it("keeps the schema in use named beside a failure, and offers a refresh past the rate limit", () => {
    const shown: SchemaShown = { status, loading: null, error: { kind: "rateLimited", message: "The rate limit says wait 42 s." } as never };
    mount(() => <SchemaStatus shown={shown} demoUrl={null} cancel={() => {}} refreshAnyway={() => {}} showChanges={() => {}} />);
    expect(text("schema-source")).toBe("backboard.railway.com · from cache");
    expect(text("schema-error")).toBe("The rate limit says wait 42 s.");
    expect(hidden("refresh-override")).toBe(false);
  });
});

describe("the changes a refresh found", () => {
  const cases: [{ breaking: number; dangerous: number; safe: number }, string][] = [
    [{ breaking: 2, dangerous: 0, safe: 2 }, "2 breaking, 2 safe changes"],
    [{ breaking: 0, dangerous: 1, safe: 0 }, "1 dangerous change"],
    [{ breaking: 0, dangerous: 0, safe: 0 }, "No changes"],
  ];
  it.each(cases)("%j → %s", (changes, said) => expect(describeChanges(changes)).toBe(said));

  it("are a button in the status that opens them", () => {
    let opened = 0;
    const shown: SchemaShown = { ...noSchema, status: { ...status, changes: { breaking: 1, dangerous: 0, safe: 0, sinceUnixMs: 0 } } };
    mount(() => <SchemaStatus shown={shown} demoUrl={null} cancel={() => {}} refreshAnyway={() => {}} showChanges={() => (opened += 1)} />);
    const button = document.getElementById("schema-changes")!;
    expect(button.textContent).toBe("1 breaking change");
    button.click();
    expect(opened).toBe(1);
  });
});

describe("TabStrip", () => {
  function strip(tabs: StripTab[]) {
    const asked: string[] = [];
    const [renaming, setRenaming] = createSignal<string | null>(null);
    const actions: StripActions = {
      select: (id) => asked.push(`select ${id}`),
      close: (id) => asked.push(`close ${id}`),
      create: () => asked.push("create"),
      duplicate: (id) => asked.push(`duplicate ${id}`),
      rename: (id, title) => asked.push(`rename ${id} ${title === undefined ? "unchanged" : JSON.stringify(title)}`),
      move: (id, to) => asked.push(`move ${id} ${to}`),
    };
    mount(() => <TabStrip tabs={tabs} active="b" notice={null} renaming={renaming()} setRenaming={setRenaming} unsaved={(id) => id === "a"} actions={actions} />);
    return { asked, setRenaming };
  }
  const tabs: StripTab[] = [
    { id: "a", title: null, document: "query Projects { projects { edges { node { id } } } }", running: false, file: "/home/ana/api/projects.graphql" },
    { id: "b", title: "Mine", document: "{ me { email } }", running: true, file: null },
  ];
  const titles = () => [...document.querySelectorAll(".tab")].map((tab) => tab.querySelector(".tab-title")?.textContent);

  it("shows each tab's title, the one in front selected, a running one marked, an unsaved one dotted", () => {
    strip(tabs);
    expect(titles()).toEqual(["projects.graphql", "Mine"]);
    const front = document.querySelector<HTMLElement>('.tab[aria-selected="true"]');
    expect(front?.dataset.tabId).toBe("b");
    expect(front?.classList.contains("running")).toBe(true);
    expect([...document.querySelectorAll(".tab")].map((tab) => tab.querySelector(".tab-unsaved") !== null)).toEqual([true, false]);
  });

  it("asks for what is clicked: a tab, its close button, the new-tab button", () => {
    const { asked } = strip(tabs);
    document.querySelector<HTMLElement>('.tab[data-tab-id="a"] .tab-title')!.click();
    document.querySelector<HTMLElement>('.tab[data-tab-id="b"] .tab-close')!.click();
    document.getElementById("new-tab")!.click();
    expect(asked).toEqual(["select a", "close b", "create"]);
  });

  const renames: [string, string, string][] = [
    ["Enter keeps the name typed", "Enter", 'rename b "Account"'],
    ["Escape leaves the name as it was", "Escape", "rename b unchanged"],
  ];
  it.each(renames)("%s", (_, key, expected) => {
    const { asked, setRenaming } = strip(tabs);
    setRenaming("b");
    const input = document.getElementById("tab-rename") as HTMLInputElement;
    input.value = "Account";
    input.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true }));
    expect(asked).toEqual([expected]);
  });
});

describe("VirtualList", () => {
  const items = (n: number) => Array.from({ length: n }, (_, at) => `row ${at}`);
  const list = (count: number, estimatedStart?: number) => {
    const scroller = document.createElement("div");
    document.body.append(scroller);
    mount(() => (
      <VirtualList id="rows" items={items(count)} scroller={() => scroller} estimate={20} estimatedStart={estimatedStart}>
        {(item) => <li>{item}</li>}
      </VirtualList>
    ));
    const shown = [...document.querySelectorAll("#rows li")].map((row) => row.textContent);
    const style = (document.getElementById("rows") as HTMLElement).style;
    return { shown, above: style.paddingTop, below: style.paddingBottom };
  };

  it("draws a short list whole", () => {
    expect(list(drawnWhole).shown).toHaveLength(drawnWhole);
  });

  it("draws a long list's first rows from estimates, the rest held by a spacer of their estimated height", () => {
    const { shown, above, below } = list(500);
    const inView = Math.ceil(window.innerHeight / 20);
    expect(shown.length).toBeGreaterThanOrEqual(inView);
    expect(shown.length).toBeLessThanOrEqual(inView + 4);
    expect(shown[0]).toBe("row 0");
    expect(above).toBe("0px");
    expect(below).toBe(`${(500 - shown.length) * 20}px`);
  });

  it("draws no more than its overscan of a list estimated to start below the window", () => {
    const { shown, below } = list(500, window.innerHeight + 1000);
    expect(shown.length).toBeLessThanOrEqual(4);
    expect(parseFloat(below)).toBeGreaterThanOrEqual((500 - shown.length) * 20);
  });
});
