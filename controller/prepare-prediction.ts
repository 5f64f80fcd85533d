// Which measurements an estimate of a planned run uses, best first: the terms a finished step (or this run's
// pre-flight) just measured on these agents, then the calibration history of the same storage target, then
// measured rates without terms, then the default model — and the sentence that says which.
import {
  chooseFromHistory,
  estimate,
  mapCalibration,
  type Calibration,
  type Estimate,
  type EstimateOptions,
  type HistoryEntry,
  type TimeModelInput,
} from '../core/estimate';
import type { BenchModel } from '../core/model';

export interface PredictionInputs {
  /** what the previous ladder step (or this run's pre-flight) measured */
  calibration?: Calibration;
  /** who measured `calibration`, for the sentence: `SIMPLE`, `pre-flight` … */
  from?: string;
  /** the results root's history (controller/calibration-store readHistory) */
  history?: HistoryEntry[];
  /** targetOf(model, localRoot) */
  target: string;
}

const LOOPBACK = /^(127\.|localhost|\[?::1\]?)/;

/** Agents share one storage: shared_filesystem, or every agent on this machine (local agents). */
export function sharedStorage(model: BenchModel, addresses: string[]): boolean {
  return (
    model.distributed?.sharedFilesystem === true ||
    (addresses.length > 1 && addresses.every((a) => LOOPBACK.test(a)))
  );
}

/**
 * Estimate options for `model` (planned: its agents are the ones that will run) from the best source: a run's
 * terms (just measured, then from the history), then a pre-flight probe's, then bare rates, then defaults.
 */
export function estimateOptionsFor(
  model: BenchModel,
  inputs: PredictionInputs,
  shared: boolean,
): EstimateOptions & { source: string } {
  const agents = estimate(model).perAgent.map((a) => a.id);
  const cal = inputs.calibration;
  const fromCal = (): (EstimateOptions & { source: string }) | undefined => {
    if (!cal?.terms || !Object.keys(cal.terms).length) return undefined;
    const m = mapCalibration(cal, agents);
    const terms: TimeModelInput['agents'] = {};
    for (const [id, x] of Object.entries(m.agents)) if (x.terms) terms[id] = x.terms;
    const by = inputs.from ?? (cal.source === 'preflight' ? 'pre-flight' : 'the last run');
    const source = `rates: measured by ${by} ${m.note ? m.note.replace(/^measured /, '') : 'on these agents'}`;
    return { calibration: cal, timeModel: { agents: terms, source, shared }, source };
  };
  const h = inputs.history?.length
    ? chooseFromHistory(inputs.history, { target: inputs.target, agents, concurrency: model.concurrency })
    : undefined;
  const fromHistory = h && {
    ...(cal ? { calibration: cal } : {}),
    timeModel: { agents: h.terms, source: h.source, noise: h.noise, shared },
    source: h.source,
  };
  const best =
    (cal?.source === 'run' ? fromCal() : undefined) ??
    (h?.entry.source === 'run' ? fromHistory : undefined) ??
    fromCal() ??
    fromHistory;
  if (best) return best;
  if (cal) return { calibration: cal, source: 'rates: measured rates (no time terms)' };
  return { source: 'default model' };
}

/** The estimate of a planned run with the best measurements available, and where they come from. */
export function predictPlanned(
  model: BenchModel,
  inputs: PredictionInputs,
  addresses: string[],
): { estimate: Estimate; source: string } {
  const o = estimateOptionsFor(model, inputs, sharedStorage(model, addresses));
  const e = estimate(model, o);
  e.ratesSource = o.source;
  return { estimate: e, source: o.source };
}
