import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFixture } from '../fixtures';
import { parse } from 'yaml';
import { extractModel } from '../../core/config/model-extract';
import type { BenchModel } from '../../core/model';
import {
  estimate,
  estimateToJson,
  lognormalMean,
  expectedSize,
  totalBytes,
  parseCalibration,
  normalCdf,
  erf,
  DEFAULT_RATES,
} from '../../core/estimate';

const fixture = readFixture;
const model = (yaml: string): BenchModel => extractModel(parse(yaml))!;
const full = () => model(fixture('four-host-full.yaml'));
const MiB = 2 ** 20;

test('normal CDF and erf against known values', () => {
  assert.ok(Math.abs(normalCdf(0) - 0.5) < 1e-7);
  assert.ok(Math.abs(normalCdf(1.959963985) - 0.975) < 1e-7);
  assert.ok(Math.abs(normalCdf(-3) - 0.0013498980316301) < 1e-9);
  assert.ok(Math.abs(erf(1) - 0.8427007929497149) < 1e-7);
});

test('lognormal mean is analytic and truncated', () => {
  const m = lognormalMean(8 * MiB, MiB, MiB, 16 * MiB);
  assert.ok(Math.abs(m / (8 * MiB) - 1) < 0.001, String(m));
  // wide spread: truncation at 16 MiB pulls the mean well below 8 MiB; at the window's edges it clamps
  const wide = lognormalMean(8 * MiB, 8 * MiB, MiB, 16 * MiB);
  assert.ok(wide > 5 * MiB && wide < 7 * MiB, String(wide / MiB));
  assert.equal(lognormalMean(1000, 10, 2000, 3000), 2000); // every sample below min → clamped to min
  assert.equal(lognormalMean(1000, 0, 1, 2000), 1000);
  // untruncated defaults (min 1, max u64::MAX) give back the mean
  assert.ok(Math.abs(lognormalMean(4096, 1024, 1, 2 ** 64 - 1) / 4096 - 1) < 1e-6);
});

test('expected sizes and exact byte totals', () => {
  assert.equal(expectedSize({ kind: 'fixed', bytes: 4096n }), 4096);
  assert.equal(expectedSize({ kind: 'uniform', min: 1024n, max: 2048n }), 1536);
  assert.equal(totalBytes(3n, { kind: 'uniform', min: 1n, max: 2n }), 4n);
  assert.equal(totalBytes(10n ** 18n, { kind: 'fixed', bytes: 1n << 23n }), 10n ** 18n * 8388608n);
});

test('4host FULL: levels, totals, per agent and the isolated-storage warning', () => {
  const e = estimate(full());
  assert.deepEqual(
    e.levels.map((l) => [l.depth, l.leafDirs, l.totalDirs, l.files]),
    [
      [1, 24n, 24n, 4632n],
      [2, 576n, 600n, 111168n],
      [3, 13824n, 14424n, 2668032n],
      [4, 331776n, 346200n, 64032768n],
    ],
  );
  assert.equal(e.total.files, 64032768n);
  assert.equal(e.total.dirs, 346200n);
  // 64,032,768 × ~8 MiB ≈ 537 TB (spec §2.5: 5.37e14)
  assert.ok(Math.abs(Number(e.total.bytes) / 5.3715e14 - 1) < 0.001);
  assert.equal(e.splitMode, 'all');
  assert.deepEqual(
    e.perAgent.map((a) => [a.id, a.files, a.dirs]),
    ['agent-1', 'agent-2', 'agent-3', 'agent-4'].map((id) => [id, 64032768n, 86550n]),
  );
  assert.ok(e.warnings.some((w) => /each of the 4 agents writes every file/.test(w)));
  assert.ok(e.warnings.some((w) => /huge tree/.test(w)));
  // every agent mkdirs all 346,200 dirs at the default 5,000/s
  assert.equal(e.total.treeSeconds, 346200 / DEFAULT_RATES.mkdirPerSec);
  const bytesBound = Number(e.total.bytes) / DEFAULT_RATES.bytesPerSec;
  assert.ok(Math.abs(e.total.prepareSeconds - (e.total.treeSeconds + bytesBound)) < 1e-6);
});

test('modulo split: shared storage or sequential prepare', () => {
  const text = fixture('four-host-full.yaml').replace('shared_filesystem: false', 'shared_filesystem: true');
  const e = estimate(model(text));
  assert.equal(e.splitMode, 'modulo');
  assert.deepEqual(
    e.perAgent.map((a) => a.files),
    [16008192n, 16008192n, 16008192n, 16008192n],
  );
  assert.equal(e.perAgent.reduce((s, a) => s + a.bytes, 0n) - e.total.bytes <= 4n, true);
  assert.ok(!e.warnings.some((w) => /writes every file/.test(w)));
});

test('JSON has the contract keys, then only the optional ranges and rates source', () => {
  const j = estimateToJson(estimate(full())) as unknown as Record<string, any>;
  // the contract's keys in order, then only the optional additions (ranges, where the rates come from)
  assert.deepEqual(Object.keys(j), ['tree', 'levels', 'total', 'perAgent', 'warnings', 'ratesSource']);
  assert.deepEqual(Object.keys(j.tree), ['width', 'depth', 'filesPerDir', 'distribution', 'dirMask']);
  for (const l of j.levels)
    assert.deepEqual(Object.keys(l), [
      'depth',
      'leafDirs',
      'totalDirs',
      'files',
      'bytes',
      'treeSeconds',
      'prepareSeconds',
      'treeRange',
      'prepareRange',
    ]);
  assert.deepEqual(Object.keys(j.total), [
    'dirs',
    'leafDirs',
    'files',
    'bytes',
    'treeSeconds',
    'prepareSeconds',
    'treeRange',
    'prepareRange',
  ]);
  for (const a of j.perAgent) assert.deepEqual(Object.keys(a), ['id', 'dirs', 'files', 'bytes']);
  assert.equal(j.total.files, 64032768);
  assert.equal(typeof j.total.bytes, 'number');
  assert.equal(j.levels.length, 4);
  JSON.stringify(j); // no BigInt left
});

test('integers past 2^53 become strings', () => {
  const e = estimate(
    model(`
workload: []
prepare:
  ensure_objects: [{ count: 0, size_spec: 1048576 }]
  directory_structure: { width: 100, depth: 3, files_per_dir: 1000000 }
`),
  );
  const j = estimateToJson(e);
  assert.equal(j.total.files, 1000000000000);
  assert.equal(j.total.bytes, '1048576000000000000'); // 10^12 files of 1 MiB: past 2^53
  assert.equal(j.levels[0].files, 100000000);
  assert.equal(j.perAgent[0].id, 'local');
  assert.equal(JSON.parse(JSON.stringify(j)).levels[2].bytes, '1048576000000000000');
});

test('count mismatch and several ensure entries warn', () => {
  const e = estimate(
    model(`
workload: []
prepare:
  ensure_objects: [{ count: 7 }, { count: 0, size_spec: 5 }]
  directory_structure: { width: 2, depth: 2, files_per_dir: 3 }
`),
  );
  assert.equal(e.total.files, 12n);
  assert.equal(e.total.bytes, 12n * 1048576n); // entry 0's (default 1 MiB) size, counted once
  assert.ok(e.warnings.some((w) => /ensure_objects\[0\]\.count \(7\) does not match/.test(w)));
  assert.ok(e.warnings.some((w) => /2 ensure_objects entries/.test(w)));
});

test('flat objects without a tree: Σ count, modulo split for sequential', () => {
  const e = estimate(
    model(`
workload: []
prepare:
  ensure_objects:
    - { count: 10, size_spec: 100 }
    - { count: 5, size_spec: { type: uniform, min: 10, max: 30 } }
distributed:
  shared_filesystem: false
  tree_creation_mode: isolated
  path_selection: random
  agents: [{ address: a }, { address: b, id: bee }, { address: c }]
`),
  );
  assert.equal(e.tree, null);
  assert.deepEqual(e.levels, []);
  assert.equal(e.total.files, 15n);
  assert.equal(e.total.bytes, 1100n);
  assert.equal(e.total.treeSeconds, 0);
  assert.deepEqual(
    e.perAgent.map((a) => [a.id, a.files, a.dirs]),
    [
      ['agent-1', 6n, 0n],
      ['bee', 5n, 0n],
      ['agent-3', 4n, 0n],
    ],
  );
});

test('calibration overrides rates per agent; object stores skip mkdir', () => {
  const cal = parseCalibration(
    JSON.stringify({
      version: 1,
      measuredAt: '2026-01-01T00:00:00Z',
      agents: { 'agent-2': { mkdirPerSec: 346200 } },
    }),
  );
  assert.ok(cal.ok);
  const e = estimate(full(), { calibration: cal.ok ? cal.value : undefined });
  assert.equal(e.perAgent[1].treeSeconds, 1);
  assert.equal(e.perAgent[0].treeSeconds, 69.24);
  assert.equal(e.perAgent[1].rates.createsPerSec, DEFAULT_RATES.createsPerSec);
  assert.equal(parseCalibration('{').ok, false);
  assert.equal(parseCalibration({ version: 2, agents: {} }).ok, false);
  assert.equal(parseCalibration({ version: 1, agents: { a: { bytesPerSec: -1 } } }).ok, false);
  const s3 = estimate(
    model(`
target: s3://bucket/
workload: []
prepare:
  ensure_objects: [{ count: 0 }]
  directory_structure: { width: 10, depth: 2, files_per_dir: 1 }
`),
  );
  assert.equal(s3.total.treeSeconds, 0);
});

test('no prepare: zeros, one local agent', () => {
  const j = estimateToJson(estimate(model('workload: [{op: get, path: x, weight: 1}]')));
  assert.deepEqual(j, {
    tree: null,
    levels: [],
    total: {
      dirs: 0,
      leafDirs: 0,
      files: 0,
      bytes: 0,
      treeSeconds: 0,
      prepareSeconds: 0,
      treeRange: [0, 0],
      prepareRange: [0, 0],
    },
    perAgent: [{ id: 'local', dirs: 0, files: 0, bytes: 0 }],
    warnings: [],
    ratesSource: 'default model',
  });
});

test('estimate of the FULL config takes well under a millisecond', () => {
  const m = full();
  for (let i = 0; i < 50; i++) estimate(m);
  const t0 = performance.now();
  for (let i = 0; i < 200; i++) estimate(m);
  assert.ok((performance.now() - t0) / 200 < 1);
});
