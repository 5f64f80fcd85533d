// The stage workflow of a sai3-bench v0.8.97 agent (execute_stages_workflow, agent.rs:3555-4437), with the
// timing defects a controller must live with: the flip to ready_for_next comes before the subscription to
// releases (a release in between is lost), and a release of barrier k counts only while the retry count ≤ k.
import type { LiveStats, StageSummary } from '../../../proto';
import { nineBuckets, oneHistogram } from './histograms';
import type { AgentState, Tracker } from './state';
import { newTracker } from './state';

export interface EmuStage {
  index: number; // 1-based position in the sorted list (agent.rs:4193)
  name: string;
  type: string;
  durationMs?: number;
  barrierTimeoutS: number;
  objects: number; // prepare/cleanup: how many objects the stage "creates" or "deletes"
}

export type WorkflowResult = { ok: true } | { ok: false; error: string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** live_stats.rs:19-27: prepare 1, execute 2, cleanup 3, everything else (validation, custom, hybrid) 10 */
export const stageEnum = (type: string) =>
  type === 'prepare' ? 1 : type === 'execute' ? 2 : type === 'cleanup' ? 3 : 10;

const sizeBucket = (bytes: number) =>
  bytes === 0 ? 0 : bytes <= 8192 ? 1 : bytes <= 65536 ? 2 : bytes <= 524288 ? 3 : 4;

function record(t: Tracker, cls: 'get' | 'put' | 'meta', bytes: number, us: number): void {
  const b = sizeBucket(bytes);
  const list = t.lat[cls].get(b) ?? [];
  list.push(us);
  t.lat[cls].set(b, list);
  if (cls === 'get') {
    t.getOps++;
    t.getBytes += bytes;
  } else if (cls === 'put') {
    t.putOps++;
    t.putBytes += bytes;
  } else t.metaOps++;
}

const agg = (lat: Map<number, number[]>, bytes: number) => {
  const all = [...lat.values()].flat().sort((a, b) => a - b);
  const at = (q: number) => (all.length ? all[Math.min(all.length - 1, Math.floor(q * all.length))] : 0);
  const mean = all.length ? Math.round(all.reduce((s, x) => s + x, 0) / all.length) : 0;
  return { bytes, ops: all.length, mean_us: mean, p50_us: at(0.5), p95_us: at(0.95), p99_us: at(0.99) };
};

/** The StageSummary of the first barrier message (agent.rs:4116-4246). */
export function stageSummary(s: EmuStage, t: Tracker, nowMs: number): StageSummary {
  // execute: 9 per-size-bucket V2 histograms per class; prepare: 9 PUT and empty GET/META (agent.rs:3768,
  // unwrap_or_default); validation, cleanup, custom, hybrid: the tracker's one histogram per class
  const hist = (cls: 'get' | 'put' | 'meta') =>
    s.type === 'execute' || (s.type === 'prepare' && cls === 'put')
      ? nineBuckets(t.lat[cls])
      : s.type === 'prepare'
        ? Buffer.alloc(0)
        : oneHistogram([...t.lat[cls].values()].flat());
  return {
    stage_index: s.index,
    stage_name: s.name,
    stage_type: s.type,
    wall_seconds: (nowMs - t.stageStartMs) / 1000,
    get_ops: t.getOps,
    get_bytes: t.getBytes,
    put_ops: t.putOps,
    put_bytes: t.putBytes,
    meta_ops: t.metaOps,
    errors: 0, // always 0 (agent.rs:4230)
    get: agg(t.lat.get, t.getBytes),
    put: agg(t.lat.put, t.putBytes),
    meta: agg(t.lat.meta, 0),
    histogram_get: hist('get'),
    histogram_put: hist('put'),
    histogram_meta: hist('meta'),
    endpoint_stats: [], // empty (agent.rs:4240)
  };
}

/** Runs one stage's "I/O": ops at a steady pace for the stage's time, ignoring aborts (agent.rs:3656-3665). */
async function runStage(st: AgentState, s: EmuStage, ms: number): Promise<void> {
  const t = st.tracker!;
  t.progressTotal = s.type === 'prepare' || s.type === 'cleanup' ? s.objects : 0;
  st.stageRunning = true;
  const steps = Math.max(1, Math.round(ms / 50));
  for (let i = 0; i < steps; i++) {
    if (s.type === 'execute' || s.type === 'hybrid') {
      for (let j = 0; j < 8; j++) record(t, 'get', 4096, 150 + ((i * 8 + j) % 50) * 10);
      record(t, 'put', 4096, 400 + (i % 30) * 20);
      record(t, 'meta', 0, 80 + (i % 10));
    }
    const target = Math.floor(((i + 1) * t.progressTotal) / steps);
    while (t.progress < target) {
      t.progress++;
      if (s.type === 'prepare') record(t, 'put', 4096, 300 + (t.progress % 40) * 15);
      else record(t, 'meta', 0, 60 + (t.progress % 20));
    }
    await sleep(ms / steps);
  }
  st.stageRunning = false;
}

export async function runWorkflow(
  st: AgentState,
  stages: EmuStage[],
  send: (m: LiveStats) => void,
  stageMs: (s: EmuStage) => number,
  generation: () => number,
): Promise<WorkflowResult> {
  const gen = generation();
  for (const s of stages) {
    // abort is looked at here only, between stages (agent.rs:3656-3665)
    if (st.abortRequested) return { ok: false, error: 'Workload aborted by controller' };
    if (!st.transition({ kind: 'AtStage', index: s.index, name: s.name, readyForNext: false }))
      return { ok: false, error: `State transition failed: cannot start stage ${s.name}` };
    const t = newTracker(st.tracker?.createdMs ?? Date.now()); // tracker reset per stage (agent.rs:3710)
    Object.assign(t, { stageStartMs: Date.now(), stageName: s.name, stageType: s.type });
    st.tracker = t;
    await runStage(st, s, stageMs(s));
    if (generation() !== gen) return { ok: false, error: 'reset' };
    // the flip that makes the stats writer send READY (agent.rs:4098-4112) …
    if (!st.transition({ kind: 'AtStage', index: s.index, name: s.name, readyForNext: true }))
      return { ok: false, error: `State transition failed: stage ${s.name} complete` };
    const summary = stageSummary(s, t, Date.now());
    // … then the summary is built and only then the agent subscribes (agent.rs:4265): widened here on purpose
    if (st.opts.subscribeGapMs) await sleep(st.opts.subscribeGapMs);
    const released = await barrierWait(st, s, t, summary, send);
    if (generation() !== gen) return { ok: false, error: 'reset' };
    if (!released.ok) return released;
  }
  st.transition({ kind: 'Completed' }); // agent.rs:4381-4386
  return { ok: true };
}

/** agent.rs:4246-4378: send the barrier message, wait T, re-send; a release (idx, seq) counts iff idx == k and
 *  seq >= retries, where seq is the index the controller sent (agent.rs:4323). So barrier k's window is (k+1)×T. */
async function barrierWait(
  st: AgentState,
  s: EmuStage,
  t: Tracker,
  summary: StageSummary,
  send: (m: LiveStats) => void,
): Promise<WorkflowResult> {
  const k = s.index - 1;
  let retries = 0;
  const inbox: number[] = [];
  let wake: (() => void) | undefined;
  const onRelease = (idx: number) => {
    inbox.push(idx);
    wake?.();
  };
  st.releases.on('release', onRelease); // subscribe_barrier_release (agent.rs:4265): no replay of earlier ones
  st.releases.on('abort', onRelease); // (the emulator's only shortcut: an abort ends the wait)
  try {
    for (let retry = 0; retry <= 5; retry++) {
      send({
        agent_id: st.agentId,
        timestamp_s: (Date.now() - t.createdMs) / 1000,
        elapsed_s: (Date.now() - t.createdMs) / 1000,
        status: 2, // RUNNING (agent.rs:4284)
        at_barrier: true,
        barrier_sequence: k,
        get_ops: t.getOps,
        get_bytes: t.getBytes,
        put_ops: t.putOps,
        put_bytes: t.putBytes,
        meta_ops: t.metaOps,
        stage_summary: retry === 0 ? summary : undefined,
      });
      const deadline = Date.now() + s.barrierTimeoutS * st.opts.barrierSecondMs;
      for (;;) {
        while (inbox.length) {
          const idx = inbox.shift()!;
          if (st.abortRequested) return { ok: false, error: 'Workload aborted by controller' };
          if (idx === k && idx >= retries) return { ok: true }; // seq is the echoed index
        }
        const left = deadline - Date.now();
        if (left <= 0) break;
        await new Promise<void>((r) => {
          const timer = setTimeout(r, left);
          wake = () => (clearTimeout(timer), r());
        });
        wake = undefined;
      }
      retries++; // barrier_sequence += 1 on timeout (agent.rs:4357)
    }
    return {
      ok: false,
      error: `Barrier coordination failed: stage ${k} not released after ${s.barrierTimeoutS}s x 5 retries. Controller may be unresponsive.`,
    };
  } finally {
    st.releases.off('release', onRelease);
    st.releases.off('abort', onRelease);
  }
}
