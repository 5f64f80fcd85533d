// Exact ranges (0-based line, UTF-16 character) and data for each schema error kind, aliases, merges, CRLF, emoji.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig, rangeOfPath, type ConfigDiagnostic } from '../../core/config';

const W = 'workload:\n  - op: get\n    path: a\n    weight: 1\n';
const diags = (text: string, code?: string) =>
  loadConfig(text).diagnostics.filter((d) => code === undefined || d.code === code);
const one = (text: string, code: string): ConfigDiagnostic => {
  const ds = diags(text, code);
  assert.equal(
    ds.length,
    1,
    `expected one ${code}, got ${JSON.stringify(loadConfig(text).diagnostics, null, 1)}`,
  );
  return ds[0];
};
const at = (d: ConfigDiagnostic) =>
  [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character] as const;

test('a valid minimal config has no diagnostics', () => {
  assert.deepEqual(loadConfig(W).diagnostics, []);
});

test('wrong type: on the value, with the quoted-number fix', () => {
  const d = one(`concurrency: "8"\n${W}`, 'type');
  assert.deepEqual(at(d), [0, 13, 0, 16]);
  assert.equal(d.severity, 'error');
  assert.equal(d.data?.fixed, '8');
});

test('unknown key: warning on the key with the nearest known key', () => {
  const d = one(`${W}concurency: 4\n`, 'unknown-key');
  assert.deepEqual(at(d), [4, 0, 4, 10]);
  assert.equal(d.severity, 'warning');
  assert.deepEqual(d.data, { key: 'concurency', suggestion: 'concurrency' });
  assert.match(d.message, /ignored by sai3-bench/);
});

test('unknown key special cases: use_multi_endpoint and perf_log.enabled', () => {
  const ds = diags(
    `perf_log:\n  enabled: true\nworkload:\n  - {op: get, path: a, weight: 1, use_multi_endpoint: true}\n`,
    'unknown-key',
  );
  assert.equal(ds.length, 2);
  assert.match(ds[0].message, /presence of perf_log is what enables it/);
  assert.deepEqual(at(ds[0]), [1, 2, 1, 9]);
  assert.match(ds[1].message, /not a field since v0\.8\.96; multi-endpoint routing is automatic/);
  assert.equal(ds[1].data?.suggestion, undefined);
});

test('missing required key: at the first key of the map (where sai3 reports it)', () => {
  const text = `${W}distributed:\n  agents: []\n  shared_filesystem: true\n  path_selection: random\n`;
  const d = one(text, 'required');
  assert.deepEqual(at(d), [5, 2, 5, 8]);
  assert.deepEqual(d.data, { missing: 'tree_creation_mode' });
  const root = one('duration: 5s\n', 'required');
  assert.deepEqual(at(root), [0, 0, 0, 8]);
  assert.deepEqual(root.data, { missing: 'workload' });
});

test('missing required key in an empty flow map: on the parent key', () => {
  const d = diags(`${W}io_rate: {}\n`, 'required')[0];
  assert.deepEqual(at(d), [4, 0, 4, 7]);
});

test('bad enum: allowed values and a suggestion', () => {
  const d = one(`${W}prepare:\n  cleanup_mode: best_effort\n`, 'enum');
  assert.deepEqual(at(d), [5, 16, 5, 27]);
  assert.deepEqual(d.data, { allowed: ['strict', 'tolerant', 'besteffort'], suggestion: 'besteffort' });
  const c = one(`page_cache_mode: DontNeed\n${W}`, 'enum');
  assert.equal(c.data?.suggestion, 'dontneed');
});

test('bad size strings: space before the unit gets a fix; 8B does not', () => {
  const line = '      size_spec: {type: uniform, min: 8 MiB, max: 8B}';
  const text = `${W}prepare:\n  ensure_objects:\n    - base_uri: a\n      count: 1\n${line}\n`;
  const ds = diags(text, 'size-string');
  assert.equal(ds.length, 2);
  const c = line.indexOf('8 MiB');
  assert.deepEqual(at(ds[0]), [8, c, 8, c + 5]);
  assert.deepEqual(ds[0].data, { fixed: '8MiB' });
  const c2 = line.indexOf('8B');
  assert.deepEqual(at(ds[1]), [8, c2, 8, c2 + 2]);
  assert.deepEqual(ds[1].data, {});
});

test('size strings where sai3 wants integer bytes: object_size and a fixed size_spec', () => {
  const text =
    'workload:\n  - {op: put, weight: 1, object_size: 1MiB}\n  - {op: put, weight: 1, size_spec: 4KiB}\n';
  const ds = diags(text, 'size-string');
  assert.equal(ds.length, 2);
  assert.deepEqual(ds[0].data, { fixed: '1048576' });
  assert.deepEqual(at(ds[0]), [1, 38, 1, 42]);
  assert.deepEqual(ds[1].data, { fixed: '4096' });
});

test('durations, seconds and counts: codes and fixes', () => {
  const dur = one(`duration: 300\n${W}`, 'duration-unit');
  assert.deepEqual(at(dur), [0, 10, 0, 13]);
  assert.deepEqual(dur.data, { fixed: '300s' });
  const sec = one(`${W}prepare:\n  post_prepare_delay: 1m30s\n`, 'seconds-format');
  assert.deepEqual(sec.data, { fixed: '90' });
  const line = '  ensure_objects: [{base_uri: a, count: 12.5}]';
  const cnt = one(`${W}prepare:\n${line}\n`, 'count-format');
  const c = line.indexOf('12.5');
  assert.deepEqual(at(cnt), [5, c, 5, c + 4]);
  assert.equal(diags(`${W}prepare:\n  ensure_objects: [{base_uri: a, count: "64,032,768"}]\n`).length, 0);
});

test('YAML syntax errors at the parser position', () => {
  const d = one('workload:\n  - op: get: x\n', 'yaml-syntax');
  assert.deepEqual(d.range.start, { line: 1, character: 8 });
  assert.match(d.message, /Nested mappings/);
  const tab = one('a: b\n\tc: d\n', 'yaml-syntax');
  assert.deepEqual(at(tab), [1, 0, 1, 1]);
  const dup = one(`${W}workload: []\n`, 'yaml-syntax');
  assert.deepEqual(dup.range.start, { line: 4, character: 0 });
});

test('alias: the error points at the alias usage and says so', () => {
  const text = 'x-op: &op\n  op: get\n  weight: one\n  path: a\nworkload:\n  - *op\n';
  const d = one(text, 'type');
  assert.deepEqual(at(d), [5, 4, 5, 7]);
  assert.match(d.message, /via alias/);
});

test('merge: the error for a merged value points at the merge usage', () => {
  const text = 'x-base: &b\n  weight: one\n  path: a\nworkload:\n  - <<: *b\n    op: get\n';
  const d = one(text, 'type');
  assert.deepEqual(at(d), [4, 8, 4, 10]);
  assert.match(d.message, /via merge/);
  // own keys override merged ones: no error when the item sets its own weight
  assert.equal(
    diags('x-base: &b\n  weight: one\n  path: a\nworkload:\n  - <<: *b\n    op: get\n    weight: 2\n', 'type')
      .length,
    0,
  );
});

test('CRLF line endings and UTF-16 columns (emoji before the bad value)', () => {
  const line = '  - {path: "🎉🎉", op: get, weight: x}';
  const text = `target: "🎉"\r\nworkload:\r\n${line}\r\n`;
  const d = one(text, 'type');
  // String indices are UTF-16 code units: each emoji counts 2, as LSP wants (36, not 34 code points).
  const c = line.indexOf('x}');
  assert.equal(c, 36);
  assert.deepEqual(at(d), [2, c, 2, c + 1]);
});

test('rangeOfPath: key and value ranges, undefined for absent paths', () => {
  const l = loadConfig(`${W}prepare:\n  directory_structure:\n    width: 24\n    depth: 3\n`);
  assert.deepEqual(rangeOfPath(l, ['prepare', 'directory_structure', 'width'], 'value'), {
    start: { line: 6, character: 11 },
    end: { line: 6, character: 13 },
  });
  assert.deepEqual(rangeOfPath(l, ['prepare', 'directory_structure'], 'key'), {
    start: { line: 5, character: 2 },
    end: { line: 5, character: 21 },
  });
  assert.deepEqual(rangeOfPath(l, ['workload', 0, 'op'], 'value')?.start, { line: 1, character: 8 });
  assert.equal(rangeOfPath(l, ['distributed'], 'key'), undefined);
});

test('floats YAML reads as whole numbers (1e6, 8.0) are rejected where sai3 wants an integer', () => {
  const line = '  ensure_objects: [{base_uri: a, count: 1e6}]';
  const d = one(`concurrency: 8.0\n${W}prepare:\n${line}\n`, 'count-format');
  const c = line.indexOf('1e6');
  assert.deepEqual(at(d), [6, c, 6, c + 3]);
  assert.deepEqual(d.data, { fixed: '1000000' });
  const conc = one(`concurrency: 8.0\n${W}`, 'type');
  assert.deepEqual(conc.data, { fixed: '8' });
  assert.equal(diags(`${W}distributed:\n  partition_overlap: 1.0\n`, 'type').length, 0);
});

test('JSON Pointer escapes: a key with / and ~ maps back to its YAML node', () => {
  const d = one(`${W}distributed_env:\n  "A/B~C": [1]\n`, 'type');
  assert.deepEqual(at(d), [5, 11, 5, 14]);
});
