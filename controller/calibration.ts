// What a finished run measured, as a calibration file (core/estimate's format) — the ladder uses it to predict
// the next, larger step from the one that just ran. Creates and bytes per second come from the prepare stage's
// PUTs over its wall time; mkdir per second from the agent's mean mkdir latency (sai3 mkdirs one at a time).
import type { Calibration, RateModel } from '../core/estimate';
import type { RunStreamsOutcome } from './run';

export function measuredCalibration(outcome: RunStreamsOutcome, base?: Calibration): Calibration | undefined {
  const agents: Record<string, Partial<RateModel>> = {};
  for (const [id, r] of Object.entries(base?.agents ?? {})) agents[id] = { ...r };
  const prepare = outcome.stages.find((s) => s.event.stage.type === 'prepare');
  for (const a of prepare?.event.agents ?? []) {
    if (!a.wallSeconds || !a.put.ops) continue;
    agents[a.id] = {
      ...agents[a.id],
      createsPerSec: a.put.ops / a.wallSeconds,
      ...(a.put.bytes ? { bytesPerSec: a.put.bytes / a.wallSeconds } : {}),
    };
  }
  for (const a of outcome.agents) {
    const mkdir = a.prepareSummary?.mkdir;
    if (mkdir && mkdir.mean_us > 0 && a.prepareSummary!.mkdir_count > 0)
      agents[a.id] = { ...agents[a.id], mkdirPerSec: 1e6 / mkdir.mean_us };
  }
  if (!Object.keys(agents).length) return undefined;
  return { version: 1, measuredAt: new Date().toISOString(), agents };
}
