// The reference side of the engine benchmark: graphql-js and graphql-language-service (what
// GraphiQL uses) on the same cases and schema as engine-bench, then one table with both.
// Usage: node bench/reference.mjs RUST_REPORT.json
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import os from 'node:os';

const require = createRequire(new URL('../tests/package.json', import.meta.url));
const { buildClientSchema, parse, validate } = require('graphql');
const { getAutocompleteSuggestions, Position } = require('graphql-language-service');

const CALLS_PER_CASE = 300;
const WARM_UP_CALLS = 20;
const SCHEMA_LOADS = 15;

const rust = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const cases = JSON.parse(readFileSync(new URL('./cases.json', import.meta.url), 'utf8'));
const schemaText = readFileSync(new URL('../tests/node_modules/@octokit/graphql-schema/schema.json', import.meta.url), 'utf8');

function percentile(samples, p) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.round((sorted.length - 1) * p)];
}
function summary(samples) {
  return { median: percentile(samples, 0.5), p99: percentile(samples, 0.99), n: samples.length };
}
function time(n, f) {
  const samples = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    f();
    samples.push(performance.now() - started);
  }
  return samples;
}

const schemaLoadMs = time(SCHEMA_LOADS, () => buildClientSchema(JSON.parse(schemaText)));
const schema = buildClientSchema(JSON.parse(schemaText));

function cursor(marked) {
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const before = text.slice(0, offset).split('\n');
  return { text, position: new Position(before.length - 1, before[before.length - 1].length) };
}

const completionAll = [];
const completionCases = [];
for (const c of cases.completion) {
  const { text, position } = cursor(c.document);
  for (let i = 0; i < WARM_UP_CALLS; i++) getAutocompleteSuggestions(schema, text, position);
  let nItems = 0;
  const samples = time(CALLS_PER_CASE, () => { nItems = getAutocompleteSuggestions(schema, text, position).length; })
    .map((ms) => ms * 1000);
  completionCases.push({ name: c.name, median: percentile(samples, 0.5), n_items: nItems });
  completionAll.push(...samples);
}

const validateAll = [];
const parseValidateAll = [];
const validationCases = [];
for (const c of cases.validation) {
  const document = parse(c.document);
  for (let i = 0; i < WARM_UP_CALLS; i++) validate(schema, parse(c.document));
  let nErrors = 0;
  const validateOnly = time(CALLS_PER_CASE, () => { nErrors = validate(schema, document).length; }).map((ms) => ms * 1000);
  const parseAndValidate = time(CALLS_PER_CASE, () => validate(schema, parse(c.document))).map((ms) => ms * 1000);
  validationCases.push({ name: c.name, validate: percentile(validateOnly, 0.5), parse_validate: percentile(parseAndValidate, 0.5), n_errors: nErrors });
  validateAll.push(...validateOnly);
  parseValidateAll.push(...parseAndValidate);
}

const js = {
  schema_from_json_ms: summary(schemaLoadMs),
  completion_us: summary(completionAll),
  validate_us: summary(validateAll),
  parse_validate_us: summary(parseValidateAll),
};

const f = (x, digits = 1) => (x === undefined || x === null ? 'n/a' : x.toFixed(digits));
const rows = [
  ['measure (GitHub schema)', 'Sextant', 'graphql-js / graphql-language-service', 'target'],
  ['completion, median µs', f(rust.completion_us.all.median), f(js.completion_us.median), '≤ 50'],
  ['completion, p99 µs', f(rust.completion_us.all.p99), f(js.completion_us.p99), '≤ 300'],
  ['schema from 5 MB introspection JSON, median ms', f(rust.schema_from_json_ms.median), f(js.schema_from_json_ms.median), '≤ 80'],
];
if (rust.schema_from_cache_ms) {
  rows.push(['schema from the cache, median ms', f(rust.schema_from_cache_ms.median), 'n/a (no cache)', '≤ 20']);
}
rows.push(
  ['validation of one document, median µs', f(rust.validation_us.all.median), `${f(js.parse_validate_us.median)} (parse+validate), ${f(js.validate_us.median)} (validate)`, '≤ 100'],
  ['validation of one document, p99 µs', f(rust.validation_us.all.p99), `${f(js.parse_validate_us.p99)} (parse+validate)`, ''],
);
const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
const line = (row) => `| ${row.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
console.log(`Engine benchmark, ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0].model}, node ${process.version}`);
console.log(line(rows[0]));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const row of rows.slice(1)) console.log(line(row));

console.log('\nCompletion per case, median µs (items), and Sextant\'s p99:');
completionCases.forEach((c, i) => {
  const r = rust.completion_us.cases[i];
  const p99 = r.p99 === undefined ? '' : `, p99 ${f(r.p99)}`;
  console.log(`  ${c.name.padEnd(28)} Sextant ${f(r.median).padStart(8)} (${r.n_items}${p99})   graphql-language-service ${f(c.median).padStart(8)} (${c.n_items})`);
});
console.log('\nValidation per document, median µs (diagnostics):');
validationCases.forEach((c, i) => {
  const r = rust.validation_us.cases[i];
  console.log(`  ${c.name.padEnd(36)} Sextant ${f(r.median).padStart(8)} (${r.n_diagnostics})   graphql-js ${f(c.parse_validate).padStart(8)} parse+validate, ${f(c.validate).padStart(8)} validate (${c.n_errors})`);
});
