// A small GraphQL tokenizer for highlighting only: the language engine in Rust does everything
// that needs the grammar (completion, diagnostics, hover, formatting). It knows just enough
// context to tell type names (after `:`, `on`, `[` in a type position, `implements`) from fields.

import { StreamLanguage, type StringStream } from "@codemirror/language";

interface GraphqlState {
  /** Inside a `"""` block string that continues on the next line. */
  inBlockString: boolean;
  /** The next name is a type name. */
  expectType: boolean;
  /** The previous significant token was a keyword that names the next definition (`query X`). */
  expectDefinitionName: boolean;
  /** The previous significant token was a variable (`$id`), so a `:` introduces its type. */
  afterVariable: boolean;
  /** The current definition is a type system one (`type`, `input`...), where `:` introduces a type. */
  inTypeSystem: boolean;
  /** Open brackets (`{`, `(`, `[`) not yet closed: the indentation of the next line. */
  depth: number;
}

const operationKeywords = new Set(["query", "mutation", "subscription", "fragment"]);
const typeSystemKeywords = new Set([
  "type", "interface", "union", "enum", "input", "scalar", "schema", "extend", "directive", "implements",
]);
const atoms = new Set(["true", "false", "null"]);

/** A number as GraphQL and JSON both write it. */
const NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/;

/** Moves past the rest of a `"…"` string whose opening quote was just read (to the line's end if unclosed). */
function skipQuotedString(stream: StringStream): void {
  let escaped = false;
  while (!stream.eol()) {
    const character = stream.next();
    if (character === '"' && !escaped) break;
    escaped = !escaped && character === "\\";
  }
}

function readBlockString(stream: StringStream, state: GraphqlState): string {
  while (!stream.eol()) {
    if (stream.match('\\"""')) continue;
    if (stream.match('"""')) {
      state.inBlockString = false;
      return "string";
    }
    stream.next();
  }
  return "string";
}

function readName(word: string, stream: StringStream, state: GraphqlState): string {
  if (state.expectType) {
    state.expectType = false;
    return "typeName";
  }
  if (state.expectDefinitionName) {
    state.expectDefinitionName = false;
    return "definition(variableName)";
  }
  if (atoms.has(word)) return "atom";
  if (word === "on") {
    state.expectType = true;
    return "keyword";
  }
  if (operationKeywords.has(word)) {
    state.inTypeSystem = false;
    state.expectDefinitionName = true;
    return "keyword";
  }
  if (typeSystemKeywords.has(word)) {
    state.inTypeSystem = true;
    state.expectType = word !== "schema" && word !== "extend" && word !== "directive";
    return "keyword";
  }
  return stream.match(/^\s*:/, false) ? "propertyName" : "variableName.special";
}

function token(stream: StringStream, state: GraphqlState): string | null {
  if (state.inBlockString) return readBlockString(stream, state);
  if (stream.eatSpace() || stream.eat(",")) return null;
  if (stream.match("#")) {
    stream.skipToEnd();
    return "comment";
  }
  const afterVariable = state.afterVariable;
  state.afterVariable = false;
  if (stream.match('"""')) {
    state.inBlockString = true;
    return readBlockString(stream, state);
  }
  if (stream.eat('"')) {
    skipQuotedString(stream);
    state.expectType = false;
    return "string";
  }
  if (stream.match(NUMBER)) {
    state.expectType = false;
    return "number";
  }
  if (stream.match(/^\$[_A-Za-z][_0-9A-Za-z]*/)) {
    state.expectType = false;
    state.afterVariable = true;
    return "variableName";
  }
  if (stream.match(/^@[_A-Za-z][_0-9A-Za-z]*/)) {
    state.expectType = false;
    return "meta";
  }
  if (stream.match("...")) return "punctuation";
  const name = stream.match(/^[_A-Za-z][_0-9A-Za-z]*/);
  if (name && typeof name !== "boolean") return readName(name[0], stream, state);
  const character = stream.next();
  if (character === "{" || character === "(" || character === "[") state.depth += 1;
  else if ((character === "}" || character === ")" || character === "]") && state.depth > 0) state.depth -= 1;
  if (character === ":") {
    // `$id: ID!` and `field: Type` in type system definitions; `alias: field` and
    // `argument: value` are not types.
    state.expectType = afterVariable || state.inTypeSystem;
  } else if (character === "=" || character === "|" || character === "&") {
    // `union U = A | B`, `implements A & B`.
    state.expectType = state.inTypeSystem;
  } else if (character !== "[" && character !== "!") {
    state.expectType = false;
    state.expectDefinitionName = false;
  }
  return character === "!" ? "operator" : "punctuation";
}

export const graphqlLanguage = StreamLanguage.define<GraphqlState>({
  name: "graphql",
  startState: () => ({
    inBlockString: false,
    expectType: false,
    expectDefinitionName: false,
    afterVariable: false,
    inTypeSystem: false,
    depth: 0,
  }),
  copyState: (state) => ({ ...state }),
  token,
  // One unit per open bracket; a line that starts by closing one lines up with its opening line.
  indent: (state, textAfter, context) => {
    const closing = /^[}\])]/.test(textAfter) ? 1 : 0;
    return Math.max(0, state.depth - closing) * context.unit;
  },
  languageData: {
    commentTokens: { line: "#" },
    closeBrackets: { brackets: ["(", "[", "{", '"'] },
    indentOnInput: /^\s*[}\])]$/,
  },
});
