// The execute-stage options of a config beyond the workload itself (spec §1.3, §1.8): io_rate, error_handling,
// warmup_period, dynamic_put_pool, partition_overlap. Lenient like model-extract: a broken value falls back to sai3's default.
import { parseHumantime } from '../units';

export type ArrivalDistribution = 'exponential' | 'uniform' | 'deterministic';

export interface IoRate {
  /** total target ops/s of one agent (> 0; unlimited is no IoRate at all) */
  iops: number;
  distribution: ArrivalDistribution;
}

/** sai3's ErrorHandlingConfig with its defaults (constants.rs:14-62). */
export interface ErrorHandling {
  maxTotalErrors: number;
  errorRateThreshold: number; // errors/s
  backoffMs: number;
  errorRateWindowS: number;
  retryOnError: boolean;
  maxRetries: number;
  initialRetryDelayMs: number;
  maxRetryDelayMs: number;
  retryBackoffMultiplier: number;
  retryJitterFactor: number;
}

export interface RunOptions {
  ioRate?: IoRate;
  errorHandling: ErrorHandling;
  warmupMs: number;
  dynamicPutPool: boolean;
  /** distributed.partition_overlap (path_selection: weighted), default 0.3 */
  partitionOverlap: number;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const num = (v: unknown, d: number, min = 0): number =>
  typeof v === 'number' && Number.isFinite(v) && v >= min ? v : d;

/** io_rate.iops (§1.2e): positive integer → that rate; 0, negatives, "max"/"MAX" → unlimited. */
function iopsOf(v: unknown): number | undefined {
  const n = typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined;
}

export function extractRunOptions(root: unknown): RunOptions {
  const v = obj(root);
  const r = obj(v.io_rate);
  const iops = iopsOf(r.iops);
  const dist = r.distribution;
  const e = obj(v.error_handling);
  const backoff = parseHumantime(e.backoff_duration ?? '5s');
  const warm =
    v.warmup_period === undefined || v.warmup_period === null ? undefined : parseHumantime(v.warmup_period);
  return {
    ...(iops
      ? {
          ioRate: {
            iops,
            distribution: dist === 'uniform' || dist === 'deterministic' ? dist : 'exponential',
          },
        }
      : {}),
    errorHandling: {
      maxTotalErrors: num(e.max_total_errors, 100),
      errorRateThreshold: num(e.error_rate_threshold, 5.0),
      backoffMs: backoff.ok ? backoff.value : 5000,
      errorRateWindowS: num(e.error_rate_window, 1.0, Number.MIN_VALUE),
      retryOnError: e.retry_on_error === true,
      maxRetries: Math.floor(num(e.max_retries, 3)),
      initialRetryDelayMs: num(e.initial_retry_delay_ms, 100),
      maxRetryDelayMs: num(e.max_retry_delay_ms, 5000),
      retryBackoffMultiplier: num(e.retry_backoff_multiplier, 2.0),
      retryJitterFactor: num(e.retry_jitter_factor, 0.25),
    },
    warmupMs: warm?.ok ? warm.value : 0,
    dynamicPutPool: v.dynamic_put_pool === true,
    partitionOverlap: Math.min(1, num(obj(v.distributed).partition_overlap, 0.3)),
  };
}
