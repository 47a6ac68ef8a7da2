import { describe, expect, it } from "vitest";

import { firstVisit, markdownBlocks, memberOf, pageOf, shownPage, stepped, type TextBlock, visit } from "../src/explorer/history";

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

describe("a description's Markdown, as text pieces", () => {
  const show = (blocks: TextBlock[]) =>
    blocks.map((block) => `${block.kind}: ${block.pieces.map((piece) => {
      if (piece.code) return `code(${piece.text})`;
      if (piece.strong) return `strong(${piece.text})`;
      if (piece.em) return `em(${piece.text})`;
      if (piece.href) return `link(${piece.text} → ${piece.href})`;
      return piece.text;
    }).join("|")}`);
  const cases: [string, string[]][] = [
    ["Use `name`.", ["paragraph: Use |code(name)|."]],
    ["plain", ["paragraph: plain"]],
    ["an ` unmatched backtick", ["paragraph: an ` unmatched backtick"]],
    ["<b>bold</b> `<img>`", ["paragraph: <b>bold</b> |code(<img>)"]],
    ["One line\nthe same paragraph.\n\nAnother.", ["paragraph: One line the same paragraph.", "paragraph: Another."]],
    ["Kinds:\n- **open** issues\n- *closed* ones", ["paragraph: Kinds:", "item: strong(open)| issues", "item: em(closed)| ones"]],
    ["See [the docs](https://docs.github.com/graphql).", ["paragraph: See |link(the docs → https://docs.github.com/graphql)|."]],
    ["```\nquery { viewer }\n```", ["code: code(query { viewer })"]],
    ["a snake_case_name stays", ["paragraph: a snake_case_name stays"]],
    ["", []],
  ];
  it.each(cases)("%j", (text, blocks) => {
    expect(show(markdownBlocks(text))).toEqual(blocks);
  });
});
