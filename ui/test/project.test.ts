import { describe, expect, it } from "vitest";

import { documentPath, filtered, relativeTo, suggestedName, touches, unsaved, variablesFileOf } from "../src/project";

describe("a tab's file in the open project", () => {
  const cases: [string, string | null, string | null][] = [
    ["/home/ana/api", "/home/ana/api/queries/me.graphql", "queries/me.graphql"],
    ["/home/ana/api/", "/home/ana/api/me.graphql", "me.graphql"],
    ["/home/ana/api", "/home/ana/api-old/me.graphql", null],
    ["/home/ana/api", null, null],
  ];
  it.each(cases)("%s, %s → %s", (dir, file, relative) => {
    expect(relativeTo(dir, file)).toBe(relative);
  });
});

describe("which open documents an edit on disk touches", () => {
  const cases: [string, string[], boolean][] = [
    ["queries/me.graphql", ["queries/me.graphql"], true],
    ["queries/me.graphql", ["queries/me.variables.json"], true],
    ["queries/me.gql", ["queries/me.variables.json"], true],
    ["queries/me.graphql", ["queries/me2.graphql", "me.graphql"], false],
    ["queries/me.graphql", [], false],
  ];
  it.each(cases)("%s by %j: %s", (document, changed, touched) => {
    expect(touches(document, changed)).toBe(touched);
  });
  it("names the variables file as Rust does", () => {
    expect(variablesFileOf("a/me.graphql")).toBe("a/me.variables.json");
  });
});

describe("unsaved changes", () => {
  const saved = { text: "{ me }\n", variables: null };
  const cases: [string, string, string, typeof saved | { text: string; variables: string | null } | null, boolean][] = [
    ["as saved", "{ me }\n", "{}\n", saved, false],
    ["no variables file and none typed", "{ me }\n", "", saved, false],
    ["no variables file and an empty object spread out", "{ me }\n", "{\n}\n", saved, false],
    ["a variable typed", "{ me }\n", "{\"a\": 1}", saved, true],
    ["the document edited", "{ me { id } }\n", "{}\n", saved, true],
    ["a comment's space counts", "{ me }", "{}\n", saved, true],
    ["variables as in their file", "{ me }\n", "{\"a\": 1}\n", { text: "{ me }\n", variables: "{\"a\": 1}\n" }, false],
    ["never saved", "{ me }\n", "{}\n", null, true],
  ];
  it.each(cases)("%s", (_, document, variables, was, expected) => {
    expect(unsaved(document, variables, was)).toBe(expected);
  });
});

describe("names typed for a document", () => {
  const cases: [string, string | null][] = [
    ["me", "me.graphql"],
    ["  queries/me.gql ", "queries/me.gql"],
    ["./queries//me", "queries/me.graphql"],
    ["queries\\me.graphql", "queries/me.graphql"],
    ["queries/", null],
    ["   ", null],
  ];
  it.each(cases)("%j → %j", (typed, path) => {
    expect(documentPath(typed)).toBe(path);
  });
  it("offers the operation's name, not one taken", () => {
    expect(suggestedName("query Viewer { viewer { login } }", [])).toBe("Viewer.graphql");
    expect(suggestedName("{ me }", ["untitled.graphql", "untitled-2.graphql"])).toBe("untitled-3.graphql");
  });
  it("filters the list by every word typed", () => {
    expect(filtered(["queries/me.graphql", "mutations/deploy.graphql", "queries/deploys.graphql"], "quer dep")).toEqual(["queries/deploys.graphql"]);
    expect(filtered(["a.graphql"], " ")).toEqual(["a.graphql"]);
  });
});
