// Semantic checks sai3 makes only at run time, reported at edit time (spec §1.9, §2.7, §1.7, §4.5).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig, DIAGNOSTIC_CODES, type ConfigDiagnostic } from '../../core/config';

const W = 'workload:\n  - op: get\n    path: a\n    weight: 1\n';
const D =
  'distributed:\n  shared_filesystem: true\n  tree_creation_mode: coordinator\n  path_selection: random\n';
const diags = (text: string, code: string) => loadConfig(text).diagnostics.filter((d) => d.code === code);
const one = (text: string, code: string): ConfigDiagnostic => {
  const ds = diags(text, code);
  assert.equal(
    ds.length,
    1,
    `expected one ${code}: ${JSON.stringify(loadConfig(text).diagnostics, null, 1)}`,
  );
  return ds[0];
};
const tree = (ds: string, count: string) =>
  `${W}prepare:\n  directory_structure: ${ds}\n  ensure_objects:\n    - base_uri: file:///t/\n      count: ${count}\n`;

test('count-mismatch: exact expected total as a decimal string; 0 and the total are fine', () => {
  const d = one(tree('{width: 24, depth: 2, files_per_dir: 193}', '111000'), 'count-mismatch');
  assert.deepEqual(d.data, { expected: '111168' });
  assert.deepEqual(d.range, { start: { line: 8, character: 13 }, end: { line: 8, character: 19 } });
  assert.match(d.message, /111,168/);
  assert.match(d.message, /0 auto-fills/);
  assert.equal(diags(tree('{width: 24, depth: 2, files_per_dir: 193}', '0'), 'count-mismatch').length, 0);
  assert.equal(
    diags(tree('{width: 24, depth: 2, files_per_dir: 193}', '"111,168"'), 'count-mismatch').length,
    0,
  );
  const all = one(tree('{width: 3, depth: 3, files_per_dir: 50, distribution: all}', '1'), 'count-mismatch');
  assert.deepEqual(all.data, { expected: '1950' });
});

test('tree: width/depth ≥ 1, a bad distribution, and no ensure_objects entry', () => {
  assert.match(one(tree('{width: 0, depth: 2}', '0'), 'tree').message, /width must be at least 1/);
  assert.deepEqual(one(tree('{width: 2, depth: 2, distribution: top}', '0'), 'enum').data?.allowed, [
    'bottom',
    'all',
  ]);
  const d = one(`${W}prepare:\n  directory_structure: {width: 2, depth: 2}\n`, 'tree');
  assert.match(d.message, /requires at least one ensure_objects entry/);
  assert.deepEqual(d.range.start, { line: 5, character: 2 });
});

test('absurd trees are limit errors and do not hang (width 10^6, depth 60); counts stay exact', () => {
  const t0 = performance.now();
  const d = one(tree('{width: 1000000, depth: 60, files_per_dir: 1}', '0'), 'limit');
  assert.equal(d.severity, 'error');
  assert.match(d.message, /more than 1,000,000,000 folders/);
  const huge = loadConfig(tree('{width: 1000000, depth: "99,999,999,999", files_per_dir: 1}', '5'));
  assert.ok(
    huge.diagnostics.some(
      (x) => x.code === 'limit' && /depth 99,999,999,999 is over the limit of 64/.test(x.message),
    ),
  );
  assert.ok(performance.now() - t0 < 2000);
  const big = one(tree('{width: 100, depth: 3, files_per_dir: 1000000}', '1'), 'count-mismatch');
  assert.deepEqual(big.data, { expected: '1000000000000' }); // exact, at the files limit
});

test('size-params: uniform min > max and min 0, lognormal 0 mean, fixed 0', () => {
  const ens = (spec: string) =>
    `${W}prepare:\n  ensure_objects:\n    - {base_uri: a, count: 1, size_spec: ${spec}}\n`;
  assert.match(one(ens('{type: uniform, min: 2MiB, max: 1MiB}'), 'size-params').message, /larger than max/);
  assert.match(one(ens('{type: uniform, min: 0, max: 1MiB}'), 'size-params').message, /greater than 0/);
  assert.match(one(ens('{type: uniform, min: 4MiB}'), 'size-params').message, /max defaults to 1 MiB/);
  assert.match(
    one(ens('{type: lognormal, mean: 0, std_dev: 1}'), 'size-params').message,
    /mean must be greater than 0/,
  );
  assert.deepEqual(one(ens('{type: lognormal, mean: 1MiB}'), 'required').data, { missing: 'std_dev' });
  assert.match(one(ens('0'), 'size-params').message, /0 bytes/);
  assert.equal(
    loadConfig(ens('{type: lognormal, mean: 8MiB, std_dev: 1MiB, min: 1MiB, max: 16MiB}')).diagnostics.length,
    0,
  );
});

test('size_spec and size_distribution together: duplicate field', () => {
  const d = one(
    'workload:\n  - {op: put, weight: 1, size_spec: 10, size_distribution: 10}\n',
    'duplicate-field',
  );
  assert.equal(d.severity, 'error');
});

test('workload sanity: empty, zero weights, PUT without size, empty path, mkdir without a tree', () => {
  assert.match(one('workload: []\n', 'workload').message, /empty/);
  assert.equal(diags('workload: []\nprepare: {cleanup_only: true}\n', 'workload').length, 0);
  assert.match(one('workload:\n  - {op: get, path: a, weight: 0}\n', 'workload').message, /weight 0/);
  assert.match(one('workload:\n  - {op: put, weight: 1}\n', 'workload').message, /object_size or size_spec/);
  assert.match(
    one('workload:\n  - {op: delete, path: "", weight: 1}\n', 'workload').message,
    /non-empty path/,
  );
  assert.match(
    one('workload:\n  - {op: mkdir, path: x, weight: 1}\n', 'workload').message,
    /directory_structure and a target/,
  );
  assert.deepEqual(one('workload:\n  - {op: stat, weight: 1}\n', 'required').data, { missing: 'path' });
});

test('stages-missing: a warning on distributed, no error', () => {
  const l = loadConfig(`${W}${D}  agents: [{address: "h:7167"}]\n`);
  const d = l.diagnostics.find((x) => x.code === 'stages-missing')!;
  assert.equal(d.severity, 'warning');
  assert.match(d.message, /0\.8\.61/);
  assert.match(d.message, /validation → prepare → execute/);
  assert.deepEqual(d.range.start, { line: 4, character: 0 });
  assert.equal(l.diagnostics.filter((x) => x.severity === 'error').length, 0);
});

test('stage rules: empty, duplicates, completion per type, execute needs duration, validation first, barriers', () => {
  const st = (stages: string, extra = '') =>
    `${W}${D}  agents: [{address: "h:7167"}]\n${extra}  stages:\n${stages}`;
  assert.match(one(`${W}${D}  agents: []\n  stages: []\n`, 'stage-rule').message, /cannot be empty/);
  const good = st(
    '    - {name: v, order: 1, type: validation, completion: validation_passed}\n    - {name: e, order: 2, type: execute, duration: 5s}\n',
    '  barrier_sync: {enabled: true}\n',
  );
  assert.deepEqual(loadConfig(good).diagnostics, []);
  const dup = diags(
    st(
      '    - {name: v, order: 1, type: validation, completion: validation_passed}\n    - {name: v, order: 1, type: execute, duration: 5s}\n',
      '  barrier_sync: {enabled: true}\n',
    ),
    'stage-rule',
  );
  assert.deepEqual(
    dup.map((d) => d.message),
    ['duplicate stage name: v', 'duplicate stage order: 1'],
  );
  const comp = one(
    st(
      '    - {name: v, order: 1, type: validation, completion: duration}\n',
      '  barrier_sync: {enabled: true}\n',
    ),
    'stage-rule',
  );
  assert.deepEqual(comp.data, { allowed: ['validation_passed'] });
  assert.deepEqual(
    one(st('    - {name: e, order: 1, type: execute}\n', '  barrier_sync: {enabled: true}\n'), 'required')
      .data,
    { missing: 'duration' },
  );
  const first = diags(
    st('    - {name: e, order: 1, type: execute, duration: 5s}\n', '  barrier_sync: {enabled: true}\n'),
    'stage-rule',
  );
  assert.equal(first.length, 1);
  assert.equal(first[0].severity, 'warning');
  const nb = one(
    st('    - {name: v, order: 1, type: validation, completion: validation_passed}\n'),
    'barrier-missing',
  );
  assert.equal(nb.severity, 'warning');
  assert.equal(
    diags(
      st(
        '    - {name: v, order: 1, type: validation, completion: validation_passed, barrier: {type: majority}}\n',
      ),
      'barrier-missing',
    ).length,
    0,
  );
});

test('concurrency-endpoints: per-agent concurrency below its endpoint count', () => {
  const text = `${W}concurrency: 2\n${D}  stages: [{name: v, order: 1, type: validation, completion: validation_passed}]\n  barrier_sync: {enabled: true}\n  agents:\n    - address: "h:1"\n      multi_endpoint: {endpoints: [a, b, c]}\n    - address: "h:2"\n      concurrency_override: 8\n      multi_endpoint: {endpoints: [a, b, c]}\n`;
  const d = one(text, 'concurrency-endpoints');
  assert.deepEqual(d.data, { agent: 0, endpoints: 3, concurrency: 2 });
});

test('distributed lint: base_uri rules and a redundant top-level multi_endpoint', () => {
  const base = (shared: boolean, mode: string, ensure: string, agents: string, top = '') =>
    `${W}${top}distributed:\n  shared_filesystem: ${shared}\n  tree_creation_mode: ${mode}\n  path_selection: random\n  stages: [{name: v, order: 1, type: validation, completion: validation_passed}]\n  barrier_sync: {enabled: true}\n  agents:\n${agents}prepare:\n  ensure_objects: [${ensure}]\n`;
  const me = '      multi_endpoint: {endpoints: [file:///a/]}\n';
  const agents2 = `    - address: "h:1"\n${me}    - address: "h:2"\n${me}`;
  const iso = one(base(false, 'isolated', '{count: 1, base_uri: x}', agents2), 'distributed-lint');
  assert.equal(iso.severity, 'error');
  assert.match(iso.message, /isolated mode/);
  const none = one(base(false, 'isolated', '{count: 1}', '    - address: "h:1"\n'), 'distributed-lint');
  assert.match(none.message, /base_uri is required/);
  const red = one(
    base(false, 'isolated', '{count: 1}', agents2, 'multi_endpoint: {endpoints: [file:///z/]}\n'),
    'distributed-lint',
  );
  assert.equal(red.severity, 'warning');
  assert.match(red.message, /redundant/);
});

test('multi_endpoint: more than 32 endpoints is an error standalone', () => {
  const eps = Array.from({ length: 33 }, (_, i) => `e${i}`).join(', ');
  assert.equal(one(`${W}multi_endpoint: {endpoints: [${eps}]}\n`, 'multi-endpoint').severity, 'error');
});

test('DIAGNOSTIC_CODES lists every code the quick fixes rely on', () => {
  const codes = Object.values(DIAGNOSTIC_CODES);
  for (const c of [
    'yaml-syntax',
    'unknown-key',
    'type',
    'required',
    'enum',
    'size-string',
    'duration-unit',
    'seconds-format',
    'count-format',
    'count-mismatch',
    'tree',
    'size-params',
    'stages-missing',
    'stage-rule',
    'barrier-missing',
    'concurrency-endpoints',
    'workload',
    'distributed-lint',
    'limit',
    'multi-document',
  ])
    assert.ok(codes.includes(c as never), c);
});
