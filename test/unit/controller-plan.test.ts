// Per-agent configs: counts from the tree, sai3's required distributed keys, synthesized stages with barriers,
// a validation stage put first, overrides, path prefixes and the --local/--root rewriting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { planRun } from '../../controller/per-agent-config';
import { commonDirectory, fileBase, fileDirectories, rebaseFileUris } from '../../controller/local-root';
import { normalizeStages } from '../../controller/stages';

const base = () => ({
  duration: '5s',
  concurrency: 8,
  target: 'file:///tmp/iobench-demo/',
  prepare: {
    prepare_strategy: 'parallel',
    directory_structure: {
      width: 4,
      depth: 3,
      files_per_dir: 10,
      distribution: 'bottom',
      dir_mask: 'd%d_w%d.dir',
    },
    ensure_objects: [{ base_uri: 'file:///tmp/iobench-demo/', count: 0, size_distribution: 65536 }],
    cleanup: true,
  },
  workload: [
    { op: 'get', path: '*', weight: 70 },
    { op: 'put', path: 'puts/', object_size: 65536, weight: 30 },
  ],
});

const two = [{ address: '127.0.0.1:7001' }, { address: '127.0.0.1:7002' }];

test('count 0 becomes the tree total; synthesized stages with barriers; sai3 distributed keys', () => {
  const r = planRun(base(), { agents: two });
  assert.ok(r.ok);
  assert.equal(r.plan.totalFiles, 640n);
  assert.deepEqual(
    r.plan.stages.map((s) => [s.index, s.name, s.type]),
    [
      [0, 'validation', 'validation'],
      [1, 'prepare', 'prepare'],
      [2, 'execute', 'execute'],
      [3, 'cleanup', 'cleanup'],
    ],
  );
  assert.equal(r.plan.stages[2].durationMs, 5000);
  const sent = parse(r.plan.agents[1].yaml);
  assert.equal(sent.prepare.ensure_objects[0].count, 640);
  assert.deepEqual(
    sent.distributed.agents.map((a: any) => a.address),
    ['127.0.0.1:7001', '127.0.0.1:7002'],
  );
  assert.equal(sent.distributed.shared_filesystem, false);
  assert.equal(sent.distributed.tree_creation_mode, 'isolated');
  assert.equal(sent.distributed.path_selection, 'random');
  const stages = sent.distributed.stages;
  assert.equal(stages[0].type, 'validation');
  assert.equal(stages[0].completion, 'validation_passed');
  assert.equal(stages[2].duration, '5s');
  assert.ok(
    stages.every((s: any) => s.barrier?.type === 'all_or_nothing' && s.barrier.agent_barrier_timeout >= 120),
  );
  // sai3 default for isolated storage without a local root: agent-<n>/ prefixes
  assert.deepEqual(
    r.plan.agents.map((a) => [a.id, a.index, a.pathPrefix, a.sharedStorage]),
    [
      ['agent-1', 0, 'agent-1/', false],
      ['agent-2', 1, 'agent-2/', false],
    ],
  );
});

test('a count that does not match the tree is an error at its path', () => {
  const v = base();
  v.prepare.ensure_objects[0].count = 7;
  const r = planRun(v, { agents: two });
  assert.ok(!r.ok);
  assert.deepEqual(r.errors[0].path, ['prepare', 'ensure_objects', 0, 'count']);
  assert.match(r.errors[0].message, /does not match directory tree total files \(640\)/);
});

test('no agents anywhere → an error that suggests --local', () => {
  const r = planRun(base());
  assert.ok(!r.ok);
  assert.match(r.errors[0].message, /--local N/);
});

test('prepare-only (duration 0s) and cleanup-only configs get only their stages', () => {
  const v: any = base();
  v.duration = '0s';
  v.prepare.cleanup = false;
  const r = planRun(v, { agents: two });
  assert.ok(r.ok);
  assert.deepEqual(
    r.plan.stages.map((s) => s.name),
    ['validation', 'prepare'],
  );
  v.prepare.cleanup_only = true;
  const c = planRun(v, { agents: two });
  assert.ok(c.ok);
  assert.deepEqual(
    c.plan.stages.map((s) => s.name),
    ['validation', 'cleanup'],
  );
});

test("the config's own stages are kept, sorted, with a validation stage put first when missing", () => {
  const list = normalizeStages([
    { name: 'run', order: 0, type: 'execute', duration: '1s' },
    { name: 'prep', order: 5, type: 'prepare' },
    { name: 'validation', order: 9, type: 'cleanup' },
  ]);
  assert.deepEqual(
    list.map((s) => [s.name, s.type, s.order]),
    [
      ['validation-2', 'validation', 1],
      ['run', 'execute', 2],
      ['prep', 'prepare', 3],
      ['validation', 'cleanup', 4],
    ],
  );
  const kept = normalizeStages([
    { name: 'v', order: 3, type: 'validation' },
    { name: 'x', order: 4, type: 'execute' },
  ]);
  assert.deepEqual(
    kept.map((s) => s.name),
    ['v', 'x'],
  );
});

test('agent overrides apply to that agent only', () => {
  const v: any = base();
  v.distributed = {
    agents: [
      { address: 'h1:7167', target_override: 'file:///mnt/a/', concurrency_override: 3 },
      { address: 'h2:7167', id: 'beta' },
    ],
    shared_filesystem: true,
    tree_creation_mode: 'coordinator',
    path_selection: 'partitioned',
  };
  const r = planRun(v);
  assert.ok(r.ok);
  const [a, b] = r.plan.agents.map((x) => parse(x.yaml));
  assert.equal(a.target, 'file:///mnt/a/');
  assert.equal(a.concurrency, 3);
  assert.equal(b.target, 'file:///tmp/iobench-demo/');
  assert.equal(b.concurrency, 8);
  assert.equal(r.plan.agents[1].id, 'beta');
  // shared storage: no prefix (§3.7 step 7), user's distributed keys kept
  assert.deepEqual(
    r.plan.agents.map((x) => x.pathPrefix),
    ['', ''],
  );
  assert.equal(a.distributed.tree_creation_mode, 'coordinator');
});

test('--root moves every file location under <root>/agent-<i>/, keeping relative layout', () => {
  const r = planRun(base(), { agents: two, root: '/r' });
  assert.ok(r.ok);
  const [a, b] = r.plan.agents.map((x) => parse(x.yaml));
  assert.equal(a.target, 'file:///r/agent-1/');
  assert.equal(a.prepare.ensure_objects[0].base_uri, 'file:///r/agent-1/');
  assert.equal(b.target, 'file:///r/agent-2/');
  assert.equal(a.workload[1].path, 'puts/', 'relative op paths stay relative');
  assert.deepEqual(
    r.plan.agents.map((x) => [x.folder, x.pathPrefix]),
    [
      ['/r/agent-1', ''],
      ['/r/agent-2', ''],
    ],
  );
  assert.deepEqual(fileDirectories(r.plan.agents[0].value), ['/r/agent-1/']);

  const v: any = {
    target: 'direct:///mnt/a/x/',
    multi_endpoint: { endpoints: ['file:///mnt/a/', 'file:///mnt/b/'] },
    workload: [{ op: 'get', path: 'file:///mnt/a/x/*', weight: 1 }],
  };
  assert.equal(fileBase(v), '/mnt');
  assert.equal(rebaseFileUris(v, '/mnt', '/r/agent-1'), 4);
  assert.deepEqual(
    [v.target, ...v.multi_endpoint.endpoints, v.workload[0].path],
    ['direct:///r/agent-1/a/x/', 'file:///r/agent-1/a/', 'file:///r/agent-1/b/', 'file:///r/agent-1/a/x/*'],
  );
  assert.equal(commonDirectory(['/a/b/c/', '/a/b/d/e.dat']), '/a/b');
  assert.equal(commonDirectory(['/x/', '/y/']), '/');
});
