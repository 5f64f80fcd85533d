// Per-stage counters and latency histograms (HdrHistogram, µs) for the three op classes sai3 reports:
// get, put and meta (list/stat/delete/mkdir/rmdir). Reset at each stage start, as sai3's tracker is.
import * as hdr from 'hdr-histogram-js';
import type { OpAggregateMetrics, SizeBins, StageSummary } from '../proto';
import type { PrepareTiming } from '../core/estimate/time-model';
import { sizeBucket } from './sizes';

export type OpClass = 'get' | 'put' | 'meta';

function newHistogram(): hdr.Histogram {
  // 1 µs .. 1 h, 3 significant digits; pure-JS build (no WASM init needed).
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 3,
  });
}

export class ClassStats {
  ops = 0;
  bytes = 0;
  errors = 0;
  /** Running sum of recorded latencies (µs): the histogram's own mean walks every bucket on each call. */
  latSumUs = 0;
  readonly hist = newHistogram();
  readonly binOps = new Array<number>(9).fill(0);
  readonly binBytes = new Array<number>(9).fill(0);

  record(latUs: number, bytes: number, sized = true): void {
    this.ops++;
    this.bytes += bytes;
    const v = Math.max(1, Math.min(Math.round(latUs), 3_600_000_000));
    this.hist.recordValue(v);
    this.latSumUs += v;
    if (sized) {
      const b = sizeBucket(bytes);
      this.binOps[b]++;
      this.binBytes[b] += bytes;
    }
  }
  pct(p: number): number {
    return this.ops ? this.hist.getValueAtPercentile(p) : 0;
  }
  mean(): number {
    return this.ops ? this.latSumUs / this.ops : 0;
  }
  aggregate(): OpAggregateMetrics {
    return {
      bytes: this.bytes,
      ops: this.ops,
      mean_us: Math.round(this.mean()),
      p50_us: this.pct(50),
      p95_us: this.pct(95),
      p99_us: this.pct(99),
    };
  }
  bins(): SizeBins {
    const buckets = [];
    for (let k = 0; k < 9; k++)
      if (this.binOps[k]) buckets.push({ bucket_idx: k, ops: this.binOps[k], bytes: this.binBytes[k] });
    return { buckets };
  }
  /** HdrHistogram V2 compressed encoding (one histogram per class; sai3 concatenates 9 per size bucket). */
  serialized(): Buffer {
    return this.ops ? Buffer.from(hdr.encodeIntoCompressedBase64(this.hist), 'base64') : Buffer.alloc(0);
  }
}

export type StageKind = 'prepare' | 'execute' | 'cleanup' | 'custom' | 'hybrid' | 'validation';

export class StageStats {
  readonly get = new ClassStats();
  readonly put = new ClassStats();
  readonly meta = new ClassStats();
  readonly startedMs = Date.now();
  progressCurrent = 0;
  progressTotal = 0;
  /** Set while the stage lists existing objects (current_stage LISTING). */
  listing = false;
  mkdirCount = 0;
  created = 0;
  existed = 0;
  errors = 0;
  /** The latest failed operation, for the RUNNING messages' error_message (counted in `errors`). */
  lastError = '';
  endedMs = 0;
  /** prepare stages: where the time went (sent in PrepareSummary's iobench extension field) */
  prepareTiming?: PrepareTiming;

  constructor(
    readonly index: number, // 1-based stage position
    readonly name: string,
    readonly kind: StageKind,
  ) {}

  elapsedS(): number {
    return ((this.endedMs || Date.now()) - this.startedMs) / 1000;
  }

  /** Count a failed operation and keep its text (op, path, error) for the live messages. */
  fail(op: string, target: string, e: unknown): void {
    this.errors++;
    const x = e as NodeJS.ErrnoException;
    // A confinement refusal says why (which symlink, which roots); other errors by their code.
    const why = x?.code && x.code !== 'ECONFINE' ? x.code : String(x?.message ?? e);
    this.lastError = `${op} ${target}: ${why}`;
  }

  summary(): StageSummary {
    return {
      stage_index: this.index,
      stage_name: this.name,
      stage_type: this.kind,
      wall_seconds: this.elapsedS(),
      get_ops: this.get.ops,
      get_bytes: this.get.bytes,
      put_ops: this.put.ops,
      put_bytes: this.put.bytes,
      meta_ops: this.meta.ops,
      errors: this.errors,
      get: this.get.aggregate(),
      put: this.put.aggregate(),
      meta: this.meta.aggregate(),
      histogram_get: this.get.serialized(),
      histogram_put: this.put.serialized(),
      histogram_meta: this.meta.serialized(),
      get_bins: this.get.bins(),
      put_bins: this.put.bins(),
      meta_bins: this.meta.bins(),
      endpoint_stats: [],
    };
  }
}
