// One config per refusing entry of the fidelity matrix (core/fidelity/matrix.ts): a small valid config whose
// only problem for our agent is that key. test/unit/fidelity.test.ts fails when an entry that refuses values has
// no sample here; test/integration/fidelity-refusal.test.ts runs each through the editor, validate and the agent.
type Obj = Record<string, unknown>;

export function baseConfig(root: string): Obj {
  return {
    target: `file://${root}/data/`,
    duration: '1s',
    concurrency: 2,
    workload: [
      { op: 'get', path: 'prepared-*', weight: 3 },
      { op: 'put', path: 'puts/', weight: 1, object_size: 1024 },
    ],
    prepare: { ensure_objects: [{ count: 4, size_spec: 4096, fill: 'zero' }] },
  };
}

const distributed = (extra: Obj = {}): Obj => ({
  shared_filesystem: true,
  tree_creation_mode: 'isolated',
  path_selection: 'random',
  agents: [{ address: '127.0.0.1:7167', id: 'a1' }],
  ...extra,
});
const stages = (barrierType = 'all_or_nothing', executeType = 'execute'): Obj[] => [
  {
    name: 'v',
    order: 1,
    type: 'validation',
    completion: 'validation_passed',
    barrier: { type: 'all_or_nothing' },
  },
  {
    name: 'x',
    order: 2,
    type: executeType,
    completion: executeType === 'custom' ? 'script_exit' : 'duration',
    ...(executeType === 'custom' ? { command: 'true' } : { duration: '1s' }),
    barrier: { type: barrierType },
  },
];
const phases = (phase: string): Obj => ({
  enabled: true,
  [phase]: { type: 'majority' },
});

/** Matrix key → (base config) → the config with that key set to a value our agent refuses. */
export const REFUSAL_SAMPLES: Record<string, (c: Obj) => void> = {
  'prepare.ensure_objects': (c) =>
    (c.prepare as { ensure_objects: Obj[] }).ensure_objects.push({ count: 2, size_spec: 1024 }),
  'prepare.key_prefix_shards': (c) => Object.assign(c.prepare as Obj, { key_prefix_shards: 16 }),
  page_cache_mode: (c) => (c.page_cache_mode = 'dontneed'),
  'distributed.agents[].multi_endpoint.strategy': (c) =>
    (c.distributed = distributed({
      agents: [
        {
          address: '127.0.0.1:7167',
          multi_endpoint: { strategy: 'least_connections', endpoints: [c.target] },
        },
      ],
    })),
  'distributed.ssh': (c) => (c.distributed = distributed({ ssh: { enabled: true, user: 'x' } })),
  'distributed.barrier_sync.validation.type': (c) =>
    (c.distributed = distributed({ barrier_sync: phases('validation'), stages: stages() })),
  'distributed.barrier_sync.prepare.type': (c) =>
    (c.distributed = distributed({ barrier_sync: phases('prepare'), stages: stages() })),
  'distributed.barrier_sync.execute.type': (c) =>
    (c.distributed = distributed({ barrier_sync: phases('execute'), stages: stages() })),
  'distributed.barrier_sync.cleanup.type': (c) =>
    (c.distributed = distributed({ barrier_sync: phases('cleanup'), stages: stages() })),
  'distributed.stages[].type': (c) =>
    (c.distributed = distributed({ stages: stages('all_or_nothing', 'custom') })),
  'distributed.stages[].barrier.type': (c) =>
    (c.distributed = distributed({ stages: stages('best_effort') })),
  processes: (c) => (c.processes = 4),
  op_log_path: (c) => (c.op_log_path = '/tmp/iobench-oplog.tsv.zst'),
  'perf_log.interval': (c) => (c.perf_log = { interval: '5s' }),
  'multi_endpoint.strategy': (c) =>
    (c.multi_endpoint = { strategy: 'least_connections', endpoints: [c.target] }),
};

export function refusedConfig(root: string, key: string): Obj {
  const c = baseConfig(root);
  REFUSAL_SAMPLES[key](c);
  return c;
}
