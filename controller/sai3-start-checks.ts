// What a sai3-bench agent checks when START arrives — before any stage runs — that pre-flight does not: a GET
// on an absolute file:// glob must already match files (agent.rs:4889-4916). With a prepare stage that creates
// those files, a fresh target makes the agent reject the run (silently, see agent-status.ts). Told as a plan
// warning at the op's line. (The other START checks — PUT sizes, empty paths — are config errors already.)
import type { StageWarning } from './stages';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function startCheckWarnings(value: Obj, stages: Obj[]): StageWarning[] {
  if (!stages.some((s) => s.type === 'prepare')) return [];
  const ops = Array.isArray(value.workload) ? value.workload : [];
  const out: StageWarning[] = [];
  ops.forEach((w, i) => {
    if (!isObj(w) || w.op !== 'get' || typeof w.path !== 'string') return;
    if (!w.path.startsWith('file://') || !w.path.includes('*')) return;
    out.push({
      path: ['workload', i, 'path'],
      message:
        `workload GET '${w.path}': a sai3-bench agent checks at START, before the prepare stage creates any file, ` +
        'that this glob matches files, and rejects the run when it does not. Use a path relative to the target ' +
        "(e.g. '*'), which is resolved when the stage runs, or make sure the files exist on every agent",
    });
  });
  return out;
}
