// The stage list every agent receives. A sai3 agent (v0.8.61+) refuses START without a non-empty flat
// `distributed.stages` list, only sends READY after stage 1 finishes, and waits at a barrier after every stage
// (spec §3.7, §3.13). So: configs without stages get validation → prepare → execute → cleanup synthesized from
// their own blocks, and a list whose first stage is not `validation` gets one in front (a long first stage would
// otherwise run before READY, outside every timeout the controller can see).
import type { BenchModel, StageType } from '../core/model';
import { formatHumantime, parseHumantime } from '../core/units';

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

/** A sai3 barrier block. The agent waits `agent_barrier_timeout` × 6 for our release before failing (§3.10). */
function barrier(timeoutS: number): Obj {
  return { type: 'all_or_nothing', agent_barrier_timeout: Math.max(120, Math.ceil(timeoutS)) };
}

export interface SynthesisOptions {
  /** slowest agent's estimated prepare time: the barrier after prepare must outlast the spread between agents */
  prepareSeconds?: number;
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
      barrier: barrier(0),
    },
  ];
  const slow = (opts.prepareSeconds ?? 0) * 2;
  if (prep && !prep.cleanupOnly && prep.ensure.length)
    stages.push({
      name: 'prepare',
      order: 2,
      type: 'prepare',
      completion: 'tasks_done',
      barrier: barrier(slow),
    });
  if (!prep?.cleanupOnly && model.workload.length && model.durationMs > 0)
    stages.push({
      name: 'execute',
      order: 3,
      type: 'execute',
      completion: 'duration',
      // keep the user's spelling when it is a humantime string; sai3 agents parse both
      duration: typeof value.duration === 'string' ? value.duration : formatHumantime(model.durationMs),
      barrier: barrier(0),
    });
  if (prep && (prep.cleanup || prep.cleanupOnly) && prep.ensure.length)
    stages.push({
      name: 'cleanup',
      order: 4,
      type: 'cleanup',
      completion: 'tasks_done',
      barrier: barrier(slow),
    });
  return stages;
}

/** The config's own stages, sorted by `order` (stable), with a validation stage put first when missing. */
export function normalizeStages(stages: unknown[]): Obj[] {
  const list = stages.filter(isObj).map((s) => ({ ...s }));
  list.sort((a, b) => Number(a.order ?? 0) - Number(b.order ?? 0));
  if (list.length && list[0].type === 'validation') return list;
  const names = new Set(list.map((s) => s.name));
  let name = 'validation';
  for (let i = 2; names.has(name); i++) name = `validation-${i}`;
  // Renumber so the new stage sorts first even when some order is 0; barrier numbers are positions anyway.
  return [
    { name, order: 1, type: 'validation', completion: 'validation_passed', barrier: barrier(0) },
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
