// Per-stage counters and latency histograms (HdrHistogram, µs) for the three op classes sai3 reports:
// get, put and meta (list/stat/delete/mkdir/rmdir). Reset at each stage start, as sai3's tracker is.
// Sized classes (get, put) also keep one histogram per sai3 size bucket (9, spec §3.3) and send them back to
// back, as sai3 does, so the stage TSV gets a row per bucket. With warmup_period, a second set of classes
// starts at the end of the warmup: LiveStats show the whole stage, the stage summary only what came after.
import * as hdr from 'hdr-histogram-js';
import type { OpAggregateMetrics, SizeBins, StageSummary } from '../proto';
import type { PrepareTiming } from '../core/estimate/time-model';
import { sizeBucket } from './sizes';

export type OpClass = 'get' | 'put' | 'meta';

let EMPTY: Buffer | undefined;
const emptyEncoded = () => (EMPTY ??= Buffer.from(hdr.encodeIntoCompressedBase64(newHistogram()), 'base64'));

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
  /** per size bucket, created on first use; none at all for unsized classes (meta) */
  private bucketHists: (hdr.Histogram | undefined)[] | undefined;
  /** after the warmup: the measured part of the stage (recorded in addition to this one) */
  measured: ClassStats | undefined;

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
      this.bucketHists ??= new Array(9);
      (this.bucketHists[b] ??= newHistogram()).recordValue(v);
    }
    this.measured?.record(latUs, bytes, sized);
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
  /**
   * HdrHistogram V2 compressed encodings: sized classes as sai3 sends them, 9 per size bucket back to back
   * (empty buckets included); meta as one histogram.
   */
  serialized(): Buffer {
    if (!this.ops) return Buffer.alloc(0);
    const enc = (h: hdr.Histogram) => Buffer.from(hdr.encodeIntoCompressedBase64(h), 'base64');
    if (!this.bucketHists) return enc(this.hist);
    return Buffer.concat(
      Array.from({ length: 9 }, (_, b) =>
        this.bucketHists![b] ? enc(this.bucketHists![b]) : emptyEncoded(),
      ),
    );
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
  /** warmup_period of an execute stage (0 = none); the summary starts at measuredFromMs */
  warmupMs = 0;
  measuredFromMs = 0;

  /** End of the warmup: from now on the summary's numbers are recorded separately. */
  beginMeasurement(): void {
    this.measuredFromMs = Date.now();
    for (const c of [this.get, this.put, this.meta]) c.measured = new ClassStats();
  }
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
    this.lastError = `${op} ${target}: ${x?.code ? `${x.code}` : String(x?.message ?? e)}`;
  }

  /** The stage's result: with a warmup_period only what came after it (nothing if the stage ended first). */
  /** The classes the stage's results come from (after the warmup, when there is one). */
  results(): { get: ClassStats; put: ClassStats; meta: ClassStats } {
    const pick = (c: ClassStats) => (this.warmupMs > 0 ? (c.measured ?? new ClassStats()) : c);
    return { get: pick(this.get), put: pick(this.put), meta: pick(this.meta) };
  }

  summary(): StageSummary {
    const warm = this.warmupMs > 0;
    const { get, put, meta } = this.results();
    const wall = warm
      ? this.measuredFromMs
        ? ((this.endedMs || Date.now()) - this.measuredFromMs) / 1000
        : 0
      : this.elapsedS();
    return {
      stage_index: this.index,
      stage_name: this.name,
      stage_type: this.kind,
      wall_seconds: wall,
      get_ops: get.ops,
      get_bytes: get.bytes,
      put_ops: put.ops,
      put_bytes: put.bytes,
      meta_ops: meta.ops,
      // failed operations count whenever they happened: a warmup does not hide failures
      errors: this.errors,
      get: get.aggregate(),
      put: put.aggregate(),
      meta: meta.aggregate(),
      histogram_get: get.serialized(),
      histogram_put: put.serialized(),
      histogram_meta: meta.serialized(),
      get_bins: get.bins(),
      put_bins: put.bins(),
      meta_bins: meta.bins(),
      endpoint_stats: [],
    };
  }
}
