// Whether a run that reached its end succeeded: every stage completed on every agent is not enough — a stage
// whose operations failed is a failed stage. Default: a stage with failed operations and none that succeeded,
// or more than 1 % failed (`--max-error-rate`). The first such stage is named in the reason and summary.json.
import type { RunEvents, StageRef } from './events';

export const DEFAULT_MAX_ERROR_RATE = 0.01;

export interface FailedStage {
  stage: StageRef;
  ops: number;
  errors: number;
  /** failed / (succeeded + failed) */
  rate: number;
  /** true when the stage did not finish (its figures are what the agents had done until then) */
  partial?: boolean;
  reason: string;
}

const pct = (x: number) => `${(x * 100).toFixed(x < 0.1 ? 2 : 1).replace(/\.?0+$/, '')} %`;

/** The first stage whose operations failed beyond `maxErrorRate` (a fraction, 0..1), if any. */
export function failedStage(
  stages: RunEvents['stage-summary'][],
  maxErrorRate = DEFAULT_MAX_ERROR_RATE,
): FailedStage | undefined {
  for (const s of stages) {
    const errors = s.total.errors;
    if (!errors) continue;
    const ops = s.total.get.ops + s.total.put.ops + s.total.meta.ops;
    const rate = errors / (ops + errors);
    const name = `stage '${s.stage.name}'`;
    if (ops === 0)
      return {
        stage: s.stage,
        ops,
        errors,
        rate,
        reason: `${name} failed: all ${errors.toLocaleString('en-US')} operations failed, none succeeded`,
      };
    if (rate > maxErrorRate)
      return {
        stage: s.stage,
        ops,
        errors,
        rate,
        reason:
          `${name} failed: ${errors.toLocaleString('en-US')} of ${(ops + errors).toLocaleString('en-US')} ` +
          `operations failed (${pct(rate)}, more than the ${pct(maxErrorRate)} allowed by --max-error-rate)`,
      };
  }
  return undefined;
}

/** `--max-error-rate`: `5%`, `0.5 %` or a fraction `0.05`; throws a usage message otherwise. */
export function parseErrorRate(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(text);
  const v = m ? Number(m[1]) / (m[2] ? 100 : 1) : NaN;
  if (!(v >= 0 && v <= 1))
    throw new Error(
      `--max-error-rate ${text}: give a percentage (e.g. 1%) or a fraction between 0 and 1 (e.g. 0.01)`,
    );
  return v;
}
