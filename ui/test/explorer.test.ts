import { describe, expect, it } from "vitest";

import { mergeVariables, type MergedVariables, type VariableToAdd } from "../src/explorer/build";
import { memberHeight, PageCache } from "../src/explorer/pages";
import type { MemberShown } from "../src/generated/MemberShown";
import { firstVisit, markdownBlocks, webLink, memberOf, pageOf, shownPage, stepped, type TextBlock, visit } from "../src/explorer/history";

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

describe("variables a built field adds to the variables editor", () => {
  const input = { name: "input", valueJson: '{"name":"","isPublic":false}' };
  const id = { name: "id", valueJson: '""' };
  const cases: [string, string, VariableToAdd[], MergedVariables][] = [
    ["an empty editor gets an object", "", [id], { kind: "merged", text: '{\n  "id": ""\n}' }],
    ["blank text counts as empty", "  \n", [input], { kind: "merged", text: '{\n  "input": {\n    "name": "",\n    "isPublic": false\n  }\n}' }],
    ["what is typed keeps its value and its order", '{"id": "p-1", "b": 2}', [id, input], {
      kind: "merged",
      text: '{\n  "id": "p-1",\n  "b": 2,\n  "input": {\n    "name": "",\n    "isPublic": false\n  }\n}',
    }],
    ["nothing missing: unchanged", '{"id": "p-1"}', [id], { kind: "unchanged" }],
    ["nothing to add: unchanged, even for broken text", "{", [], { kind: "unchanged" }],
    ["broken JSON stays as it is", '{"id": ', [id, input], { kind: "not-an-object", names: ["id", "input"] }],
    ["an array stays as it is", "[1]", [id], { kind: "not-an-object", names: ["id"] }],
    ["null stays as it is", "null", [id], { kind: "not-an-object", names: ["id"] }],
  ];
  it.each(cases)("%s", (_, text, additions, expected) => {
    expect(mergeVariables(text, additions)).toEqual(expected);
  });
});

describe("which description links the browser may open", () => {
  const cases: [string, boolean][] = [
    ["https://docs.railway.com/reference/public-api", true],
    ["http://example.com", true],
    ["  HTTPS://Example.com/x ", true],
    ["mailto:support@example.com", true],
    ["javascript:alert(1)", false],
    ["file:///etc/passwd", false],
    ["/relative/path", false],
    ["https:///no-host", false],
    ["ftp://example.com", false],
    ["", false],
  ];
  it.each(cases)("%s: %s", (href, opens) => {
    expect(webLink(href)).toBe(opens);
  });
});

describe("explorer pages kept and asked for ahead", () => {
  const asking = () => {
    const asked: string[] = [];
    const cache = new PageCache<string>(async (name) => {
      asked.push(name);
      if (name === "Broken") throw new Error("no such type");
      return `page of ${name}`;
    }, 3);
    return { asked, cache };
  };

  it("asks Rust once for a page asked ahead and then opened", async () => {
    const { asked, cache } = asking();
    cache.prefetch("Repository");
    expect(await cache.get("Repository")).toBe("page of Repository");
    expect(asked).toEqual(["Repository"]);
  });

  it("keeps the pages used last, up to its capacity", async () => {
    const { asked, cache } = asking();
    for (const name of ["Query", "User", "Issue"]) await cache.get(name);
    await cache.get("Query");
    await cache.get("Team");
    expect(cache.names()).toEqual(["Issue", "Query", "Team"]);
    await cache.get("User");
    expect(asked).toEqual(["Query", "User", "Issue", "Team", "User"]);
  });

  it("asks again for a page that failed, and says the failure to whoever opened it", async () => {
    const { asked, cache } = asking();
    cache.prefetch("Broken");
    await expect(cache.get("Broken")).rejects.toThrow("no such type");
    await Promise.resolve();
    expect(cache.names()).toEqual([]);
    await expect(cache.get("Broken")).rejects.toThrow("no such type");
    expect(asked).toEqual(["Broken", "Broken"]);
  });
});

describe("a member's height before it is drawn (rows a long page draws first)", () => {
  const field = (change: Partial<MemberShown>): MemberShown => ({ name: "id", typeText: "ID!", typeName: "ID", ...change });
  const longInput = { name: "input", typeText: "AddProjectV2DraftIssueToProjectV2Input!", typeName: "AddProjectV2DraftIssueToProjectV2Input" };
  const cases: [string, MemberShown, number][] = [
    ["a short field: one line", field({}), 26],
    ["a description of two lines", field({ description: "x".repeat(100) }), 62],
    ["a signature that wraps", field({ name: "addProjectV2DraftIssue", arguments: [longInput], typeText: "AddProjectV2DraftIssuePayload" }), 66],
    ["deprecated, with its reason", field({ deprecated: true, deprecationReason: "Use `uuid`." }), 44],
  ];
  it.each(cases)("%s", (_, member, height) => {
    expect(memberHeight(member)).toBe(height);
  });
});
