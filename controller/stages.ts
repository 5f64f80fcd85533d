// The stage list every agent receives. A sai3 agent (v0.8.61+) refuses START without a non-empty flat
// `distributed.stages` list, only sends READY after stage 1 finishes, and waits at a barrier after every stage
// (spec §3.7, §3.13). So: configs without stages get validation → prepare → execute → cleanup synthesized from
// their own blocks, and a list whose first stage is not `validation` gets one in front (a long first stage would
// otherwise run before READY, outside every timeout the controller can see).
// Barrier timeouts follow the agent's real rule: a release of barrier k counts only within (k+1) × T of the
// agent's arrival (core/sai3-protocol.ts), so T is chosen per barrier position, not as if every barrier got 6 × T.
import type { BenchModel, StageType } from '../core/model';
import {
  SAI3_BARRIER_ATTEMPTS,
  SAI3_DEFAULT_BARRIER_TIMEOUT_S,
  sai3BarrierWindowS,
  sai3TimeoutForWindow,
} from '../core/sai3-protocol';
import { formatHumantime, parseHumantime, parseSeconds } from '../core/units';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One stage as the controller tracks it; `index` is the position after sorting = its barrier number. */
export interface PlannedStage {
  index: number;
  name: string;
  type: StageType;
  /** execute/hybrid: how long the workload runs */
  durationMs?: number;
}

/** A sai3 barrier block at position k whose release window ((k+1) × T) is at least `windowS`. */
function barrier(k: number, windowS: number): Obj {
  return { type: 'all_or_nothing', agent_barrier_timeout: sai3TimeoutForWindow(k, windowS) };
}

export interface SynthesisOptions {
  /** slowest agent's estimated prepare time: the barrier after prepare must outlast the spread between agents */
  prepareSeconds?: number;
}

/**
 * How far apart agents may arrive at the barrier after a stage of this type: barrier 0 as far as the READY wait
 * allows; after prepare and cleanup up to twice the slowest agent's estimated prepare time, six periods of it at
 * least (what these barriers were meant to give); after execute the agents end within the drain time.
 */
function neededWindowS(type: unknown, model: BenchModel, prepareSeconds = 0): number {
  const base = SAI3_BARRIER_ATTEMPTS * SAI3_DEFAULT_BARRIER_TIMEOUT_S;
  if (type === 'validation')
    return Math.max(SAI3_DEFAULT_BARRIER_TIMEOUT_S, model.distributed?.agentReadyTimeoutS ?? 0);
  if (type === 'prepare' || type === 'cleanup')
    return SAI3_BARRIER_ATTEMPTS * Math.max(SAI3_DEFAULT_BARRIER_TIMEOUT_S, 2 * prepareSeconds);
  return base;
}

/** validation → prepare → execute → cleanup, each present only when the config has something for it. */
export function synthesizeStages(value: Obj, model: BenchModel, opts: SynthesisOptions = {}): Obj[] {
  const prep = model.prepare;
  const stages: Obj[] = [
    {
      name: 'validation',
      order: 1,
      type: 'validation',
      completion: 'validation_passed',
    },
  ];
  if (prep && !prep.cleanupOnly && prep.ensure.length)
    stages.push({
      name: 'prepare',
      order: 2,
      type: 'prepare',
      completion: 'tasks_done',
    });
  if (!prep?.cleanupOnly && model.workload.length && model.durationMs > 0)
    stages.push({
      name: 'execute',
      order: 3,
      type: 'execute',
      completion: 'duration',
      // keep the user's spelling when it is a humantime string; sai3 agents parse both
      duration: typeof value.duration === 'string' ? value.duration : formatHumantime(model.durationMs),
    });
  if (prep && (prep.cleanup || prep.cleanupOnly) && prep.ensure.length)
    stages.push({
      name: 'cleanup',
      order: 4,
      type: 'cleanup',
      completion: 'tasks_done',
    });
  stages.forEach((st, k) => (st.barrier = barrier(k, neededWindowS(st.type, model, opts.prepareSeconds))));
  return stages;
}

/** The config's own stages, sorted by `order` (stable), with a validation stage put first when missing. */
export function normalizeStages(stages: unknown[], model?: BenchModel): Obj[] {
  const list = stages.filter(isObj).map((s) => ({ ...s }));
  list.sort((a, b) => Number(a.order ?? 0) - Number(b.order ?? 0));
  if (list.length && list[0].type === 'validation') return list;
  const names = new Set(list.map((s) => s.name));
  let name = 'validation';
  for (let i = 2; names.has(name); i++) name = `validation-${i}`;
  // Renumber so the new stage sorts first even when some order is 0; barrier numbers are positions anyway.
  return [
    {
      name,
      order: 1,
      type: 'validation',
      completion: 'validation_passed',
      barrier: barrier(0, model ? neededWindowS('validation', model) : SAI3_DEFAULT_BARRIER_TIMEOUT_S),
    },
    ...list.map((s, i) => ({ ...s, order: i + 2 })),
  ];
}

/** The controller's view of a stage list (what to expect at barrier k). */
export function plannedStages(stages: Obj[]): PlannedStage[] {
  return stages.map((s, index) => {
    const type = (typeof s.type === 'string' ? s.type : 'custom') as StageType;
    const out: PlannedStage = {
      index,
      name: typeof s.name === 'string' ? s.name : `stage-${index + 1}`,
      type,
    };
    const d = parseHumantime(type === 'hybrid' ? s.max_duration : s.duration);
    if ((type === 'execute' || type === 'hybrid') && d.ok) out.durationMs = d.value;
    return out;
  });
}

export interface StageWarning {
  path: (string | number)[];
  message: string;
}

/** The `agent_barrier_timeout` a sai3 agent uses for a stage: its own block, barrier_sync's, else 120 s. */
function effectiveTimeoutS(stage: Obj, dist: Obj | undefined): number {
  const own = isObj(stage.barrier) ? parseSeconds(stage.barrier.agent_barrier_timeout) : undefined;
  if (own?.ok) return own.value;
  const sync = isObj(dist?.barrier_sync) ? dist.barrier_sync : undefined;
  if (!isObj(stage.barrier) && sync?.enabled === true) {
    // config.rs:2517-2532: a stage without a block takes barrier_sync's phase config (custom/hybrid: execute)
    const phase = ['validation', 'prepare', 'cleanup'].includes(stage.type as string)
      ? stage.type
      : 'execute';
    const cfg = sync[phase as string];
    const t = isObj(cfg) ? parseSeconds(cfg.agent_barrier_timeout) : undefined;
    if (t?.ok) return t.value;
  }
  return SAI3_DEFAULT_BARRIER_TIMEOUT_S;
}

/**
 * Warnings for a config's own stage list whose barrier timeouts are too short under the (k+1) × T rule: a
 * sai3 agent that reaches barrier k earlier than the slowest agent by more than the window ignores our release
 * and fails at 6 × T. `stages` is the list as written (paths point into it).
 */
export function barrierWarnings(
  stages: unknown[],
  model: BenchModel,
  dist: Obj | undefined,
  prepareSeconds = 0,
): StageWarning[] {
  const order = stages.map((s, i) => ({ s, i })).filter((x): x is { s: Obj; i: number } => isObj(x.s));
  order.sort((a, b) => Number(a.s.order ?? 0) - Number(b.s.order ?? 0));
  const offset = order[0]?.s.type === 'validation' ? 0 : 1; // a validation stage is put in front
  const out: StageWarning[] = [];
  order.forEach(({ s, i }, pos) => {
    const k = pos + offset;
    const t = effectiveTimeoutS(s, dist);
    const window = sai3BarrierWindowS(k, t);
    // what agents may really arrive apart (not the generous windows synthesized stages get)
    const need =
      s.type === 'validation'
        ? (model.distributed?.agentReadyTimeoutS ?? 0)
        : s.type === 'prepare' || s.type === 'cleanup'
          ? prepareSeconds // the most agents doing equal work can arrive apart: one instant, one slowest
          : 0;
    if (window >= need) return;
    const name = typeof s.name === 'string' ? s.name : `stage ${i + 1}`;
    out.push({
      path: isObj(s.barrier) ? ['distributed', 'stages', i, 'barrier'] : ['distributed', 'stages', i],
      message:
        `stage '${name}' ends at barrier ${k}: a sai3-bench agent accepts its release only within ` +
        `${Math.min(k + 1, SAI3_BARRIER_ATTEMPTS)} × ${t} s = ${window} s of its own arrival, less than the ` +
        `${Math.round(need)} s agents may arrive apart (${s.type === 'validation' ? 'agent_ready_timeout' : 'the estimated prepare time'}); an agent that waits longer ignores the release and fails. ` +
        `Set barrier.agent_barrier_timeout to at least ${sai3TimeoutForWindow(k, need)}.`,
    });
  });
  return out;
}
