// @vitest-environment happy-dom
// The GraphQL grammar as the editor uses it: what each part of a document is colored as, and
// where Enter puts the next line.

import { describe, expect, it } from "vitest";
import { EditorState } from "@codemirror/state";
import { foldable, getIndentation, indentUnit, syntaxTree, ensureSyntaxTree } from "@codemirror/language";
import { highlightTree } from "@lezer/highlight";

import { graphqlLanguage, graphqlLanguageData } from "../src/editor/language";
import { highlightStyle } from "../src/editor/graphql";

function stateOf(doc: string): EditorState {
  const state = EditorState.create({ doc, extensions: [graphqlLanguage, graphqlLanguageData, indentUnit.of("  ")] });
  ensureSyntaxTree(state, state.doc.length, 5000);
  return state;
}

/** Each highlighted piece of `doc` with the classes of the window's highlight style (one per color). */
function colors(doc: string): Record<string, string> {
  const state = stateOf(doc);
  const shown: Record<string, string> = {};
  highlightTree(syntaxTree(state), highlightStyle, (from, to, classes) => {
    const text = doc.slice(from, to).trim();
    if (text) shown[text] = classes;
  });
  return shown;
}

describe("highlighting", () => {
  const doc = `query Project($id: String!) @cached { alias: project(id: $id, filter: {kind: WEB}) { name ...Parts ... on Service { icon } } }
fragment Parts on Team { id }
# a comment`;
  const shown = colors(doc);
  const same = (a: string, b: string) => expect(shown[a], `${a} and ${b}`).toBe(shown[b]);
  const differ = (a: string, b: string) => expect(shown[a], `${a} and ${b}`).not.toBe(shown[b]);
  it("tells definitions, types, fields, variables, directives and values apart", () => {
    for (const piece of ["query", "Project", "$id", "String", "@cached", "alias", "project", "WEB", "Service", "icon", "# a comment"]) {
      expect(shown[piece], piece).toBeTruthy();
    }
    same("Project", "Parts");
    same("String", "Service");
    same("project", "icon");
    same("query", "fragment");
    differ("Project", "String");
    differ("String", "project");
    differ("$id", "project");
    differ("@cached", "project");
    differ("WEB", "Service");
  });
});

describe("indentation", () => {
  const cases: [string, number][] = [
    // The document up to the new line's start (`|`), and its indentation in columns.
    ["query {\n|", 2],
    ["query {\n  project(id: 1) {\n|", 4],
    ["query {\n  project(id: 1) {\n    name\n  }\n|", 2],
    ["{ a }\n|", 0],
  ];
  it.each(cases)("%j indents the new line by %i", (text, expected) => {
    const at = text.indexOf("|");
    // A line of its own after the cursor's, so that the new line holds no closing bracket.
    const state = stateOf(text.replace("|", "") + "\n}");
    expect(getIndentation(state, at)).toBe(expected);
  });
});

describe("folding", () => {
  it("folds a selection set", () => {
    const state = stateOf("query {\n  project {\n    name\n  }\n}\n");
    const line = state.doc.line(2);
    expect(foldable(state, line.from, line.to)).toEqual({ from: line.to, to: state.doc.line(4).from + 2 });
  });
});
