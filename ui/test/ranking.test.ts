// The page's port of the engine's ranking: the tiers in order, deprecated items last, ties in order.

import { describe, expect, it } from "vitest";

import { rank, score } from "../src/editor/ranking";

const item = (filter: string, deprecated = false) => ({ filter, deprecated });

describe("score", () => {
  // (typed, candidate, [tier, rank] or null)
  const cases: [string, string, [number, number] | null][] = [
    ["", "anything", [0, 0]],
    ["pro", "project", [0, 1]],
    ["project", "project", [0, 0]],
    ["Pro", "project", [1, 1]],
    ["id", "projectId", [2, 7]],
    ["ject", "project", [3, 3]],
    ["pjt", "project", [4, 7]],
    ["porj", "project", [5, 1]],
    ["pojrect", "project", [5, 2]],
    ["xyz", "project", null],
    ["p", "environment", null],
  ];
  it.each(cases)("%s against %s", (typed, candidate, expected) => {
    expect(score(typed, candidate)).toEqual(expected);
  });
});

describe("rank", () => {
  it("orders by tier and keeps ties in their order", () => {
    const candidates = [item("environment"), item("projects"), item("project"), item("myProject"), item("pjt")];
    expect(rank("pro", candidates).map((c) => c.filter)).toEqual(["projects", "project", "myProject"]);
  });
  it("puts a name that starts with the word before fuzzy matches, deprecated or not", () => {
    const candidates = [item("profile"), item("providerAuths"), item("projects", true)];
    expect(rank("proj", candidates).map((c) => c.filter)).toEqual(["projects", "profile", "providerAuths"]);
  });
  it("answers everything for an empty word", () => {
    const candidates = [item("b"), item("a", true), item("c")];
    expect(rank("", candidates).map((c) => c.filter)).toEqual(["b", "c", "a"]);
  });
});

describe("the table of cases shared with the engine (tests/data/completion-ranking.json)", async () => {
  const { readFileSync } = await import("node:fs");
  const { join } = await import("node:path");
  const table = JSON.parse(readFileSync(join(process.cwd(), "..", "tests", "data", "completion-ranking.json"), "utf8")) as {
    cases: { typed: string; candidates: [string, boolean][]; ranked: string[] }[];
  };
  it.each(table.cases.map((c) => [c.typed, c] as const))("typed %j", (_typed, c) => {
    const candidates = c.candidates.map(([filter, deprecated]) => ({ filter, deprecated }));
    expect(rank(c.typed, candidates).map((candidate) => candidate.filter)).toEqual(c.ranked);
  });
});
