import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { extractModel } from '../../core/config/model-extract';
import { readFixture } from '../fixtures';

const fixture = readFixture;
const model = (yaml: string) => extractModel(parse(yaml));

test('defaults of a minimal config (§1.3, §1.12)', () => {
  const m = model('workload: [{op: get, path: a, weight: 1}]')!;
  assert.equal(m.durationMs, 60_000);
  assert.equal(m.concurrency, 16);
  assert.equal(m.target, undefined);
  assert.deepEqual(m.endpoints, []);
  assert.deepEqual(m.workload, [{ op: 'get', weight: 1, path: 'a' }]);
  assert.equal(m.prepare, undefined);
  assert.equal(m.distributed, undefined);
});

test('never throws, and non-maps give undefined', () => {
  for (const v of [undefined, null, 3, 'x', [], [1]]) assert.equal(extractModel(v), undefined);
  const m = extractModel({
    duration: 300, // bare number: rejected by sai3, default here
    concurrency: '8',
    workload: [{ op: 'GET' }, 5, { op: 'put', weight: 'x', object_size: '1MiB' }],
    prepare: {
      ensure_objects: [{ count: -1 }, 7],
      directory_structure: { width: 'a', depth: 2 },
      cleanup_mode: 'best_effort',
    },
    distributed: {
      agents: [null, { address: 'h:1', concurrency_override: 'x' }],
      stages: [{ name: 'x' }],
      agent_ready_timeout: '1.5s',
    },
  })!;
  assert.equal(m.durationMs, 60_000);
  assert.equal(m.concurrency, 16);
  assert.deepEqual(m.workload, [{ op: 'put', weight: 0, path: '' }]);
  assert.equal(m.prepare!.tree, undefined);
  assert.equal(m.prepare!.ensure.length, 1);
  assert.equal(m.prepare!.ensure[0].count, 0n);
  assert.equal(m.prepare!.cleanupMode, 'tolerant');
  assert.deepEqual(
    m.distributed!.agents.map((a) => [a.index, a.address, a.concurrency]),
    [
      [0, '', 16],
      [1, 'h:1', 16],
    ],
  );
  assert.deepEqual(m.distributed!.stages, []);
  assert.equal(m.distributed!.agentReadyTimeoutS, 120);
});

test('prepare: sizes, legacy min/max, tree defaults', () => {
  const m = model(`
workload: []
prepare:
  ensure_objects:
    - { count: "64,032,768", size_distribution: { type: lognormal, mean: 8MiB, std_dev: 1MiB, min: 1MiB, max: 16MiB } }
    - { count: 64_032_768, min_size: 1024, max_size: 4096, fill: zero }
    - { count: 5 }
    - { count: 5, size_spec: 4096 }
    - { count: 5, size_spec: { type: uniform } }
  directory_structure: { width: 24, depth: "4", files_per_dir: 193 }
  post_prepare_delay: 2m
`)!;
  const e = m.prepare!.ensure;
  assert.deepEqual(e[0].size, {
    kind: 'lognormal',
    mean: 8n << 20n,
    stdDev: 1n << 20n,
    min: 1n << 20n,
    max: 16n << 20n,
  });
  assert.equal(e[0].count, 64032768n);
  assert.equal(e[0].fill, 'random');
  assert.deepEqual(e[1].size, { kind: 'uniform', min: 1024n, max: 4096n });
  assert.equal(e[1].count, 64032768n);
  assert.equal(e[1].fill, 'zero');
  assert.deepEqual(e[2].size, { kind: 'fixed', bytes: 1n << 20n });
  assert.deepEqual(e[3].size, { kind: 'fixed', bytes: 4096n });
  assert.deepEqual(e[4].size, { kind: 'uniform', min: 1024n, max: 1n << 20n });
  assert.deepEqual(m.prepare!.tree, {
    width: 24,
    depth: 4,
    filesPerDir: 193,
    distribution: 'bottom',
    dirMask: 'sai3bench.d%d_w%d.dir',
  });
  assert.equal(m.prepare!.strategy, 'sequential');
  assert.equal(m.prepare!.postPrepareDelayS, 120);
});

test('distributed: overrides per agent, stages sorted by order', () => {
  const m = model(`
concurrency: 32
target: file:///data/
multi_endpoint: { endpoints: [file:///a/, file:///b/] }
workload: [{ op: get, path: x, weight: 1 }]
distributed:
  shared_filesystem: true
  tree_creation_mode: isolated
  path_selection: random
  agent_ready_timeout: 5m
  barrier_sync: { enabled: true }
  agents:
    - { address: "h1:7167", id: one, concurrency_override: 8, target_override: "file:///other/" }
    - { address: "h2:7167", multi_endpoint: { endpoints: [file:///c/] } }
  stages:
    - { name: run, order: 2, type: execute, duration: 30s, barrier: { type: all_or_nothing, agent_barrier_timeout: 5m } }
    - { name: prep, order: 1, type: prepare, completion: tasks_done }
`)!;
  const d = m.distributed!;
  assert.equal(d.sharedFilesystem, true);
  assert.equal(d.agentReadyTimeoutS, 300);
  assert.equal(d.barrierSyncEnabled, true);
  assert.deepEqual(d.agents[0], {
    index: 0,
    address: 'h1:7167',
    id: 'one',
    concurrency: 8,
    target: 'file:///other/',
    endpoints: ['file:///a/', 'file:///b/'],
  });
  assert.deepEqual(d.agents[1], {
    index: 1,
    address: 'h2:7167',
    concurrency: 32,
    target: 'file:///data/',
    endpoints: ['file:///c/'],
  });
  assert.deepEqual(
    d.stages.map((s) => [s.name, s.order, s.type, s.completion]),
    [
      ['prep', 1, 'prepare', 'tasks_done'],
      ['run', 2, 'execute', 'duration'],
    ],
  );
  assert.equal(d.stages[1].durationMs, 30_000);
  assert.equal(d.stages[1].barrierTimeoutS, 300);
  assert.equal(d.stages[1].hasBarrier, true);
});

test('the 4host FULL fixture', () => {
  const m = model(fixture('four-host-full.yaml'))!;
  assert.equal(m.concurrency, 64);
  assert.equal(m.durationMs, 0);
  assert.equal(m.prepare!.strategy, 'parallel');
  assert.equal(m.prepare!.forceOverwrite, true);
  assert.deepEqual(m.prepare!.tree, {
    width: 24,
    depth: 4,
    filesPerDir: 193,
    distribution: 'bottom',
    dirMask: 'd%d_w%d.dir',
  });
  assert.equal(m.prepare!.ensure[0].count, 64032768n);
  assert.equal(m.distributed!.sharedFilesystem, false);
  assert.deepEqual(
    m.distributed!.agents.map((a) => [a.id, a.concurrency, a.endpoints.length, a.endpoints[0]]),
    [
      ['agent-1', 16, 4, 'file:///mnt/filesys1/benchmark/'],
      ['agent-2', 16, 4, 'file:///mnt/filesys5/benchmark/'],
      ['agent-3', 16, 4, 'file:///mnt/filesys9/benchmark/'],
      ['agent-4', 16, 4, 'file:///mnt/filesys13/benchmark/'],
    ],
  );
});

test('every fixture extracts without throwing', () => {
  for (const name of [
    's3-get-put.yaml',
    'size-distributions.yaml',
    'two-agents-staged.yaml',
    'missing-shared-filesystem.yaml',
    'tree-all-levels.yaml',
  ]) {
    assert.ok(model(fixture(name)), name);
  }
});
