// graphql-inspector's diff of two schema files, for the diff benchmark and as the reference the
// diff tests compare with.
//
//   node bench/inspector-diff.mjs OLD NEW        prints {"changes":[{criticality,kind,coordinate,message}]}
//                                                like `sextant schema diff --format json` (one whole
//                                                process, timed by bench/explorer);
//   node bench/inspector-diff.mjs --reference    rewrites tests/data/github-schema-diffs.json: the
//                                                verdicts on the pairs of GitHub schemas below, which
//                                                schema-index/tests/diff.rs compares with.
//
// A file is an introspection response (JSON, either shape) or SDL. Each change's coordinate is
// written as a schema coordinate (`Type.field(arg:)`), read from graphql-inspector's `meta`
// rather than its dotted `path`, so that both sides name elements the same way.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../tests/package.json', import.meta.url));
const { buildClientSchema, buildSchema } = require('graphql');
const { diff } = require('@graphql-inspector/core');

const modules = new URL('../tests/node_modules/', import.meta.url);
// (name, old file, new file), files relative to the repository.
const REFERENCE_PAIRS = [
  ['GitHub 14.58.0 to 15.26.1, introspection JSON', 'tests/node_modules/octokit-schema-v14/schema.json', 'tests/node_modules/@octokit/graphql-schema/schema.json'],
  ['GitHub 14.58.0 to 15.26.1, SDL', 'tests/node_modules/octokit-schema-v14/schema.graphql', 'tests/node_modules/@octokit/graphql-schema/schema.graphql'],
  ['GitHub 15.26.1, its JSON to its SDL (the npm package ships them from different days)', 'tests/node_modules/@octokit/graphql-schema/schema.json', 'tests/node_modules/@octokit/graphql-schema/schema.graphql'],
];

function load(path) {
  const text = readFileSync(path, 'utf8');
  if (text.trimStart().startsWith('{')) {
    const json = JSON.parse(text);
    return buildClientSchema(json.data ?? json);
  }
  // GitHub's published SDL defines two fields twice; graphql-js's validation would refuse it.
  return buildSchema(text, { assumeValid: true, assumeValidSDL: true });
}

// graphql-inspector's `path` joins names with dots (`Type.field.arg`, `Type.field.@deprecated`);
// the coordinate is rebuilt from the kind and `meta`.
function coordinateOf(change) {
  const m = change.meta;
  const t = change.type;
  const argumentOf = (type, field, argument) => `${type}.${field}(${argument}:)`;
  if (t.startsWith('SCHEMA_') || t === 'DIRECTIVE_USAGE_SCHEMA_ADDED' || t === 'DIRECTIVE_USAGE_SCHEMA_REMOVED') return null;
  switch (t) {
    case 'FIELD_ARGUMENT_ADDED': return argumentOf(m.typeName, m.fieldName, m.addedArgumentName);
    case 'FIELD_ARGUMENT_REMOVED': return argumentOf(m.typeName, m.fieldName, m.removedFieldArgumentName);
    case 'FIELD_ARGUMENT_DESCRIPTION_CHANGED':
    case 'FIELD_ARGUMENT_DEFAULT_CHANGED':
    case 'FIELD_ARGUMENT_TYPE_CHANGED': return argumentOf(m.typeName, m.fieldName, m.argumentName);
    case 'DIRECTIVE_ARGUMENT_ADDED': return `@${m.directiveName}(${m.addedDirectiveArgumentName}:)`;
    case 'DIRECTIVE_ARGUMENT_REMOVED': return `@${m.directiveName}(${m.removedDirectiveArgumentName}:)`;
    case 'DIRECTIVE_ARGUMENT_DESCRIPTION_CHANGED':
    case 'DIRECTIVE_ARGUMENT_DEFAULT_VALUE_CHANGED':
    case 'DIRECTIVE_ARGUMENT_TYPE_CHANGED': return `@${m.directiveName}(${m.directiveArgumentName}:)`;
    case 'DIRECTIVE_USAGE_ARGUMENT_DEFINITION_ADDED':
    case 'DIRECTIVE_USAGE_ARGUMENT_DEFINITION_REMOVED': return argumentOf(m.typeName, m.fieldName, m.argumentName);
    case 'DIRECTIVE_USAGE_ARGUMENT_ADDED':
    case 'DIRECTIVE_USAGE_ARGUMENT_REMOVED': {
      if (!m.parentTypeName) return null;
      if (m.parentArgumentName) return argumentOf(m.parentTypeName, m.parentFieldName, m.parentArgumentName);
      const member = m.parentFieldName ?? m.parentEnumValueName;
      return member ? `${m.parentTypeName}.${member}` : m.parentTypeName;
    }
  }
  // Everything else: the path up to a `@directive` segment.
  const segments = change.path.split('.');
  const at = segments.findIndex((segment) => segment.startsWith('@'));
  if (at === 0) return segments[0];
  return (at === -1 ? segments : segments.slice(0, at)).join('.');
}

// The directive a change of an applied directive is about (graphql-inspector's meta names it in
// several ways), so that the tests can tell `@deprecated` from the others.
function directiveOf(change) {
  if (!change.type.startsWith('DIRECTIVE_USAGE_')) return null;
  const m = change.meta;
  return m.addedDirectiveName ?? m.removedDirectiveName ?? m.directiveName ?? null;
}

async function changesBetween(oldPath, newPath) {
  return diff(load(oldPath), load(newPath));
}

if (process.argv[2] === '--reference') {
  const root = new URL('../', import.meta.url);
  const pairs = [];
  for (const [name, oldFile, newFile] of REFERENCE_PAIRS) {
    const changes = await changesBetween(new URL(oldFile, root), new URL(newFile, root));
    pairs.push({
      name,
      old: oldFile,
      new: newFile,
      changes: changes.map((change) => [change.type, coordinateOf(change), change.criticality.level, directiveOf(change)]),
    });
  }
  const version = (pkg) => JSON.parse(readFileSync(new URL(`${pkg}/package.json`, modules), 'utf8')).version;
  const reference = {
    comment: 'graphql-inspector\'s verdicts on pairs of GitHub schemas: [kind, coordinate, criticality, applied directive]. Regenerate with `node bench/inspector-diff.mjs --reference`.',
    inspector: version('@graphql-inspector/core'),
    graphql: version('graphql'),
    pairs,
  };
  const out = new URL('tests/data/github-schema-diffs.json', root);
  writeFileSync(out, JSON.stringify(reference, null, 0).replace(/\],\[/g, '],\n[') + '\n');
  for (const pair of pairs) console.log(`${pair.name}: ${pair.changes.length} changes`);
} else {
  const [oldPath, newPath] = process.argv.slice(2);
  if (!oldPath || !newPath) {
    console.error('usage: node bench/inspector-diff.mjs OLD NEW | --reference');
    process.exit(2);
  }
  const changes = await changesBetween(oldPath, newPath);
  const out = changes.map((change) => ({
    criticality: change.criticality.level,
    kind: change.type,
    coordinate: coordinateOf(change),
    message: change.message,
  }));
  process.stdout.write(JSON.stringify({ changes: out }) + '\n');
  process.exitCode = changes.some((change) => change.criticality.level === 'BREAKING') ? 1 : 0;
}
