import { describe, expect, it } from "vitest";

import { endpointLabel, entryTitle, looksLikeCurl, outcomeText } from "../src/history";

describe("a run in the history's list", () => {
  const titles: [string | null, string, string][] = [
    ["Projects", "query Projects { projects { edges { node { id } } } }", "Projects"],
    [null, "{\n  me {\n    id\n  }\n}\n", "{ me { id } }"],
    [null, "# who am I\n{ me { id } }", "{ me { id } }"],
    [null, "   \n", "(empty document)"],
    [null, `{ ${"field ".repeat(20)}}`, `{ ${"field ".repeat(9)}fie…`],
  ];
  it.each(titles)("operation %s, document %j: %s", (operationName, document, title) => {
    expect(entryTitle({ operationName, document })).toBe(title);
  });

  const outcomes: [number | null, string | null, boolean, string][] = [
    [200, null, false, "200"],
    [200, null, true, "200 · errors"],
    [502, null, false, "502"],
    [null, "the server could not be reached", false, "no answer"],
    [null, null, false, "not sent"],
  ];
  it.each(outcomes)("status %s, failure %s, errors %s: %s", (status, failure, graphqlErrors, text) => {
    expect(outcomeText({ status, failure, graphqlErrors })).toBe(text);
  });

  const streams: [number, string | null, string][] = [
    [1234, null, "1,234 events"],
    [1, null, "1 event"],
    [3, "The connection was lost: reset.", "3 events · failed"],
    [0, "The server could not be reached", "0 events · failed"],
  ];
  it.each(streams)("a stream of %s events, failure %s: %s", (events, failure, text) => {
    expect(outcomeText({ status: null, failure, graphqlErrors: false, events })).toBe(text);
  });

  it("names the Demo API and shows a URL as it is", () => {
    expect(endpointLabel({ kind: "demo" })).toBe("Demo API");
    expect(endpointLabel({ kind: "url", url: "https://backboard.railway.com/graphql/v2" })).toBe("https://backboard.railway.com/graphql/v2");
  });
});

describe("pasted text that opens as a request", () => {
  const cases: [string, boolean][] = [
    ["curl 'https://h/graphql' -d '{}'", true],
    ["  curl https://h", true],
    ["# SEXTANT_TOKEN: the token of profile \"work\"\ncurl -sS 'https://h'", true],
    ["{ me { id } }", false],
    ["curly { braces }", false],
    ["query { curl }", false],
    ["", false],
  ];
  it.each(cases)("%j: %s", (text, opens) => {
    expect(looksLikeCurl(text)).toBe(opens);
  });
});
