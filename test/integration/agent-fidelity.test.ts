// The keys of core/fidelity/matrix.ts marked `implemented` by this issue, each measured through a real agent
// process over gRPC on 127.0.0.1 (and, for the results files, through `iobench run`): io_rate, per-op
// concurrency, the prepared/deletable pools, error_handling, warmup_period, size-bucket rows, fill content,
// multi_endpoint placement. Every wait is on a message or a process exit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { stringify } from 'yaml';
import type { AgentClient, LiveStats__Output, StageSummary__Output } from '../../proto';
import {
  agentClient,
  AgentStream,
  Command,
  startAgent,
  Status,
  tempDir,
  type AgentProcess,
} from './helpers/agent';
import { iobench } from './controller-helpers';

let agent: AgentProcess;
let client: AgentClient;
const t = tempDir('iobench-fidelity-');
let n = 0;
before(async () => {
  agent = await startAgent([t.dir]);
  client = agentClient(agent.address);
});
after(async () => {
  client?.close();
  await agent?.stop();
  t.cleanup();
});

type Obj = Record<string, unknown>;

/** A fresh data folder and a flat config over it (count objects of `size` bytes). */
function flat(
  extra: Obj,
  o: { count?: number; size?: unknown; fill?: string } = {},
): { yaml: string; data: string } {
  const data = path.join(t.dir, `run-${++n}`);
  const cfg: Obj = {
    target: `file://${data}/`,
    duration: '1s',
    concurrency: 4,
    workload: [{ op: 'get', path: 'prepared-*', weight: 1 }],
    prepare: {
      ensure_objects: [{ count: o.count ?? 16, size_spec: o.size ?? 4096, fill: o.fill ?? 'zero' }],
    },
    ...extra,
  };
  return { yaml: stringify(cfg), data };
}

interface RunResult {
  messages: LiveStats__Output[];
  end: LiveStats__Output;
  summaries: Map<string, StageSummary__Output>;
  ms: number;
}

/** Runs to the end, releasing every barrier. */
async function run(yaml: string, timeoutMs = 30000): Promise<RunResult> {
  const s = new AgentStream(client);
  const t0 = Date.now();
  s.start(yaml);
  const summaries = new Map<string, StageSummary__Output>();
  try {
    for (;;) {
      const m = await s.next(
        (x) =>
          (x.at_barrier && x.status === Status.RUNNING && !!x.stage_summary) ||
          ([Status.COMPLETED, Status.ERROR, Status.ABORTED] as number[]).includes(x.status),
        timeoutMs,
        'barrier or end',
      );
      if (m.status !== Status.RUNNING)
        return { messages: s.log.map((x) => x.msg), end: m, summaries, ms: Date.now() - t0 };
      summaries.set(m.stage_summary!.stage_name, m.stage_summary!);
      s.send({ command: Command.RELEASE_BARRIER, barrier_sequence: m.barrier_sequence });
    }
  } finally {
    s.close();
  }
}

const completed = (r: RunResult) => assert.equal(r.end.status, Status.COMPLETED, r.end.error_message);
const execute = (r: RunResult) => {
  const s = r.summaries.get('execute');
  assert.ok(s, `no execute summary: ${[...r.summaries.keys()]}`);
  return s!;
};
const ops = (x: { get_ops: number | string; put_ops: number | string; meta_ops: number | string }) =>
  Number(x.get_ops) + Number(x.put_ops) + Number(x.meta_ops);

test('io_rate holds the configured rate for each distribution', async () => {
  const iops = 400;
  for (const distribution of ['exponential', 'uniform', 'deterministic']) {
    const { yaml } = flat({ duration: '3s', io_rate: { iops, distribution } });
    const r = await run(yaml);
    completed(r);
    const s = execute(r);
    const rate = ops(s) / s.wall_seconds;
    assert.ok(
      Math.abs(rate - iops) <= iops * 0.1,
      `${distribution}: ${rate.toFixed(1)} ops/s over ${s.wall_seconds.toFixed(2)} s, want ${iops} ± 10 %`,
    );
  }
  // the same workload without io_rate runs far faster: the limit is what held the rate
  const r = await run(flat({ duration: '1s' }).yaml);
  completed(r);
  const s = execute(r);
  assert.ok(ops(s) / s.wall_seconds > iops * 2, `unlimited: ${ops(s) / s.wall_seconds} ops/s`);
});

/** Average ops in flight (Little's law): the op time summed over the stage, divided by the stage's wall time. */
const inFlight = (s: StageSummary__Output, c: 'get' | 'put') =>
  (Number(s[c]!.ops) * s[c]!.mean_us) / 1e6 / s.wall_seconds;

test('per-op concurrency bounds the ops in flight', async () => {
  const workload = (limit?: number) => [
    { op: 'get', path: 'prepared-*', weight: 1, ...(limit ? { concurrency: limit } : {}) },
  ];
  const big = { count: 6, size: 4 << 20 };
  const limited = await run(flat({ concurrency: 6, duration: '2s', workload: workload(1) }, big).yaml);
  completed(limited);
  const free = await run(flat({ concurrency: 6, duration: '2s', workload: workload() }, big).yaml);
  completed(free);
  const a = inFlight(execute(limited), 'get');
  const b = inFlight(execute(free), 'get');
  assert.ok(a <= 1.05, `concurrency 1: ${a.toFixed(2)} gets in flight on average`);
  assert.ok(b >= 1.5, `no op limit: ${b.toFixed(2)} gets in flight on average`);
});

test('delete and get use separate pools: no get fails', async () => {
  const { yaml, data } = flat(
    {
      duration: '1s',
      workload: [
        { op: 'get', path: 'prepared-*', weight: 3 },
        { op: 'stat', path: 'prepared-*', weight: 1 },
        { op: 'delete', path: 'prepared-*', weight: 2 },
      ],
    },
    { count: 300 },
  );
  const cfg = yaml.replace('prepare:\n', 'prepare:\n  cleanup: false\n');
  const r = await run(cfg);
  completed(r);
  const s = execute(r);
  assert.equal(Number(s.errors), 0, 'no failed get, stat or delete');
  assert.ok(Number(s.get_ops) > 0 && Number(s.meta_ops) > 0);
  const names = fs.readdirSync(data);
  assert.equal(names.filter((x) => x.startsWith('prepared-')).length, 300, 'the read pool is never deleted');
  const deletable = names.filter((x) => x.startsWith('deletable-')).length;
  assert.ok(deletable < 300, `deletes consumed the deletable pool (${deletable} left)`);
});

test('prepare makes both pools and cleanup removes both', async () => {
  const { yaml, data } = flat(
    {
      duration: '1s',
      workload: [
        { op: 'get', path: 'prepared-*', weight: 1 },
        { op: 'delete', path: 'prepared-*', weight: 1 },
      ],
    },
    { count: 5 },
  );
  const r = await run(yaml.replace('prepare:\n', 'prepare:\n  cleanup: true\n'));
  completed(r);
  const prep = r.summaries.get('prepare')!;
  assert.equal(Number(prep.put_ops), 10, 'prepared-* and deletable-*');
  assert.deepEqual(
    fs.readdirSync(data).filter((x) => /^(prepared|deletable)-/.test(x)),
    [],
  );
});

/** Gets of objects that do not exist: every op fails (skip_verification assumes they are there). */
const failing = (errorHandling: Obj, duration = '2s') =>
  flat({ duration, concurrency: 1, error_handling: errorHandling }).yaml.replace(
    'prepare:\n',
    'prepare:\n  skip_verification: true\n',
  );

test('error_handling stops the stage at max_total_errors', async () => {
  const r = await run(failing({ max_total_errors: 7, error_rate_threshold: 1e9 }, '20s'));
  assert.equal(r.end.status, Status.ERROR);
  assert.match(r.end.error_message, /Aborting workload: 7 total errors exceeded threshold of 7/);
  assert.ok(r.ms < 10000, `stopped at the bound, not at the end of the 20 s stage (${r.ms} ms)`);
});

test('error_handling backs off above error_rate_threshold', async () => {
  const slow = await run(
    failing({
      max_total_errors: 1e9,
      error_rate_threshold: 5,
      error_rate_window: 1.0,
      backoff_duration: '400ms',
    }),
  );
  completed(slow);
  const fast = await run(failing({ max_total_errors: 1e9, error_rate_threshold: 1e9 }));
  completed(fast);
  const a = Number(execute(slow).errors);
  const b = Number(execute(fast).errors);
  assert.ok(a > 0 && a < 40, `with back-off: ${a} failed ops in 2 s`);
  assert.ok(b > 200, `without back-off: ${b} failed ops in 2 s`);
});

test('error_handling retries with backoff and jitter', async () => {
  // 3 attempts per op, 100 ms then 200 ms between them (jitter ±20 %): about 300 ms per failed op
  const r = await run(
    failing({
      max_total_errors: 1e9,
      error_rate_threshold: 1e9,
      retry_on_error: true,
      max_retries: 2,
      initial_retry_delay_ms: 100,
      retry_backoff_multiplier: 2.0,
      max_retry_delay_ms: 5000,
      retry_jitter_factor: 0.2,
    }),
  );
  completed(r);
  const failed = Number(execute(r).errors);
  assert.ok(failed >= 4 && failed <= 9, `${failed} failed ops in 2 s (≈ 2000 / 300)`);
});

test('warmup_period excludes the first seconds from the stage results', async () => {
  const { yaml } = flat({
    duration: '2s',
    warmup_period: '1s',
    io_rate: { iops: 300, distribution: 'deterministic' },
  });
  const r = await run(yaml);
  completed(r);
  const s = execute(r);
  const live = r.messages.filter((m) => m.status === Status.RUNNING && m.stage_name === 'execute').pop()!;
  const all = ops(live);
  assert.ok(all >= 500, `live counters cover the whole stage: ${all}`);
  assert.ok(
    Math.abs(s.wall_seconds - 1) < 0.25,
    `results cover the second after the warmup: ${s.wall_seconds} s`,
  );
  assert.ok(Math.abs(ops(s) - 300) <= 45, `results count the ops after the warmup only: ${ops(s)} of ${all}`);
});

test('dynamic_put_pool lets gets read the objects puts wrote', async () => {
  // existing data: one 8,192-byte object; puts write 1,000-byte objects into the same folder
  const meanGet = async (dynamic: boolean) => {
    const data = path.join(t.dir, `dyn-${++n}`);
    fs.mkdirSync(path.join(data, 'd'), { recursive: true });
    fs.writeFileSync(path.join(data, 'd', 'seed.bin'), Buffer.alloc(8192, 1));
    const r = await run(
      stringify({
        target: `file://${data}/`,
        duration: '1s',
        concurrency: 2,
        dynamic_put_pool: dynamic,
        workload: [
          { op: 'get', path: 'd/', weight: 1 },
          { op: 'put', path: 'd/', weight: 1, object_size: 1000 },
        ],
      }),
    );
    completed(r);
    const s = execute(r);
    assert.equal(Number(s.errors), 0);
    return Number(s.get_bytes) / Number(s.get_ops);
  };
  assert.equal(await meanGet(false), 8192, 'without it gets read only what was listed at the start');
  const mean = await meanGet(true);
  assert.ok(mean < 6000, `with it gets also read the new 1,000-byte objects (mean ${mean.toFixed(0)} B)`);
});

test('path_selection exclusive keeps an agent inside its own partition', async () => {
  // 4 leaf directories × 3 files; agent 0 of 2 owns directories 0 and 2 (j mod 2), i.e. files 0-2 and 6-8
  const data = path.join(t.dir, `sel-${++n}`);
  const yaml = stringify({
    target: `file://${data}/`,
    duration: '1s',
    concurrency: 2,
    error_handling: { max_total_errors: 1e9, error_rate_threshold: 1e9 },
    workload: [{ op: 'delete', path: 'x', weight: 1 }],
    prepare: {
      prepare_strategy: 'parallel', // isolated storage: this agent writes every file
      directory_structure: {
        width: 4,
        depth: 1,
        files_per_dir: 3,
        distribution: 'bottom',
        dir_mask: 'd%d_w%d.dir',
      },
      ensure_objects: [{ count: 0, size_spec: 1024, fill: 'zero' }],
    },
    distributed: {
      shared_filesystem: false,
      tree_creation_mode: 'isolated',
      path_selection: 'exclusive',
      agents: [{ address: '127.0.0.1:1' }, { address: '127.0.0.1:2' }],
    },
  });
  const s = new AgentStream(client);
  s.start(yaml, 'agent-1', { agent_index: 0, num_agents: 2, shared_storage: false });
  for (;;) {
    const m = await s.next(
      (x) =>
        (x.at_barrier && x.status === Status.RUNNING && !!x.stage_summary) ||
        ([Status.COMPLETED, Status.ERROR, Status.ABORTED] as number[]).includes(x.status),
      30000,
      'barrier or end',
    );
    if (m.status === Status.COMPLETED) break;
    assert.equal(m.status, Status.RUNNING, m.error_message);
    s.send({ command: Command.RELEASE_BARRIER, barrier_sequence: m.barrier_sequence });
  }
  s.close();
  const left = (d: number) => fs.readdirSync(path.join(data, `d1_w${d}.dir`)).length;
  assert.deepEqual([1, 2, 3, 4].map(left), [0, 3, 0, 3], 'own directories emptied, the others untouched');
});

test('multi_endpoint round_robin spreads files over the endpoints', async () => {
  const a = path.join(t.dir, 'ep-a');
  const b = path.join(t.dir, 'ep-b');
  const { yaml } = flat(
    { multi_endpoint: { strategy: 'round_robin', endpoints: [`file://${a}/`, `file://${b}/`] } },
    { count: 6 },
  );
  const r = await run(yaml.replace(/^target: .*\n/m, ''));
  completed(r);
  assert.deepEqual(fs.readdirSync(a).sort(), [
    'prepared-00000000.dat',
    'prepared-00000002.dat',
    'prepared-00000004.dat',
  ]);
  assert.deepEqual(fs.readdirSync(b).sort(), [
    'prepared-00000001.dat',
    'prepared-00000003.dat',
    'prepared-00000005.dat',
  ]);
});

test('fill zero writes zeros and fill random writes incompressible data', async () => {
  for (const fill of ['zero', 'random']) {
    const { yaml, data } = flat({ duration: '0s' }, { count: 2, size: 65536, fill });
    const r = await run(yaml);
    completed(r);
    const bytes = fs.readFileSync(path.join(data, 'prepared-00000001.dat'));
    assert.equal(bytes.length, 65536);
    const packed = zlib.deflateSync(bytes).length;
    if (fill === 'zero') assert.ok(bytes.every((x) => x === 0));
    else assert.ok(packed > 0.98 * bytes.length, `random fill compresses to ${packed} bytes`);
  }
  // workload PUTs write incompressible data too, even while gets of zero-filled objects run alongside
  const { yaml, data } = flat(
    {
      duration: '1s',
      workload: [
        { op: 'get', path: 'prepared-*', weight: 1 },
        { op: 'put', path: 'puts/', weight: 1, object_size: 65536 },
      ],
    },
    { count: 4, size: 65536, fill: 'zero' },
  );
  completed(await run(yaml));
  const written = fs.readdirSync(path.join(data, 'puts'));
  assert.ok(written.length > 0 && written.every((x) => /^obj_\d+$/.test(x)), `${written.slice(0, 3)}`);
  const bytes = fs.readFileSync(path.join(data, 'puts', written[0]));
  assert.ok(zlib.deflateSync(bytes).length > 0.98 * bytes.length, 'PUT data is incompressible');
});

test('ensure_objects dedup_factor and compress_factor shape the data', async () => {
  const blocks = (b: Buffer) =>
    Array.from({ length: b.length / 4096 }, (_, k) => b.subarray(k * 4096, (k + 1) * 4096).toString('hex'));
  const make = async (dedup: number, compress: number) => {
    const { yaml, data } = flat({ duration: '0s' }, { count: 2, size: 262144, fill: 'random' });
    const y = yaml.replace(
      'fill: random',
      `fill: random\n      dedup_factor: ${dedup}\n      compress_factor: ${compress}`,
    );
    completed(await run(y));
    return [0, 1].map((i) => fs.readFileSync(path.join(data, `prepared-0000000${i}.dat`)));
  };
  // default: 128 blocks over two objects, all different (not even the same random block twice)
  const plain = await make(1, 1);
  assert.equal(new Set(plain.flatMap(blocks)).size, 128);
  // dedup 4: 1 in 4 blocks unique
  const dd = await make(4, 1);
  assert.equal(new Set(dd.flatMap(blocks)).size, 32);
  // compress 3: ~3:1 (each block compressed on its own, as storage compresses blocks)
  const cc = await make(1, 3);
  const ratio =
    cc[0].length / blocks(cc[0]).reduce((a, h) => a + zlib.deflateRawSync(Buffer.from(h, 'hex')).length, 0);
  assert.ok(ratio > 2.5 && ratio < 3.3, `compress_factor 3 → ${ratio.toFixed(2)}:1`);
  assert.equal(new Set(cc.flatMap(blocks)).size, 128, 'still no duplicate blocks');
});

test('workload put dedup_factor and compress_factor shape the data', async () => {
  const blocks = (b: Buffer) =>
    Array.from({ length: b.length / 4096 }, (_, k) => b.subarray(k * 4096, (k + 1) * 4096));
  const put = async (dedup: number, compress: number) => {
    const { yaml, data } = flat({
      duration: '1s',
      concurrency: 1,
      workload: [
        {
          op: 'put',
          path: 'puts/',
          weight: 1,
          object_size: 262144,
          dedup_factor: dedup,
          compress_factor: compress,
        },
      ],
    });
    completed(await run(yaml));
    return fs.readFileSync(path.join(data, 'puts', fs.readdirSync(path.join(data, 'puts'))[0]));
  };
  const d = await put(4, 1);
  assert.equal(new Set(blocks(d).map((b) => b.toString('hex'))).size, 16, '64 blocks, 1 in 4 unique');
  const c = await put(1, 2);
  const packed = blocks(c).reduce((a, b) => a + zlib.deflateRawSync(b).length, 0);
  const ratio = c.length / packed;
  assert.ok(ratio > 1.7 && ratio < 2.2, `compress_factor 2 → ${ratio.toFixed(2)}:1`);
});

test('stage TSVs have size-bucket rows and warmup rows are flagged in perf_log.tsv', async () => {
  const root = path.join(t.dir, 'cli-root');
  const results = path.join(t.dir, 'cli-results');
  fs.mkdirSync(root);
  const cfg = path.join(t.dir, 'buckets.iobench.yaml');
  fs.writeFileSync(
    cfg,
    stringify({
      target: 'file:///bench/data/',
      duration: '3s',
      warmup_period: '2s',
      concurrency: 2,
      workload: [{ op: 'get', path: 'prepared-*', weight: 1 }],
      prepare: {
        ensure_objects: [{ count: 40, fill: 'zero', size_spec: { type: 'uniform', min: 2048, max: 32768 } }],
        cleanup: true,
      },
    }),
  );
  const r = await iobench(['run', cfg, '--local', '1', '--root', root, '--yes', '--results', results]);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const find = (dir: string, re: RegExp): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const p = path.join(dir, e.name);
      return e.isDirectory() ? find(p, re) : re.test(e.name) ? [p] : [];
    });
  const tsv = find(results, /_execute_results\.tsv$/)[0];
  const rows = fs
    .readFileSync(tsv, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t'));
  const buckets = rows.filter((x) => x[0] === 'GET').map((x) => x[1]);
  assert.ok(
    buckets.includes('1B-8KiB') && buckets.includes('8KiB-64KiB') && buckets.includes('ALL'),
    `${buckets}`,
  );
  const perf = fs.readFileSync(path.join(results, 'perf_log.tsv'), 'utf8').trim().split('\n').slice(1);
  const stages = perf.filter((l) => l.startsWith('all\t')).map((l) => l.split('\t')[3]);
  assert.ok(stages.includes('execute (warmup)'), `warmup rows flagged: ${[...new Set(stages)]}`);
  assert.ok(stages.includes('execute'), `rows after the warmup are not: ${[...new Set(stages)]}`);
});
