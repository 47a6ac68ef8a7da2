// The GraphQL grammar for highlighting, folding and indentation: cm6-graphql's Lezer grammar (a real
// parse tree, kept incrementally by CodeMirror), with tags that tell a definition's name, a type
// and a field apart as this window's colors do. Only the grammar is used: cm6-graphql's completion
// and lint run on graphql-js, and the Rust engine does those here, so the build fails if graphql-js
// reaches the bundle (vite.config.ts).

import { graphqlLanguage as lezerGraphql } from "cm6-graphql";
import { styleTags, tags as t } from "@lezer/highlight";

export const graphqlLanguage = lezerGraphql.configure({
  props: [
    styleTags({
      "OperationDefinition/Name FragmentName/Name": t.definition(t.variableName),
      "ObjectTypeDefinition/Name InterfaceTypeDefinition/Name UnionTypeDefinition/Name": t.definition(t.typeName),
      "EnumTypeDefinition/Name InputObjectTypeDefinition/Name ScalarTypeDefinition/Name": t.definition(t.typeName),
      "NamedType/Name": t.typeName,
      "Alias/Name ObjectValue/Name FieldDefinition/Name InputValueDefinition/Name ArgumentAttributeName": t.propertyName,
      DirectiveName: t.meta,
      EnumValue: t.atom,
    }),
  ],
});

/** Typing a closing bracket alone on a line puts it under the line that opened it. */
export const graphqlLanguageData = graphqlLanguage.data.of({
  closeBrackets: { brackets: ["(", "[", "{", '"'] },
  indentOnInput: /^\s*[}\])]$/,
});
