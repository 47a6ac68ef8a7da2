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
  it("puts deprecated items last", () => {
    const candidates = [item("projects", true), item("project"), item("profile")];
    expect(rank("pro", candidates).map((c) => c.filter)).toEqual(["project", "profile", "projects"]);
  });
  it("answers everything for an empty word", () => {
    const candidates = [item("b"), item("a", true), item("c")];
    expect(rank("", candidates).map((c) => c.filter)).toEqual(["b", "c", "a"]);
  });
});
