// The ladder's prediction: what the next step (MEDIUM, FULL) will create and how long its tree and prepare
// take, from the rates the step that just ran measured. One small pure function, so a better time model
// (issue 9) plugs in here and every host shows its figures.
import { estimate, type Calibration } from '../core/estimate';
import type { BenchModel } from '../core/model';
import type { RunEvents } from './events';

export interface PredictInput {
  /** the next step and its config, planned for the same agents */
  next: { name: 'MEDIUM' | 'FULL'; model: BenchModel };
  /** the step that ran */
  from: 'SIMPLE' | 'MEDIUM';
  /** rates measured so far (pre-flight and the finished steps' prepare); absent = the defaults */
  calibration?: Calibration;
}

export function predictStep(i: PredictInput): RunEvents['prediction'] {
  const rates = i.calibration?.agents ?? {};
  const e = estimate(i.next.model, i.calibration ? { calibration: i.calibration } : {});
  return {
    step: i.next.name,
    from: i.from,
    basedOn: Object.keys(rates).length
      ? `rates measured on ${i.from} (${Object.keys(rates).length} agent${Object.keys(rates).length === 1 ? '' : 's'})`
      : `default rates (${i.from} measured none)`,
    dirs: Number(e.total.dirs),
    files: Number(e.total.files),
    bytes: Number(e.total.bytes),
    treeSeconds: e.total.treeSeconds,
    prepareSeconds: e.total.prepareSeconds,
    rates,
  };
}
