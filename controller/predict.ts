// The ladder's prediction: what the next step (MEDIUM, FULL) will create and how long its tree and prepare
// take, from what the step that just ran measured — the time model's terms when our agents sent them, else
// the history of the same storage, else the measured rates or the defaults (controller/prepare-prediction.ts).
// One small pure function, so every host shows the same figures.
import type { Calibration, HistoryEntry } from '../core/estimate';
import type { BenchModel } from '../core/model';
import type { RunEvents } from './events';
import { predictPlanned } from './prepare-prediction';

export interface PredictInput {
  /** the next step and its config, planned for the same agents */
  next: { name: 'MEDIUM' | 'FULL'; model: BenchModel };
  /** the step that ran */
  from: 'SIMPLE' | 'MEDIUM';
  /** rates measured so far (pre-flight and the finished steps' prepare); absent = the defaults */
  calibration?: Calibration;
  /** the results root's calibration history, and the storage target (targetOf) to pick from it */
  history?: HistoryEntry[];
  target?: string;
  /** the agents' addresses (local agents share one machine's storage) */
  addresses?: string[];
}

const round = (r: [number, number]): [number, number] => [
  Math.round(r[0] * 1000) / 1000,
  Math.round(r[1] * 1000) / 1000,
];

export function predictStep(i: PredictInput): RunEvents['prediction'] {
  const rates = i.calibration?.agents ?? {};
  const { estimate: e, source } = predictPlanned(
    i.next.model,
    {
      ...(i.calibration ? { calibration: i.calibration } : {}),
      from: i.from,
      ...(i.history ? { history: i.history } : {}),
      target: i.target ?? '',
    },
    i.addresses ?? [],
  );
  const n = Object.keys(rates).length;
  return {
    step: i.next.name,
    from: i.from,
    basedOn:
      source !== 'default model' && !source.startsWith('rates: measured rates')
        ? source
        : n
          ? `rates measured on ${i.from} (${n} agent${n === 1 ? '' : 's'})`
          : `default rates (${i.from} measured none)`,
    dirs: Number(e.total.dirs),
    files: Number(e.total.files),
    bytes: Number(e.total.bytes),
    treeSeconds: e.total.treeSeconds,
    prepareSeconds: e.total.prepareSeconds,
    rates,
    treeRange: round(e.total.treeRange),
    prepareRange: round(e.total.prepareRange),
  };
}
