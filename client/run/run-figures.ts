// What a run will create, before it starts (the figures of the large-run question): the step's config text from
// the ladder, planned for the agents it will use, estimated — the same figures `iobench run` prints.
import { planRun, type AgentAddress } from '../../controller/per-agent-config';
import type { RunEvents } from '../../controller/events';
import { loadConfig } from '../../core/config';
import { estimate } from '../../core/estimate';
import { ladder } from '../../core/ladder';
import type { RunStep } from '../protocol';

export type Figures = { ok: true; estimate: RunEvents['estimate'] } | { ok: false; error: string };

export function runFigures(
  text: string,
  step: RunStep | undefined,
  local: number | undefined,
  root: string | undefined,
): Figures {
  let stepText = text;
  if (step) {
    const l = ladder(text);
    if (!l.ok) return { ok: false, error: `cannot build the ladder: ${l.error}` };
    const s = l.steps.find((x) => x.name === step.toUpperCase()) ?? l.steps[l.steps.length - 1];
    stepText = s.text;
  }
  const loaded = loadConfig(stepText);
  const agents: AgentAddress[] | undefined = local
    ? Array.from({ length: local }, () => ({ address: '127.0.0.1:0' }))
    : undefined;
  const plan = planRun(loaded.value, { agents, root });
  if (!plan.ok) return { ok: false, error: plan.errors.map((e) => e.message).join('; ') };
  const e = estimate(plan.plan.model);
  const files = e.perAgent.reduce((s, a) => s + a.files, 0n);
  const bytes = e.perAgent.reduce((s, a) => s + a.bytes, 0n);
  const n = plan.plan.agents.length;
  const dirs = e.total.dirs * BigInt(e.splitMode === 'all' ? Math.max(1, n) : 1);
  return {
    ok: true,
    estimate: {
      json: null,
      files: Number(files),
      bytes: Number(bytes),
      dirs: Number(dirs),
      treeSeconds: e.total.treeSeconds,
      prepareSeconds: e.total.prepareSeconds,
      ...(step ? { step: step.toUpperCase() } : {}),
    },
  };
}
