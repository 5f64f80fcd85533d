// Hostile and accidental input: loadConfig never throws, answers quickly, and always says where.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig, type LoadedConfig } from '../../core/config';
import { modelLimits, treeLimit } from '../../core/config/limits';
import { estimate } from '../../core/estimate';
import { planRun } from '../../controller/per-agent-config';

const W = 'workload:\n  - op: get\n    path: a\n    weight: 1\n';
function timed(text: string, budgetMs = 2000): LoadedConfig {
  const t0 = performance.now();
  const l = loadConfig(text);
  const ms = performance.now() - t0;
  assert.ok(ms < budgetMs, `took ${ms.toFixed(0)} ms`);
  return l;
}

test('alias bomb: one limit diagnostic at the first alias, no hang', () => {
  let bomb = 'a0: &a0 [x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < 30; i++)
    bomb += `a${i}: &a${i} [${Array(9)
      .fill(`*a${i - 1}`)
      .join(', ')}]\n`;
  const l = timed(bomb + W);
  const d = l.diagnostics.find((x) => x.code === 'limit');
  assert.ok(d, JSON.stringify(l.diagnostics));
  assert.equal(d.severity, 'error');
  assert.deepEqual(d.range.start, { line: 1, character: 9 });
  assert.equal(l.value, undefined);
});

test('a 10 MB file: one limit diagnostic at 0:0 and nothing else', () => {
  const l = timed(W + '# ' + 'x'.repeat(10 * 1024 * 1024) + '\n');
  assert.equal(l.diagnostics.length, 1);
  assert.equal(l.diagnostics[0].code, 'limit');
  assert.deepEqual(l.diagnostics[0].range.start, { line: 0, character: 0 });
  assert.match(l.diagnostics[0].message, /the limit is 1 MB/);
  assert.equal(l.model, undefined);
});

test('binary garbage and NUL bytes: a positioned error, no throw', () => {
  const l = timed('workload: []\nab\u0000cd\n\u00ff\u0001PNG\r\n\u001a\n');
  const d = l.diagnostics.find((x) => x.message.includes('U+0000'));
  assert.ok(d);
  assert.deepEqual(d.range.start, { line: 1, character: 2 });
  const random = Array.from({ length: 5000 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join('');
  assert.ok(timed(random).diagnostics.length > 0);
});

test('deep nesting, empty, scalar and multi-document input', () => {
  assert.equal(timed('['.repeat(200_000)).diagnostics[0].code, 'limit');
  assert.equal(timed('').diagnostics[0].code, 'required');
  assert.equal(timed('just a string').diagnostics[0].code, 'type');
  const multi = timed(`${W}---\nfoo: 1\n`);
  assert.deepEqual(
    multi.diagnostics.map((d) => [d.code, d.severity, d.range.start.line]),
    [['multi-document', 'warning', 4]],
  );
});

test('negative and absurd numbers are diagnostics, not exceptions', () => {
  const l = timed(
    'concurrency: -1\nduration: -5s\nworkload:\n  - {op: get, path: a, weight: -1}\nprepare:\n  directory_structure: {width: 99999999999999999999999, depth: 1e400}\n  ensure_objects: [{count: -3, base_uri: a}]\n',
  );
  assert.ok(l.diagnostics.filter((d) => d.severity === 'error').length >= 4);
});

test('many errors are capped with one summary', () => {
  const items = Array.from({ length: 800 }, (_, i) => `  - {op: get, path: p${i}, weight: x}`).join('\n');
  const l = timed(`workload:\n${items}\n`);
  assert.equal(l.diagnostics.length, 501);
  assert.equal(l.diagnostics[500].code, 'limit');
});

test('property: random byte soup never throws', () => {
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const alphabet = [
    'a',
    ':',
    ' ',
    '\n',
    '-',
    '[',
    ']',
    '{',
    '}',
    '&x',
    '*x',
    '<<',
    '"',
    "'",
    '#',
    '1',
    '\t',
    '|',
    '>',
    '!!str',
    '?',
  ];
  for (let i = 0; i < 300; i++) {
    const t = Array.from({ length: 60 }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
    assert.doesNotThrow(() => loadConfig(t), JSON.stringify(t));
  }
});

test('very long lists: only the first 1,000 items are schema-checked, with one warning', () => {
  const items = Array.from(
    { length: 5000 },
    (_, i) => `  - {op: get, path: p${i}, weight: 1, bogus: x}`,
  ).join('\n');
  const l = timed(`workload:\n${items}\n`, 10_000);
  const lim = l.diagnostics.filter((d) => d.code === 'limit');
  assert.ok(lim.some((d) => /first 1000 items/.test(d.message) && d.range.start.line === 0));
  // 1,000 unknown keys were found; with the list warning first, 499 fit under the 500-diagnostic cap.
  assert.equal(l.diagnostics.filter((d) => d.code === 'unknown-key').length, 499);
  assert.match(l.diagnostics[l.diagnostics.length - 1].message, /more problems not shown/);
});

// Model limits (core/config/limits.ts): one set, applied by every layer that counts or allocates.
const HOSTILE = `concurrency: 1000000000
target: "file:///tmp/x/"
workload: [{ op: get, path: "*", weight: 1 }]
prepare:
  directory_structure: { width: 2, depth: 1000000, files_per_dir: 1 }
  ensure_objects: [{ count: 0 }]
distributed:
  shared_filesystem: false
  tree_creation_mode: isolated
  path_selection: random
  agents: [{ address: "h:1", concurrency_override: 5000 }]
`;

test('depth 10^6 and concurrency 10^9: limit errors at their values, with the limit and why', () => {
  const l = timed(HOSTILE, 1000);
  const lim = l.diagnostics.filter((d) => d.code === 'limit');
  assert.deepEqual(
    lim.map((d) => [d.severity, d.range.start.line, d.range.start.character]),
    [
      ['error', 0, 13],
      ['error', 4, 42],
      ['error', 10, 51],
    ],
  );
  assert.match(
    lim[0].message,
    /concurrency 1,000,000,000 is over the limit of 4,096 per agent .*docs\/config-limits\.md/,
  );
  assert.match(lim[1].message, /depth 1,000,000 is over the limit of 64 levels/);
  assert.match(lim[2].message, /concurrency 5,000 is over the limit/);
});

test('estimate counts nothing past the limits, at once; the controller and the model check refuse them', () => {
  const model = loadConfig(HOSTILE).model!;
  const t0 = performance.now();
  const e = estimate(model);
  assert.ok(performance.now() - t0 < 50, `${(performance.now() - t0).toFixed(1)} ms`);
  assert.deepEqual(e.levels, []);
  assert.ok(
    e.warnings.some((w) => /depth 1,000,000 is over the limit of 64 levels.*; no tree estimated$/.test(w)),
  );
  assert.deepEqual(
    modelLimits(model).map((v) => v.path.join('.')),
    ['prepare.directory_structure.depth', 'concurrency', 'distributed.agents.0.concurrency_override'],
  );
  const p = planRun(loadConfig(HOSTILE).value);
  assert.equal(p.ok, false);
  assert.ok(!p.ok && p.errors.some((x) => /depth 1,000,000 is over the limit/.test(x.message)));
});

test('the tree limits: depth, folders, files — each at its key', () => {
  const tl = (width: number, depth: number, filesPerDir = 1, distribution = 'bottom') =>
    treeLimit({ width, depth, filesPerDir, distribution })?.path.at(-1);
  assert.equal(tl(24, 4, 193), undefined); // the 4-host FULL tree
  assert.equal(tl(2, 65), 'depth');
  assert.equal(tl(2, 64), 'width'); // 2^65 − 2 folders
  assert.equal(tl(1000, 3), 'width'); // 1,001,001,000 folders
  assert.equal(tl(100, 3, 10_000_001), 'files_per_dir'); // 10^12 + 10^6 files
  assert.equal(tl(100, 3, 1_000_000), undefined); // 10^12 files: at the limit
  assert.equal(tl(100, 3, 1_000_000, 'all'), 'files_per_dir'); // files in every folder: over it
});
