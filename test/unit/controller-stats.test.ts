// Pure parts of the controller: barrier bookkeeping, per-second aggregation, merged stage summaries (HDR
// histograms vs op-weighted fallback) and the results file formats.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { build, encodeIntoCompressedBase64 } from 'hdr-histogram-js';
import { BarrierBook } from '../../controller/barriers';
import { LiveAggregator, sumRows, type LiveSample } from '../../controller/aggregate';
import { decodeHistograms } from '../../controller/histograms';
import { mergeStage, type StageSummaryInput } from '../../controller/summary';
import {
  PERF_LOG_COLUMNS,
  ResultsWriter,
  STAGE_TSV_COLUMNS,
  perfLogLine,
  stageFileName,
  stageTsv,
} from '../../controller/results';
import type { StageRef } from '../../controller/events';

test('barriers: released once, only when every agent is there, re-sends ignored', () => {
  const b = new BarrierBook(['a', 'b', 'c']);
  assert.equal(b.arrive('a', 0), false);
  assert.equal(b.arrive('a', 0), false);
  assert.equal(b.arrive('x', 0), false, 'unknown agents do not count');
  assert.equal(b.arrive('b', 0), false);
  assert.deepEqual(b.missing(0), ['c']);
  assert.equal(b.arrive('c', 0), true);
  assert.equal(b.arrive('c', 0), false, 'never released twice');
  assert.ok(b.isReleased(0));
  assert.equal(b.arrive('b', 1), false);
  assert.equal(b.waiting(1), 1);
});

const sample = (id: string, t: number, getOps: number, p50: number): LiveSample => ({
  agent_id: id,
  stage_elapsed_s: t,
  stage_name: 'execute',
  get_ops: getOps,
  get_bytes: getOps * 1024,
  get_mean_us: p50,
  get_p50_us: p50,
  get_p90_us: p50 * 2,
  get_p95_us: p50 * 3,
  get_p99_us: p50 * 4,
  put_ops: 0,
  put_bytes: 0,
  put_mean_us: 0,
  put_p50_us: 0,
  put_p90_us: 0,
  put_p95_us: 0,
  put_p99_us: 0,
  meta_ops: 0,
  meta_mean_us: 0,
  meta_p50_us: 0,
  meta_p90_us: 0,
  meta_p99_us: 0,
  cpu_user_percent: 10,
  cpu_system_percent: 5,
  cpu_iowait_percent: 0,
  cpu_total_percent: 15,
});

test('live aggregation: rates on the agent stage clock, window counts, op-weighted total latencies', () => {
  const agg = new LiveAggregator(['a', 'b']);
  agg.update(sample('a', 1, 1000, 100), 2, 0);
  agg.update(sample('b', 1, 3000, 200), 2, 0);
  let t = agg.tick(2);
  assert.equal(t.total.get.ops, 4000);
  assert.equal(t.total.get.opsPerSec, 4000);
  assert.equal(t.total.get.p50Us, (1000 * 100 + 3000 * 200) / 4000, 'weighted by ops');
  assert.equal(t.agents[0].get.mibPerSec, 1000 / 1024);
  // 2 s later on the agent clock, 3000 more ops → 1500 ops/s; the window holds the 3000
  agg.update(sample('a', 3, 4000, 100), 2, 5000);
  t = agg.tick(2);
  assert.equal(t.agents[0].get.opsPerSec, 1500);
  assert.equal(t.agents[0].get.ops, 3000);
  assert.equal(t.agents[1].get.ops, 0, 'no new message: nothing in the window');
  // waiting at the barrier: no more work
  agg.finished('a', 2);
  assert.equal(agg.tick(2).agents[0].get.opsPerSec, 0);
  // a new stage starts from zero
  agg.update(sample('a', 1, 10, 100), 3, 6000);
  assert.equal(agg.tick(3).agents[0].get.opsPerSec, 10);
  assert.equal(sumRows([]).get.ops, 0);
});

const hist = (values: number[]) => {
  const h = build();
  for (const v of values) h.recordValue(v);
  return Buffer.from(encodeIntoCompressedBase64(h), 'base64');
};
const metrics = (ops: number, p50: number) => ({
  bytes: ops * 10,
  ops,
  mean_us: p50,
  p50_us: p50,
  p95_us: p50,
  p99_us: p50,
});
const stageSummary = (ops: number, values: number[] | null, p50 = 0): StageSummaryInput => ({
  stage_index: 3,
  stage_name: 'execute',
  stage_type: 'execute',
  wall_seconds: 2,
  get_ops: ops,
  get_bytes: ops * 10,
  put_ops: 0,
  put_bytes: 0,
  meta_ops: 0,
  errors: 0,
  get: metrics(ops, p50),
  put: null,
  meta: null,
  histogram_get: values ? hist(values) : Buffer.alloc(0),
  histogram_put: Buffer.alloc(0),
  histogram_meta: Buffer.alloc(0),
  get_bins: { buckets: [{ bucket_idx: 1, ops, bytes: ops * 10 }] },
  put_bins: null,
  meta_bins: null,
});
const stage: StageRef = { index: 2, name: 'execute', type: 'execute' };

test('stage summary: true percentiles from merged histograms when every agent sent them', () => {
  const a = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100
  const b = Array.from({ length: 100 }, (_, i) => i + 1001); // 1001..1100
  const m = mergeStage(stage, [
    { id: 'a', summary: stageSummary(100, a) },
    { id: 'b', summary: stageSummary(100, b) },
  ]);
  assert.equal(m.event.total.latency, 'hdr');
  assert.equal(m.event.total.get.ops, 200);
  assert.equal(m.event.total.get.opsPerSec, 100);
  // the merged median sits at the top of agent a's values; an op-weighted p50 would be ~550
  assert.equal(m.event.total.get.p50Us, 100);
  assert.ok(m.event.total.get.p99Us >= 1090);
  const all = m.tsv.find((r) => r.operation === 'GET' && r.sizeBucket === 'ALL')!;
  assert.equal(all.bucketIdx, 98);
  assert.equal(all.count, 200);
  assert.equal(all.avgBytes, 10);
});

test('stage summary: op-weighted fallback (labelled) when an agent sent no histogram', () => {
  const m = mergeStage(stage, [
    { id: 'a', summary: stageSummary(100, [5, 6, 7], 100) },
    { id: 'b', summary: stageSummary(300, null, 200) },
  ]);
  assert.equal(m.event.total.latency, 'op-weighted');
  assert.equal(m.event.total.get.p50Us, (100 * 6 + 300 * 200) / 400);
});

test('histograms: back-to-back V2, plain and compressed', () => {
  const c = hist([1, 2, 3]);
  const plain = inflateSync(c.subarray(8));
  assert.deepEqual(
    decodeHistograms(Buffer.concat([plain, c, plain])).map((h) => h.totalCount),
    [3, 3, 3],
  );
  assert.throws(() => decodeHistograms(Buffer.from('not a histogram')));
});

test('results formats: 30 perf-log columns, sai3 stage TSV, file names', () => {
  const row = { get: zero(), put: zero(), meta: zero() };
  assert.equal(perfLogLine('all', 1, 1, 'execute', row).split('\t').length, PERF_LOG_COLUMNS.length);
  assert.equal(PERF_LOG_COLUMNS.length, 30);
  assert.equal(stageTsv([]).trim(), STAGE_TSV_COLUMNS.join('\t'));
  assert.equal(stageFileName(0, 'validation'), '01_validation_results.tsv');
  assert.equal(stageFileName(11, 'my stage/x'), '12_my_stage_x_results.tsv');
  const dir = mkdtempSync(join(tmpdir(), 'iobench-res-'));
  try {
    const w = new ResultsWriter(dir);
    w.perf(
      {
        t: 1,
        stage,
        elapsedS: 1,
        agents: [{ id: 'agent-1', ...row }],
        total: { ...row, latency: 'op-weighted' },
      },
      1000,
    );
    w.json('summary.json', { n: 2n ** 70n, x: NaN });
    assert.deepEqual(w.files(), ['agents/agent-1/perf_log.tsv', 'perf_log.tsv', 'summary.json']);
    assert.equal(readFileSync(join(dir, 'perf_log.tsv'), 'utf8').trim().split('\n').length, 3);
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')), {
      n: '1180591620717411303424',
      x: null,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

function zero() {
  return { ops: 0, bytes: 0, opsPerSec: 0, mibPerSec: 0, meanUs: 0, p50Us: 0, p90Us: 0, p95Us: 0, p99Us: 0 };
}
