// The execute-stage keys of core/fidelity/matrix.ts, each measured through a real agent process over gRPC on
// 127.0.0.1: io_rate, per-op concurrency, error_handling, warmup_period, path_selection. Every wait is on a
// message or a process exit. (Data-shaping keys: agent-fidelity-data.test.ts.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import type { StageSummary__Output } from '../../proto';
import { AgentStream, Command, Status } from './helpers/agent';
import { completed, execute, FidelityAgent, ops, type Obj } from './helpers/fidelity-run';

const fa = new FidelityAgent();
before(() => fa.start());
after(() => fa.stop());

test('io_rate holds the configured rate for each distribution', async () => {
  const iops = 400;
  for (const distribution of ['exponential', 'uniform', 'deterministic']) {
    const { yaml } = fa.flat({ duration: '3s', io_rate: { iops, distribution } });
    const r = await fa.run(yaml);
    completed(r);
    const s = execute(r);
    const rate = ops(s) / s.wall_seconds;
    assert.ok(
      Math.abs(rate - iops) <= iops * 0.1,
      `${distribution}: ${rate.toFixed(1)} ops/s over ${s.wall_seconds.toFixed(2)} s, want ${iops} ± 10 %`,
    );
  }
  // the same workload without io_rate runs far faster: the limit is what held the rate
  const r = await fa.run(fa.flat({ duration: '1s' }).yaml);
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
  const limited = await fa.run(fa.flat({ concurrency: 6, duration: '2s', workload: workload(1) }, big).yaml);
  completed(limited);
  const free = await fa.run(fa.flat({ concurrency: 6, duration: '2s', workload: workload() }, big).yaml);
  completed(free);
  const a = inFlight(execute(limited), 'get');
  const b = inFlight(execute(free), 'get');
  assert.ok(a <= 1.05, `concurrency 1: ${a.toFixed(2)} gets in flight on average`);
  assert.ok(b >= 1.5, `no op limit: ${b.toFixed(2)} gets in flight on average`);
});

/** Gets of objects that do not exist: every op fails (skip_verification assumes they are there). */
const failing = (errorHandling: Obj, duration = '2s') =>
  fa
    .flat({ duration, concurrency: 1, error_handling: errorHandling })
    .yaml.replace('prepare:\n', 'prepare:\n  skip_verification: true\n');

test('error_handling stops the stage at max_total_errors', async () => {
  const r = await fa.run(failing({ max_total_errors: 7, error_rate_threshold: 1e9 }, '20s'));
  assert.equal(r.end.status, Status.ERROR);
  assert.match(r.end.error_message, /Aborting workload: 7 total errors exceeded threshold of 7/);
  assert.ok(r.ms < 10000, `stopped at the bound, not at the end of the 20 s stage (${r.ms} ms)`);
});

test('error_handling backs off above error_rate_threshold', async () => {
  const slow = await fa.run(
    failing({
      max_total_errors: 1e9,
      error_rate_threshold: 5,
      error_rate_window: 1.0,
      backoff_duration: '400ms',
    }),
  );
  completed(slow);
  const fast = await fa.run(failing({ max_total_errors: 1e9, error_rate_threshold: 1e9 }));
  completed(fast);
  const a = Number(execute(slow).errors);
  const b = Number(execute(fast).errors);
  assert.ok(a > 0 && a < 40, `with back-off: ${a} failed ops in 2 s`);
  assert.ok(b > 200, `without back-off: ${b} failed ops in 2 s`);
});

test('error_handling retries with backoff and jitter', async () => {
  // 3 attempts per op, 100 ms then 200 ms between them (jitter ±20 %): about 300 ms per failed op
  const r = await fa.run(
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
  const { yaml } = fa.flat({
    duration: '2s',
    warmup_period: '1s',
    io_rate: { iops: 300, distribution: 'deterministic' },
  });
  const r = await fa.run(yaml);
  completed(r);
  const s = execute(r);
  const live = r.messages.filter((m) => m.status === Status.RUNNING && m.stage_name === 'execute').pop()!;
  const all = ops(live);
  assert.ok(all >= 500, `live counters cover the whole stage: ${all}`);
  assert.ok(
    Math.abs(s.wall_seconds - 1) < 0.25,
    `results cover the second after the warmup: ${s.wall_seconds} s`,
  );
  // about half of the stage's ops (a loaded machine makes the deterministic schedule catch up after the warmup)
  const share = ops(s) / all;
  assert.ok(share > 0.3 && share < 0.75, `results count the ops after the warmup only: ${ops(s)} of ${all}`);
});

test('path_selection exclusive keeps an agent inside its own partition', async () => {
  // 4 leaf directories × 3 files; agent 0 of 2 owns directories 0 and 2 (j mod 2), i.e. files 0-2 and 6-8
  const data = fa.folder('sel');
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
  const s = new AgentStream(fa.client);
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
