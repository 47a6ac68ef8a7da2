import { describe, expect, it } from "vitest";

import { afterClose, compactCount, isTab, moved, sameEndpoint, stepped, tabTitle } from "../src/tabs";

describe("a stream's count on its tab", () => {
  const cases: [number, string][] = [[0, "0"], [7, "7"], [999, "999"], [1000, "1k"], [1234, "1.2k"], [9999, "9.9k"], [34_567, "34k"], [999_999, "999k"], [1_250_000, "1.2M"], [42_000_000, "42M"]];
  it.each(cases)("%d: %s", (n, shown) => {
    expect(compactCount(n)).toBe(shown);
  });
});

describe("a tab's title", () => {
  const cases: [string | null, string, string, string?][] = [
    ["Mine", "query Projects { projects { edges { node { name } } } }", "Mine"],
    ["Mine", "query Projects { projects { id } }", "Mine", "/home/ana/api/projects.graphql"],
    [null, "query Projects { projects { id } }", "projects.graphql", "/home/ana/api/queries/projects.graphql"],
    [null, "query Projects { projects { edges { node { name } } } }", "Projects"],
    [null, "# a comment\nmutation Create($input: PluginCreateInput!) { pluginCreate(input: $input) { id } }", "Create"],
    [null, "subscription Logs { deploymentLogs(deploymentId: \"x\") { message } }", "Logs"],
    [null, "{ me { email } }", "{ me { email } }"],
    [null, "{ projects { edges { node { name services { edges { node { name } } } } } } }", "{ projects { edges { no…"],
    [null, "{\n  \n}\n", "Untitled"],
    [null, "", "Untitled"],
    [null, "# only a comment\n", "Untitled"],
  ];
  it.each(cases)("title %s, document %j → %s", (title, document, expected, file) => {
    expect(tabTitle({ title, document, file: file ?? null })).toBe(expected);
  });
});

describe("which tab comes forward after a close", () => {
  const cases: [number, number, number][] = [
    // count, closed, then shown (index among the tabs left)
    [3, 0, 0],
    [3, 1, 1],
    [3, 2, 1],
    [2, 1, 0],
  ];
  it.each(cases)("%i tabs, closing %i → %i", (count, closed, expected) => {
    expect(afterClose(count, closed)).toBe(expected);
  });
});

describe("moving and stepping", () => {
  it.each([
    [0, 2, ["b", "c", "a"]],
    [2, 0, ["c", "a", "b"]],
    [1, 9, ["a", "c", "b"]],
    [1, -1, ["b", "a", "c"]],
  ] as const)("moving %i to %i", (from, to, expected) => {
    expect(moved(["a", "b", "c"], from, to)).toEqual(expected);
  });
  it.each([
    [3, 2, 1, 0],
    [3, 0, -1, 2],
    [3, 1, 1, 2],
  ])("%i tabs, from %i by %i → %i", (count, index, step, expected) => {
    expect(stepped(count, index, step)).toBe(expected);
  });
});

describe("Tab, as WebKitGTK reports it", () => {
  it.each([
    [{ key: "Tab", code: "Tab", keyCode: 9 }, true],
    // Shift+Tab: GDK's ISO_Left_Tab, which WebKitGTK does not name.
    [{ key: "Unidentified", code: "", keyCode: 9 }, true],
    [{ key: "Unidentified", code: "Tab", keyCode: 0 }, true],
    [{ key: "t", code: "KeyT", keyCode: 84 }, false],
  ])("%j → %s", (event, expected) => {
    expect(isTab(event)).toBe(expected);
  });
});

describe("the same endpoint", () => {
  it.each([
    [{ kind: "demo" }, { kind: "demo" }, true],
    [{ kind: "url", url: "https://a.test/graphql" }, { kind: "url", url: "https://a.test/graphql" }, true],
    [{ kind: "url", url: "https://a.test/graphql" }, { kind: "url", url: "https://b.test/graphql" }, false],
    [{ kind: "demo" }, { kind: "url", url: "https://a.test/graphql" }, false],
  ] as const)("%j and %j → %s", (a, b, expected) => {
    expect(sameEndpoint(a, b)).toBe(expected);
  });
});
