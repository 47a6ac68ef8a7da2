import { describe, expect, it } from "vitest";

import { firstVisit, memberOf, pageOf, shownPage, stepped, textPieces, visit } from "../src/explorer/history";

describe("the explorer's back and forward", () => {
  it("drops the pages ahead on a new visit, and a page visited twice in a row counts once", () => {
    let visits = visit(visit(visit(firstVisit, "Query"), "Project"), "Project");
    expect(visits.pages).toEqual(["", "Query", "Project"]);
    visits = stepped(visits, -1);
    expect(shownPage(visits)).toBe("Query");
    visits = visit(visits, "User");
    expect(visits.pages).toEqual(["", "Query", "User"]);
    expect(stepped(visits, 1)).toBe(visits);
    expect(shownPage(stepped(stepped(stepped(visits, -1), -1), -1))).toBe("");
  });
});

describe("coordinates to pages", () => {
  const cases: [string, string, string | null][] = [
    ["Project", "Project", null],
    ["Project.services", "Project", "services"],
    ["Query.project(id:)", "Query", "project"],
    ["DeploymentStatus.CRASHED", "DeploymentStatus", "CRASHED"],
    ["@cached", "@cached", null],
    ["@cached(seconds:)", "@cached", null],
    ["", "", null],
  ];
  it.each(cases)("%s opens %s at %s", (coordinate, page, member) => {
    expect(pageOf(coordinate)).toBe(page);
    expect(memberOf(coordinate)).toBe(member);
  });
});

describe("a description's text", () => {
  const cases: [string, [string, boolean][]][] = [
    ["Use `name`.", [["Use ", false], ["name", true], [".", false]]],
    ["plain", [["plain", false]]],
    ["an ` unmatched backtick", [["an ` unmatched backtick", false]]],
    ["<b>bold</b> `<img>`", [["<b>bold</b> ", false], ["<img>", true]]],
  ];
  it.each(cases)("%j", (text, pieces) => {
    expect(textPieces(text).map((piece) => [piece.text, piece.code])).toEqual(pieces);
  });
});
