// A credential typed in the Headers editor becoming a token profile.

import { describe, expect, it } from "vitest";

import { profileFromHeader } from "../src/endpoint";

describe("profileFromHeader", () => {
  const cases: [string, string, ReturnType<typeof profileFromHeader>][] = [
    ["Authorization", "Bearer abc", { scheme: "bearer", headerName: "", token: "abc" }],
    ["authorization", "bearer   abc", { scheme: "bearer", headerName: "", token: "abc" }],
    ["Authorization", "Basic dXNlcjpwYXNz", { scheme: "header", headerName: "Authorization", token: "Basic dXNlcjpwYXNz" }],
    ["Project-Access-Token", "p-123", { scheme: "header", headerName: "Project-Access-Token", token: "p-123" }],
    ["X-Api-Key", "Bearer looks-like-one", { scheme: "header", headerName: "X-Api-Key", token: "Bearer looks-like-one" }],
  ];
  it.each(cases)("%s: %s", (headerName, value, expected) => {
    expect(profileFromHeader({ headerName, value })).toEqual(expected);
  });
});
