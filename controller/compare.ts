// Run comparison, pure over parsed summary.json objects (no I/O; compare-load.ts reads the folders): for every
// stage and op class, ops/s, MiB/s and p50/p95/p99 of each run side by side, the change in % against the first
// run (the baseline), and a change beyond the threshold marked as a regression or an improvement. Lower rates
// are worse; higher latencies are worse. Runs are comparable only when they have the same stages.
import { MAX_COMPARE_RUNS } from '../core/config/limits';

export const DEFAULT_THRESHOLD_PCT = 10;

export const COMPARE_METRICS = ['opsPerSec', 'mibPerSec', 'p50Us', 'p95Us', 'p99Us'] as const;
export type CompareMetric = (typeof COMPARE_METRICS)[number];
/** Rates: more is better; latencies: less is better. */
export const HIGHER_IS_BETTER: Record<CompareMetric, boolean> = {
  opsPerSec: true,
  mibPerSec: true,
  p50Us: false,
  p95Us: false,
  p99Us: false,
};

export type OpClass = 'get' | 'put' | 'meta';
const CLASSES: OpClass[] = ['get', 'put', 'meta'];
export const OP_NAMES: Record<OpClass, string> = { get: 'GET', put: 'PUT', meta: 'META' };

/** The parts of summary.json a comparison reads (numbers may be null where a value was not measured). */
export interface SummaryStage {
  stage: { index: number; name: string; type?: string };
  wallSeconds?: number;
  total: Partial<Record<OpClass, Partial<Record<CompareMetric | 'ops' | 'bytes', number | null>>>> & {
    errors?: number;
  };
}
export interface ComparableSummary {
  ok?: boolean;
  configFile?: string;
  stages: SummaryStage[];
}

export interface CompareRun {
  /** what the user named: the folder, or `folder/1-SIMPLE` for a ladder step */
  label: string;
  summary: ComparableSummary;
}

export type Verdict = 'baseline' | 'regression' | 'improvement' | 'within' | 'n/a';

export interface CompareRow {
  stage: { index: number; name: string };
  op: string;
  metric: CompareMetric;
  higherIsBetter: boolean;
  /** one per run, in the order given; null where the run has no value */
  values: (number | null)[];
  /** change against the baseline in %, one per run (null for the baseline and where it cannot be computed) */
  changePct: (number | null)[];
  verdicts: Verdict[];
}

export interface CompareResult {
  thresholdPct: number;
  runs: { label: string; ok: boolean | null; configFile: string | null }[];
  rows: CompareRow[];
  regressions: number;
  improvements: number;
}

export type CompareOutcome = { ok: true; result: CompareResult } | { ok: false; error: string };

const stageKey = (s: SummaryStage) => `${s.stage.index + 1} ${s.stage.name}`;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Change in % of `v` against `base`; null when the baseline is 0 or either value is missing. */
export function changePct(base: number | null, v: number | null): number | null {
  if (base === null || v === null) return null;
  if (base === 0) return v === 0 ? 0 : null;
  // ×100 before ÷ keeps exact ratios exact (110 vs 100 → 10, not 10.000000000000002)
  return Math.round((((v - base) * 100) / base) * 1e6) / 1e6;
}

/** A change strictly beyond the threshold is a regression or an improvement; exactly at it is not. */
export function verdictOf(pct: number | null, higherIsBetter: boolean, thresholdPct: number): Verdict {
  if (pct === null) return 'n/a';
  if (Math.abs(pct) <= thresholdPct) return 'within';
  return pct > 0 === higherIsBetter ? 'improvement' : 'regression';
}

export function compareRuns(runs: CompareRun[], thresholdPct = DEFAULT_THRESHOLD_PCT): CompareOutcome {
  if (!Number.isFinite(thresholdPct) || thresholdPct < 0)
    return { ok: false, error: `threshold must be a number ≥ 0 (percent), got ${thresholdPct}` };
  if (runs.length < 2) return { ok: false, error: `need at least two runs to compare, got ${runs.length}` };
  if (runs.length > MAX_COMPARE_RUNS)
    return {
      ok: false,
      error: `at most ${MAX_COMPARE_RUNS} runs can be compared at once, got ${runs.length}`,
    };
  // the same stages (position and name) in every run, or the numbers would not mean the same thing
  const base = runs[0].summary.stages.map(stageKey);
  for (const r of runs.slice(1)) {
    const keys = r.summary.stages.map(stageKey);
    if (keys.join('\n') !== base.join('\n'))
      return {
        ok: false,
        error:
          `${r.label} has stages [${keys.join(', ') || 'none'}] but ${runs[0].label} has ` +
          `[${base.join(', ') || 'none'}]; compare runs of the same config (or the steps of one ladder)`,
      };
  }
  const rows: CompareRow[] = [];
  runs[0].summary.stages.forEach((st, si) => {
    const stagesOf = runs.map((r) => r.summary.stages[si]);
    for (const c of CLASSES) {
      // a class no run did in this stage has nothing to compare
      if (!stagesOf.some((s) => (num(s.total[c]?.ops) ?? 0) > 0)) continue;
      for (const metric of COMPARE_METRICS) {
        const values = stagesOf.map((s) => num(s.total[c]?.[metric]));
        // META moves no bytes: a MiB/s row of zeros says nothing
        if (metric === 'mibPerSec' && values.every((v) => !v)) continue;
        const higherIsBetter = HIGHER_IS_BETTER[metric];
        const pcts = values.map((v, i) => (i === 0 ? null : changePct(values[0], v)));
        rows.push({
          stage: { index: st.stage.index, name: st.stage.name },
          op: OP_NAMES[c],
          metric,
          higherIsBetter,
          values,
          changePct: pcts,
          verdicts: pcts.map((p, i) => (i === 0 ? 'baseline' : verdictOf(p, higherIsBetter, thresholdPct))),
        });
      }
    }
  });
  const count = (v: Verdict) => rows.reduce((n, r) => n + r.verdicts.filter((x) => x === v).length, 0);
  return {
    ok: true,
    result: {
      thresholdPct,
      runs: runs.map((r) => ({
        label: r.label,
        ok: typeof r.summary.ok === 'boolean' ? r.summary.ok : null,
        configFile: typeof r.summary.configFile === 'string' ? r.summary.configFile : null,
      })),
      rows,
      regressions: count('regression'),
      improvements: count('improvement'),
    },
  };
}
