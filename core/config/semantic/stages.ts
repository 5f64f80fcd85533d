// distributed.stages rules (config.rs:2506-2626, checked by sai3 agents on START) and the run-protocol facts
// that make a stage list work in practice (§3.7): validation first, and some barrier so agents are released.
import { DIAGNOSTIC_CODES as C } from '../codes';
import { asArr, asObj, isObj, report, type SemanticContext } from './context';

const COMPLETION: Record<string, string[]> = {
  execute: ['duration', 'duration_or_tasks'],
  prepare: ['tasks_done', 'duration_or_tasks'],
  cleanup: ['tasks_done', 'duration_or_tasks'],
  custom: ['script_exit', 'duration_or_tasks'],
  hybrid: ['duration_or_tasks'],
  validation: ['validation_passed'],
};

export function checkStages(ctx: SemanticContext): void {
  const d = asObj(ctx.root.distributed);
  if (!d) return;
  if (d.stages === undefined || d.stages === null) {
    report(
      ctx,
      ['distributed'],
      'key',
      'warning',
      C.stagesMissing,
      'distributed has no stages: current sai3 agents (≥ 0.8.61) reject the START. iobench derives validation → prepare → execute (→ cleanup) stages for its own agents; add explicit stages for sai3 agents',
    );
    return;
  }
  if (!Array.isArray(d.stages)) return;
  const stages = asArr(d.stages);
  if (!stages.length) {
    report(ctx, ['distributed', 'stages'], 'key', 'error', C.stageRule, 'stages list cannot be empty');
    return;
  }
  const names = new Map<string, number>();
  const orders = new Map<number, number>();
  stages.forEach((s, i) => {
    if (!isObj(s)) return;
    const at = ['distributed', 'stages', i];
    if (typeof s.name === 'string') {
      if (names.has(s.name))
        report(ctx, [...at, 'name'], 'value', 'error', C.stageRule, `duplicate stage name: ${s.name}`);
      else names.set(s.name, i);
    }
    if (typeof s.order === 'number') {
      if (orders.has(s.order))
        report(ctx, [...at, 'order'], 'value', 'error', C.stageRule, `duplicate stage order: ${s.order}`);
      else orders.set(s.order, i);
    }
    const allowed = typeof s.type === 'string' ? COMPLETION[s.type] : undefined;
    if (!allowed) return;
    const completion = s.completion ?? 'duration';
    if (typeof completion === 'string' && !allowed.includes(completion)) {
      const msg =
        s.completion === undefined
          ? `a ${s.type} stage needs completion: ${allowed.join(' or ')} (the default, duration, is only valid for execute stages)`
          : `completion '${completion}' is not valid for a ${s.type} stage; use ${allowed.join(' or ')}`;
      report(
        ctx,
        [...at, s.completion === undefined ? 'type' : 'completion'],
        'value',
        'error',
        C.stageRule,
        msg,
        { allowed },
      );
    }
  });
  // First stage by order (stable: ties keep YAML order).
  const sorted = stages
    .map((s, i) => ({ s: asObj(s), i }))
    .filter((x) => x.s && typeof x.s.order === 'number')
    .sort((a, b) => (a.s!.order as number) - (b.s!.order as number));
  const first = sorted[0];
  if (first && first.s!.type !== 'validation')
    report(
      ctx,
      ['distributed', 'stages', first.i, 'type'],
      'value',
      'warning',
      C.stageRule,
      `the first stage is '${String(first.s!.type)}', not 'validation': sai3 agents report READY only after the first stage, so the controller waits for all of it before coordinating`,
    );
  const barrierSync = asObj(d.barrier_sync);
  const anyBarrier = stages.some((s) => isObj(s) && isObj(s.barrier));
  if (barrierSync?.enabled !== true && !anyBarrier)
    report(
      ctx,
      ['distributed', 'stages'],
      'key',
      'warning',
      C.barrierMissing,
      'stages without barrier_sync.enabled and without any stage barrier: the sai3 controller never releases its agents between stages. Set distributed.barrier_sync.enabled: true',
    );
}
