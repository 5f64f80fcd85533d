// Spawns the built CLI (scripts/test.mjs builds dist first) and checks the DESIGN.md contracts end to end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FOUR_HOST_FULL, fixturePath } from '../fixtures';

const FULL = FOUR_HOST_FULL;
const iobench = (...args: string[]) =>
  spawnSync(process.execPath, ['bin/iobench.js', ...args], { encoding: 'utf8' });

test('estimate --json prints the contract object (plus its optional ranges)', () => {
  const r = iobench('estimate', FULL, '--json');
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  // the contract's keys in order, then only the optional additions (ranges, where the rates come from)
  assert.deepEqual(Object.keys(j), ['tree', 'levels', 'total', 'perAgent', 'warnings', 'ratesSource']);
  assert.deepEqual(j.tree, {
    width: 24,
    depth: 4,
    filesPerDir: 193,
    distribution: 'bottom',
    dirMask: 'd%d_w%d.dir',
  });
  assert.deepEqual(
    j.levels.map((l: any) => [l.depth, l.leafDirs, l.totalDirs, l.files]),
    [
      [1, 24, 24, 4632],
      [2, 576, 600, 111168],
      [3, 13824, 14424, 2668032],
      [4, 331776, 346200, 64032768],
    ],
  );
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
  assert.equal(j.total.files, 64032768);
  assert.equal(j.perAgent.length, 4);
  assert.deepEqual(Object.keys(j.perAgent[0]), ['id', 'dirs', 'files', 'bytes']);
  assert.ok(j.warnings.length >= 1);
});

test('estimate without --json prints a table with every depth, the agents and the warnings', () => {
  const r = iobench('estimate', FULL);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /346,200/);
  assert.match(r.stdout, /64,032,768/);
  assert.match(r.stdout, /537 TB \(489 TiB\)/);
  assert.match(r.stdout, /agent-4/);
  assert.match(r.stdout, /warning: .*each of the 4 agents writes every file/);
});

test('estimate --calibration uses measured rates', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iobench-cal-'));
  const cal = join(dir, 'cal.json');
  writeFileSync(
    cal,
    JSON.stringify({ version: 1, measuredAt: 'x', agents: { 'agent-1': { mkdirPerSec: 3462000 } } }),
  );
  const j = JSON.parse(iobench('estimate', FULL, '--json', '--calibration', cal).stdout);
  assert.equal(j.total.treeSeconds, 69.24); // the other agents are still at the default 5,000/s
  writeFileSync(cal, '{"version": 9}');
  const bad = iobench('estimate', FULL, '--calibration', cal);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /cal\.json: error: unsupported calibration version/);
});

test('estimate --calibration takes a run folder and maps its agents to the config, saying so', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iobench-cal-'));
  const run = join(dir, 'run');
  mkdirSync(join(run, '2-MEDIUM'), { recursive: true });
  const terms = {
    fixedS: { v: 0.5, sd: 0.05 },
    levelS: { v: 0.01, sd: 0.001 },
    dirS: { v: 0.001, sd: 0.0001 },
    fileS: { v: 0.0001, sd: 0.00001 },
    byteS: { v: 2e-9, sd: 1e-9 },
    at: { concurrency: 16, agents: 2, shared: true, meanSize: 4096 },
  };
  writeFileSync(
    join(run, '2-MEDIUM', 'calibration.json'),
    JSON.stringify({
      version: 1,
      measuredAt: 'x',
      source: 'run',
      agents: { 'agent-1': {}, 'agent-2': {} },
      terms: { 'agent-1': terms, 'agent-2': terms },
    }),
  );
  const cfg = join(dir, 'one.yaml');
  writeFileSync(
    cfg,
    'concurrency: 16\nprepare:\n  directory_structure: { width: 10, depth: 2, files_per_dir: 10, distribution: bottom, dir_mask: "d%d_w%d.dir" }\n  ensure_objects: [ { base_uri: "file:///tmp/x/", count: 0, size_distribution: 4096 } ]\nworkload: [ { op: stat, path: "*", weight: 1 } ]\n',
  );
  const r = iobench('estimate', cfg, '--calibration', run);
  assert.equal(r.status, 0, r.stderr);
  assert.match(
    r.stdout,
    /rates: measured by a run \(.*2-MEDIUM\/calibration\.json\); measured on 2 agents \(agent-1, agent-2\), applied to local as their average, scaled from 2 to 1 agent/,
  );
  const j = JSON.parse(iobench('estimate', cfg, '--calibration', run, '--json').stdout);
  // one agent alone: per-item costs halve (two shared the storage where they were measured)
  const want = 0.5 + 2 * 0.01 + 110 * 0.001 * 0.5 + 1000 * 0.0001 * 0.5;
  assert.ok(Math.abs(j.total.prepareSeconds - want) < 0.002, String(j.total.prepareSeconds));
  assert.ok(j.total.prepareRange[0] < want && want < j.total.prepareRange[1]);
  const missing = iobench('estimate', cfg, '--calibration', join(dir, 'nothing'));
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /nothing: error: cannot read/);
});

test('config errors: file:line:col: error: message and exit 1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iobench-bad-'));
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, 'workload:\n  - op: get\n   path: [\n');
  const r = iobench('estimate', bad, '--json');
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '');
  assert.match(
    r.stderr,
    new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: error: `, 'm'),
  );
  const missing = iobench('estimate', join(dir, 'nope.yaml'));
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /nope\.yaml: error: cannot read/);
});

test('tree: directories in creation order, --files, --agent, --limit', () => {
  const dirs = iobench('tree', FULL, '--limit', '3');
  assert.equal(dirs.status, 0, dirs.stderr);
  assert.equal(dirs.stdout, 'd1_w1.dir\nd1_w2.dir\nd1_w3.dir\n');
  const files = iobench('tree', FULL, '--files', '--agent', '1/4', '--limit', '2');
  assert.equal(
    files.stdout,
    'd1_w1.dir/d2_w1.dir/d3_w1.dir/d4_w1.dir/file_00000001.dat\nd1_w1.dir/d2_w1.dir/d3_w1.dir/d4_w1.dir/file_00000005.dat\n',
  );
  const owned = iobench('tree', FULL, '--agent', '3/4', '--limit', '2');
  assert.equal(owned.stdout, 'd1_w4.dir\nd1_w8.dir\n');
  assert.equal(iobench('tree', FULL, '--agent', '4/4').status, 1);
});

test('tree streams all 346,200 directories', () => {
  const r = spawnSync(process.execPath, ['bin/iobench.js', 'tree', FULL], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  assert.equal(r.status, 0);
  const lines = r.stdout.split('\n');
  assert.equal(lines.length, 346201);
  assert.equal(lines[346199], 'd1_w24.dir/d2_w24.dir/d3_w24.dir/d4_w24.dir');
});

test('tree ends quietly when the reader closes the pipe (EPIPE)', async () => {
  const child = spawn(process.execPath, ['bin/iobench.js', 'tree', FULL, '--files'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const first = await new Promise<string>((res) => child.stdout.once('data', (d) => res(String(d))));
  child.stdout.destroy(); // like `| head -1` exiting
  const code = await new Promise<number | null>((res) => child.on('close', (c) => res(c)));
  assert.match(first, /^d1_w1\.dir\/d2_w1\.dir\/d3_w1\.dir\/d4_w1\.dir\/file_00000000\.dat\n/);
  assert.equal(code, 0);
  assert.equal(stderr, '');
});

test('ladder writes NAME.SIMPLE/MEDIUM/FULL.yaml and says so', () => {
  const out = mkdtempSync(join(tmpdir(), 'iobench-ladder-'));
  const r = iobench('ladder', FULL, '--out-dir', out);
  assert.equal(r.status, 0, r.stderr);
  const names = ['SIMPLE', 'MEDIUM', 'FULL'].map((n) => `four-host-full.${n}.yaml`);
  assert.deepEqual(readdirSync(out).sort(), [...names].sort());
  for (const n of names) assert.match(r.stdout, new RegExp(n.replace(/\./g, '\\.')));
  const simple = readFileSync(join(out, names[0]), 'utf8');
  assert.match(simple, /depth: 2 {12}# levels below the base/);
  assert.match(simple, /count: 111168 /);
  const custom = iobench('ladder', FULL, '--out-dir', out, '--depths', '1,2,3');
  assert.equal(custom.status, 0, custom.stderr);
  assert.match(readFileSync(join(out, names[2]), 'utf8'), /depth: 3 /);
  const noTree = iobench('ladder', fixturePath('s3-get-put.yaml'), '--out-dir', out);
  assert.equal(noTree.status, 1);
  assert.match(noTree.stderr, /s3-get-put\.yaml: error: .*directory_structure/);
});
