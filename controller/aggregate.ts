// Live statistics: the agents' 1 s RUNNING messages turned into per-second rows per agent and in total.
// Counters in LiveStats are cumulative within the current stage (§3.3), so a rate is the difference between two
// messages of the same stage over the agent's own stage clock (stage_elapsed_s) — immune to network jitter.
// Percentiles here are each agent's stage-cumulative values; the total weights them by op count (sai3's method,
// §3.12, labelled `op-weighted`); true percentiles come from merged histograms in stage summaries (./summary.ts).
import type { ClassStats, CpuStats, StatsRow } from './events';

const MIB = 1024 * 1024;

/** The fields of one LiveStats message the aggregation needs (a subset of the proto's LiveStats). */
export interface LiveSample {
  agent_id: string;
  stage_elapsed_s: number;
  stage_name: string;
  get_ops: number;
  get_bytes: number;
  get_mean_us: number;
  get_p50_us: number;
  get_p90_us: number;
  get_p95_us: number;
  get_p99_us: number;
  put_ops: number;
  put_bytes: number;
  put_mean_us: number;
  put_p50_us: number;
  put_p90_us: number;
  put_p95_us: number;
  put_p99_us: number;
  meta_ops: number;
  meta_mean_us: number;
  meta_p50_us: number;
  meta_p90_us: number;
  meta_p99_us: number;
  cpu_user_percent: number;
  cpu_system_percent: number;
  cpu_iowait_percent: number;
  cpu_total_percent: number;
}

export const emptyClass = (): ClassStats => ({
  ops: 0,
  bytes: 0,
  opsPerSec: 0,
  mibPerSec: 0,
  meanUs: 0,
  p50Us: 0,
  p90Us: 0,
  p95Us: 0,
  p99Us: 0,
});

export const emptyRow = (): StatsRow => ({ get: emptyClass(), put: emptyClass(), meta: emptyClass() });

export type Cls = 'get' | 'put' | 'meta';
const CLASSES: Cls[] = ['get', 'put', 'meta'];

function classOf(s: LiveSample, c: Cls) {
  if (c === 'meta')
    return {
      ops: s.meta_ops,
      bytes: 0,
      meanUs: s.meta_mean_us,
      p50Us: s.meta_p50_us,
      p90Us: s.meta_p90_us,
      p95Us: s.meta_p90_us, // LiveStats has no meta p95; p90 is the nearest lower bound
      p99Us: s.meta_p99_us,
    };
  const p = c === 'get' ? 'get' : 'put';
  return {
    ops: s[`${p}_ops`],
    bytes: s[`${p}_bytes`],
    meanUs: s[`${p}_mean_us`],
    p50Us: s[`${p}_p50_us`],
    p90Us: s[`${p}_p90_us`],
    p95Us: s[`${p}_p95_us`],
    p99Us: s[`${p}_p99_us`],
  };
}

interface AgentState {
  stage: number;
  last?: { sample: LiveSample; atMs: number };
  /** ops/bytes since the previous tick (exact counts for the perf log) */
  windowOps: Record<Cls, number>;
  windowBytes: Record<Cls, number>;
  rate: Record<Cls, { ops: number; bytes: number }>;
  latest?: LiveSample;
}

const zero = (): Record<Cls, number> => ({ get: 0, put: 0, meta: 0 });

export class LiveAggregator {
  private readonly agents = new Map<string, AgentState>();

  constructor(agentIds: string[]) {
    for (const id of agentIds) this.agents.set(id, this.fresh(-1));
  }

  private fresh(stage: number): AgentState {
    return {
      stage,
      windowOps: zero(),
      windowBytes: zero(),
      rate: { get: { ops: 0, bytes: 0 }, put: { ops: 0, bytes: 0 }, meta: { ops: 0, bytes: 0 } },
    };
  }

  /** Records one RUNNING message of `stage` (index) received at `atMs` (controller clock). */
  update(sample: LiveSample, stage: number, atMs: number): void {
    let a = this.agents.get(sample.agent_id);
    if (!a || a.stage !== stage) {
      a = this.fresh(stage);
      this.agents.set(sample.agent_id, a);
    }
    const prev = a.last?.sample;
    // Seconds between the two samples on the agent's stage clock; the controller clock when that is missing.
    let dt = prev ? sample.stage_elapsed_s - prev.stage_elapsed_s : sample.stage_elapsed_s;
    if (!(dt > 0.05)) dt = prev ? (atMs - a.last!.atMs) / 1000 : 0;
    for (const c of CLASSES) {
      const cur = classOf(sample, c);
      const before = prev ? classOf(prev, c) : { ops: 0, bytes: 0 };
      const dOps = Math.max(0, cur.ops - before.ops);
      const dBytes = Math.max(0, cur.bytes - before.bytes);
      a.windowOps[c] += dOps;
      a.windowBytes[c] += dBytes;
      a.rate[c] = dt > 0 ? { ops: dOps / dt, bytes: dBytes / dt } : { ops: 0, bytes: 0 };
    }
    a.last = { sample, atMs };
    a.latest = sample;
  }

  /** The agent finished `stage` and waits at its barrier: it does no more work, so its rates drop to 0. */
  finished(agentId: string, stage: number): void {
    const a = this.agents.get(agentId);
    if (a && a.stage === stage)
      a.rate = { get: { ops: 0, bytes: 0 }, put: { ops: 0, bytes: 0 }, meta: { ops: 0, bytes: 0 } };
  }

  /** Agents that reported in `stage` so far. */
  reporting(stage: number): string[] {
    return [...this.agents].filter(([, a]) => a.stage === stage && a.latest).map(([id]) => id);
  }

  /** The per-second view: one row per agent and the total; clears the window counters. */
  tick(stage: number): { agents: (StatsRow & { id: string })[]; total: StatsRow; elapsedS: number } {
    const rows: (StatsRow & { id: string })[] = [];
    const weights: Record<Cls, number>[] = [];
    let elapsedS = 0;
    for (const [id, a] of this.agents) {
      const row: StatsRow & { id: string } = { id, ...emptyRow() };
      const weight = zero();
      if (a.stage === stage && a.latest) {
        const s = a.latest;
        elapsedS = Math.max(elapsedS, s.stage_elapsed_s);
        for (const c of CLASSES) {
          const v = classOf(s, c);
          row[c] = {
            ops: a.windowOps[c],
            bytes: a.windowBytes[c],
            opsPerSec: a.rate[c].ops,
            mibPerSec: a.rate[c].bytes / MIB,
            meanUs: v.meanUs,
            p50Us: v.p50Us,
            p90Us: v.p90Us,
            p95Us: v.p95Us,
            p99Us: v.p99Us,
          };
          // the total's op-weighted latencies weigh each agent by its stage-cumulative op count
          weight[c] = v.ops;
        }
        row.cpu = {
          user: s.cpu_user_percent,
          system: s.cpu_system_percent,
          iowait: s.cpu_iowait_percent,
          total: s.cpu_total_percent,
        };
        a.windowOps = zero();
        a.windowBytes = zero();
      }
      rows.push(row);
      weights.push(weight);
    }
    const total = sumRows(rows, weights);
    return { agents: rows, total, elapsedS };
  }
}

/** Sums ops, bytes and rates; latencies are weighted by `weights` (default: ops) — the op-weighted approximation. */
export function sumRows(rows: StatsRow[], weights?: Record<Cls, number>[]): StatsRow {
  const total = emptyRow();
  for (const c of CLASSES) {
    let w = 0;
    const t = total[c];
    for (let i = 0; i < rows.length; i++) {
      const x = rows[i][c];
      t.ops += x.ops;
      t.bytes += x.bytes;
      t.opsPerSec += x.opsPerSec;
      t.mibPerSec += x.mibPerSec;
      const wx = weights ? weights[i][c] : x.ops;
      w += wx;
      t.meanUs += x.meanUs * wx;
      t.p50Us += x.p50Us * wx;
      t.p90Us += x.p90Us * wx;
      t.p95Us += x.p95Us * wx;
      t.p99Us += x.p99Us * wx;
      if (x.maxUs !== undefined) t.maxUs = Math.max(t.maxUs ?? 0, x.maxUs);
    }
    if (w > 0) {
      t.meanUs /= w;
      t.p50Us /= w;
      t.p90Us /= w;
      t.p95Us /= w;
      t.p99Us /= w;
    }
  }
  const cpus = rows.map((r) => r.cpu).filter((c): c is CpuStats => !!c);
  if (cpus.length) {
    const avg = (k: keyof CpuStats) => cpus.reduce((s, c) => s + c[k], 0) / cpus.length;
    total.cpu = { user: avg('user'), system: avg('system'), iowait: avg('iowait'), total: avg('total') };
  }
  return total;
}
