// What a finished run measured, as a calibration file (core/estimate's format) — the ladder uses it to predict
// the next, larger step from the one that just ran. With our agents, each agent's prepare timing (tree levels,
// the files' completion curve; PrepareSummary's iobench extension field) gives the time model's terms with
// their uncertainty. sai3 agents don't send it: then rates come from the stage's PUTs over its wall time and
// mkdir per second from the mean mkdir latency, as before.
import {
  termsFromTiming,
  withProbe,
  type Calibration,
  type PrepareTiming,
  type RateModel,
  type TimeTerms,
} from '../core/estimate';
import type { RunStreamsOutcome } from './run';

/** The timing JSON of our agent's PrepareSummary, or undefined (sai3 agent, or malformed). */
export function prepareTimingOf(json: string | undefined): PrepareTiming | undefined {
  if (!json) return undefined;
  try {
    const t = JSON.parse(json) as PrepareTiming;
    const ok =
      t?.v === 1 &&
      Array.isArray(t.levels) &&
      Array.isArray(t.curve) &&
      [t.files, t.bytes, t.filesS, t.wallS, t.concurrency].every((x) => typeof x === 'number' && x >= 0);
    return ok ? t : undefined;
  } catch {
    return undefined;
  }
}

export interface MeasureContext {
  /** agents on one storage (local agents on one machine, or shared_filesystem) */
  shared?: boolean;
}

export function measuredCalibration(
  outcome: RunStreamsOutcome,
  base?: Calibration,
  ctx: MeasureContext = {},
): Calibration | undefined {
  const agents: Record<string, Partial<RateModel>> = {};
  for (const [id, r] of Object.entries(base?.agents ?? {})) agents[id] = { ...r };
  const terms: Record<string, TimeTerms> = { ...base?.terms };
  const prepare = outcome.stages.find((s) => s.event.stage.type === 'prepare');
  for (const a of prepare?.event.agents ?? []) {
    if (!a.wallSeconds || !a.put.ops) continue;
    agents[a.id] = {
      ...agents[a.id],
      createsPerSec: a.put.ops / a.wallSeconds,
      ...(a.put.bytes ? { bytesPerSec: a.put.bytes / a.wallSeconds } : {}),
    };
  }
  let measuredTerms = false;
  for (const a of outcome.agents) {
    const mkdir = a.prepareSummary?.mkdir;
    if (mkdir && mkdir.mean_us > 0 && a.prepareSummary!.mkdir_count > 0)
      agents[a.id] = { ...agents[a.id], mkdirPerSec: 1e6 / mkdir.mean_us };
    const timing = prepareTimingOf(a.prepareSummary?.iobench_timing_json);
    if (!timing || !prepare) continue;
    const t = termsFromTiming(timing, {
      agents: outcome.agents.length,
      shared: ctx.shared ?? false,
      stageWallS: prepare.event.wallSeconds,
    });
    const probe = base?.source === 'preflight' ? base.terms?.[a.id] : undefined;
    terms[a.id] = probe ? withProbe(t, probe) : t;
    measuredTerms = true;
    // the rates shown to people follow the fitted terms (steady state, not count / whole stage)
    agents[a.id] = {
      ...agents[a.id],
      ...(timing.levels.length && t.dirS.v > 0 ? { mkdirPerSec: 1 / t.dirS.v } : {}),
      ...(timing.files && t.fileS.v > 0 ? { createsPerSec: 1 / t.fileS.v } : {}),
    };
  }
  if (!Object.keys(agents).length && !Object.keys(terms).length) return undefined;
  return {
    version: 1,
    measuredAt: new Date().toISOString(),
    agents,
    ...(Object.keys(terms).length ? { terms } : {}),
    ...(measuredTerms ? { source: 'run' as const } : base?.source ? { source: base.source } : {}),
  };
}
