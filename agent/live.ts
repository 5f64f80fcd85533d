// LiveStats messages as the agent sends them (spec §3.3 table, §3.7), built from a stage's stats.
import { Status, WorkloadStage, type LiveStats, type PrepareSummary, type WorkloadSummary } from '../proto';
import type { CpuSampler } from './cpu';
import type { StageStats } from './stats';

export interface LiveContext {
  agentId: string;
  startedMs: number; // START time: elapsed_s counts from here
  concurrency: number;
  cpu: CpuSampler;
}

/**
 * Test option: the wall clock this agent reports is off by IOBENCH_CLOCK_OFFSET_MS (a skewed host, without
 * touching the machine's clock). Only reported timestamps move; durations are measured on the real clock.
 */
const CLOCK_OFFSET_MS = Number(process.env.IOBENCH_CLOCK_OFFSET_MS) || 0;
const wallMs = () => Date.now() + CLOCK_OFFSET_MS;

const stageEnum = (s: StageStats | undefined): (typeof WorkloadStage)[keyof typeof WorkloadStage] => {
  if (!s) return WorkloadStage.UNKNOWN;
  if (s.listing) return WorkloadStage.LISTING;
  switch (s.kind) {
    case 'prepare':
      return WorkloadStage.PREPARE;
    case 'execute':
      return WorkloadStage.WORKLOAD;
    case 'cleanup':
      return WorkloadStage.CLEANUP;
    default:
      return WorkloadStage.CUSTOM;
  }
};

/** A RUNNING snapshot of the current stage (cumulative within the stage). */
export function runningStats(c: LiveContext, s: StageStats | undefined, seq: number): LiveStats {
  const cpu = c.cpu.sample();
  const g = s?.get;
  const p = s?.put;
  const m = s?.meta;
  return {
    agent_id: c.agentId,
    timestamp_s: Math.floor(wallMs() / 1000),
    status: Status.RUNNING,
    sequence: seq,
    elapsed_s: (Date.now() - c.startedMs) / 1000,
    concurrency: c.concurrency,
    get_ops: g?.ops ?? 0,
    get_bytes: g?.bytes ?? 0,
    get_mean_us: g?.mean() ?? 0,
    get_p50_us: g?.pct(50) ?? 0,
    get_p90_us: g?.pct(90) ?? 0,
    get_p95_us: g?.pct(95) ?? 0,
    get_p99_us: g?.pct(99) ?? 0,
    put_ops: p?.ops ?? 0,
    put_bytes: p?.bytes ?? 0,
    put_mean_us: p?.mean() ?? 0,
    put_p50_us: p?.pct(50) ?? 0,
    put_p90_us: p?.pct(90) ?? 0,
    put_p95_us: p?.pct(95) ?? 0,
    put_p99_us: p?.pct(99) ?? 0,
    meta_ops: m?.ops ?? 0,
    meta_mean_us: m?.mean() ?? 0,
    meta_p50_us: m?.pct(50) ?? 0,
    meta_p90_us: m?.pct(90) ?? 0,
    meta_p99_us: m?.pct(99) ?? 0,
    cpu_user_percent: cpu.user,
    cpu_system_percent: cpu.system,
    cpu_iowait_percent: cpu.iowait,
    cpu_total_percent: cpu.total,
    current_stage: stageEnum(s),
    stage_name: s ? (s.listing ? 'Scanning existing files' : s.name) : '',
    stage_progress_current: s?.progressCurrent ?? 0,
    stage_progress_total: s?.progressTotal ?? 0,
    stage_elapsed_s: s?.elapsedS() ?? 0,
    in_prepare_phase: s?.kind === 'prepare',
    prepare_objects_created: s?.kind === 'prepare' ? s.created : 0,
    prepare_objects_total: s?.kind === 'prepare' ? s.progressTotal : 0,
    // Failed operations so far in the stage and the latest one. sai3's controller reads error_message only
    // with ERROR/ABORTED, so this is ours to use while RUNNING.
    error_message: s?.errors
      ? `${s.errors.toLocaleString('en-US')} failed operation${s.errors === 1 ? '' : 's'}; latest: ${s.lastError}`
      : '',
  };
}

export function readyStats(c: LiveContext, waitedS: number): LiveStats {
  return {
    agent_id: c.agentId,
    status: Status.READY,
    timestamp_s: waitedS,
    elapsed_s: waitedS,
    agent_timestamp_ns: Number(BigInt(Math.round(wallMs())) * 1_000_000n),
    at_barrier: true,
    barrier_sequence: 0,
    sequence: 0,
    concurrency: c.concurrency,
  };
}

export function prepareSummary(agentId: string, s: StageStats): PrepareSummary {
  return {
    agent_id: agentId,
    wall_seconds: s.elapsedS(),
    objects_created: s.created,
    objects_existed: s.existed,
    put: s.put.aggregate(),
    mkdir: s.meta.aggregate(),
    mkdir_count: s.mkdirCount,
    histogram_put: s.put.serialized(),
    put_bins: s.put.bins(),
    endpoint_stats: [],
    ...(s.prepareTiming ? { iobench_timing_json: JSON.stringify(s.prepareTiming) } : {}),
  };
}

/** Final summary over the execute stages (sai3 reports the workload's numbers here). */
export function workloadSummary(agentId: string, wallS: number, stages: StageStats[]): WorkloadSummary {
  const ex = stages.filter((s) => s.kind === 'execute' || s.kind === 'hybrid');
  const lastStage = ex[ex.length - 1];
  const last = lastStage?.results(); // after the warmup, when there is one
  const sum = (f: (s: ReturnType<StageStats['results']>) => number) =>
    ex.reduce((a, s) => a + f(s.results()), 0);
  const totalOps = sum((s) => s.get.ops + s.put.ops + s.meta.ops);
  return {
    agent_id: agentId,
    wall_seconds: wallS,
    total_ops: totalOps,
    total_bytes: sum((s) => s.get.bytes + s.put.bytes),
    get: last?.get.aggregate(),
    put: last?.put.aggregate(),
    meta: last?.meta.aggregate(),
    p50_us: last ? Math.max(last.get.pct(50), last.put.pct(50)) : 0,
    p95_us: last ? Math.max(last.get.pct(95), last.put.pct(95)) : 0,
    p99_us: last ? Math.max(last.get.pct(99), last.put.pct(99)) : 0,
    histogram_get: last?.get.serialized(),
    histogram_put: last?.put.serialized(),
    histogram_meta: last?.meta.serialized(),
    get_bins: last?.get.bins(),
    put_bins: last?.put.bins(),
    meta_bins: last?.meta.bins(),
    endpoint_stats: [],
  };
}
