// The schema explorer benchmark's second half: the diff of two published versions of GitHub's
// schema as whole processes, `sextant schema diff` beside graphql-inspector (`bench/inspector-diff.mjs`,
// `@graphql-inspector/core` on graphql-js), same files, same machine, one run; then one table with
// explorer-bench's in-process numbers.
// Usage: node bench/explorer.mjs RUST_REPORT.json
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import os from 'node:os';

const SEXTANT_RUNS = 10;
const INSPECTOR_RUNS = 5;

const root = new URL('../', import.meta.url).pathname;
const rust = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const pairs = [
  ['introspection JSON', 'tests/node_modules/octokit-schema-v14/schema.json', 'tests/node_modules/@octokit/graphql-schema/schema.json'],
  ['SDL', 'tests/node_modules/octokit-schema-v14/schema.graphql', 'tests/node_modules/@octokit/graphql-schema/schema.graphql'],
];
const version = (dir) => JSON.parse(readFileSync(`${root}tests/node_modules/${dir}/package.json`, 'utf8')).version;

function percentile(samples, p) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.round((sorted.length - 1) * p)];
}

// Runs a whole process `runs` times; wall-clock milliseconds each, and the last run's output.
function wholeProcess(command, args, runs) {
  const times = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    last = spawnSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    times.push(performance.now() - started);
    if (last.status !== 0 && last.status !== 1) {
      throw new Error(`${command} ${args.join(' ')} exited with ${last.status}: ${last.stderr}`);
    }
  }
  const changes = JSON.parse(last.stdout).changes;
  const breaking = changes.filter((change) => change.criticality === 'BREAKING').length;
  return { median: percentile(times, 0.5), slowest: Math.max(...times), changes: changes.length, breaking, status: last.status };
}

const diffs = pairs.map(([name, oldFile, newFile]) => ({
  name,
  sextant: wholeProcess(`${root}target/release/sextant`, ['schema', 'diff', oldFile, newFile, '--format', 'json'], SEXTANT_RUNS),
  inspector: wholeProcess(process.execPath, ['bench/inspector-diff.mjs', oldFile, newFile], INSPECTOR_RUNS),
}));

const f = (x, digits = 1) => (x === undefined || x === null ? 'n/a' : x.toFixed(digits));
const rows = [
  ['measure (GitHub schema)', 'Sextant', 'graphql-inspector', 'target'],
  ['schema from the cache (index built on first use), median ms', f(rust.schema_from_cache_ms.median), '', '≤ 20'],
  ['index build (the first explorer question), median ms', f(rust.index_build_ms.median, 2), '', ''],
  ['index build, p99 ms', f(rust.index_build_ms.p99, 2), '', ''],
  ['schema from the cache + index, median ms', f(rust.schema_from_cache_and_index_ms.median), '', ''],
  ['description word index (first description search), median ms', f(rust.description_index_ms.median), '', ''],
  ['search, median µs', f(rust.search_us.all.median), '', ''],
  ['search, p99 µs', f(rust.search_us.all.p99), '', '≤ 1000'],
  ['paths (5 per target), median ms', f(rust.paths_ms.all.median, 2), '', ''],
  ['diff 14.58.0 → 15.26.1 in process, median ms', f(rust.diff_in_process_ms.median), '', ''],
];
for (const diff of diffs) {
  const ratio = diff.inspector.median / diff.sextant.median;
  rows.push([
    `diff 14.58.0 → 15.26.1 (${diff.name}), whole process, median ms`,
    f(diff.sextant.median),
    `${f(diff.inspector.median)} (${f(ratio)}× Sextant)`,
    '≥ 5× faster',
  ]);
  rows.push([
    `  changes found (breaking), exit status`,
    `${diff.sextant.changes} (${diff.sextant.breaking}), ${diff.sextant.status}`,
    `${diff.inspector.changes} (${diff.inspector.breaking})`,
    '',
  ]);
}
const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
const line = (row) => `| ${row.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
console.log(
  `Explorer benchmark, ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0].model}, node ${process.version}, ` +
    `@graphql-inspector/core ${version('@graphql-inspector/core')}, graphql ${version('graphql')}, ` +
    `@octokit/graphql-schema ${version('octokit-schema-v14')} → ${version('@octokit/graphql-schema')}, ${rust.elements} elements indexed`,
);
console.log(line(rows[0]));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const row of rows.slice(1)) console.log(line(row));

console.log('\nSearch per query, median / p99 µs (first result):');
for (const c of rust.search_us.cases) {
  console.log(`  ${c.name.padEnd(32)} ${JSON.stringify(c.query).padEnd(40)} ${f(c.median).padStart(7)} / ${f(c.p99).padStart(7)}   ${c.first}`);
}
console.log('\nPaths per target, median ms (paths):');
for (const c of rust.paths_ms.cases) {
  console.log(`  ${c.target.padEnd(32)} ${f(c.median, 2).padStart(7)} (${c.n_paths})`);
}
