// A stage's result across agents. Each agent attaches a StageSummary to its first barrier message (§3.7);
// when every agent's histograms decode, GET/PUT/META percentiles come from the merged HDR histograms (true
// percentiles, labelled `hdr`); otherwise from the agents' own values weighted by op count (`op-weighted`).
import type { ClassStats, LatencyMethod, RunEvents, StageRef, StatsRow } from './events';
import { histogramStats, mergeHistograms, tryDecode, type HistogramStats } from './histograms';
import type { Histogram } from 'hdr-histogram-js';
import { emptyClass, sumRows, type Cls } from './aggregate';

const MIB = 1024 * 1024;

/** sai3's size buckets (constants.rs NUM_BUCKETS / labels, spec Appendix A). */
export const BUCKET_LABELS = [
  'zero',
  '1B-8KiB',
  '8KiB-64KiB',
  '64KiB-512KiB',
  '512KiB-4MiB',
  '4MiB-32MiB',
  '32MiB-256MiB',
  '256MiB-2GiB',
  '>2GiB',
];

interface OpMetrics {
  bytes: number;
  ops: number;
  mean_us: number;
  p50_us: number;
  p95_us: number;
  p99_us: number;
}
interface Bins {
  buckets: { bucket_idx: number; ops: number; bytes: number }[];
}

/** The fields of the proto's StageSummary this module reads. */
export interface StageSummaryInput {
  stage_index: number;
  stage_name: string;
  stage_type: string;
  wall_seconds: number;
  get_ops: number;
  get_bytes: number;
  put_ops: number;
  put_bytes: number;
  meta_ops: number;
  errors: number;
  get: OpMetrics | null;
  put: OpMetrics | null;
  meta: OpMetrics | null;
  histogram_get: Uint8Array;
  histogram_put: Uint8Array;
  histogram_meta: Uint8Array;
  get_bins: Bins | null;
  put_bins: Bins | null;
  meta_bins: Bins | null;
}

/** One line of `NN_<stage>_results.tsv` (sai3's tsv_export.rs columns). */
export interface TsvRow extends HistogramStats {
  operation: 'GET' | 'PUT' | 'META';
  sizeBucket: string;
  bucketIdx: number;
  avgBytes: number;
  opsPerSec: number;
  throughputMibps: number;
}

const CLASSES: Cls[] = ['get', 'put', 'meta'];
const OPNAME: Record<Cls, TsvRow['operation']> = { get: 'GET', put: 'PUT', meta: 'META' };
const AGG_IDX: Record<Cls, number> = { meta: 97, get: 98, put: 99 }; // sai3 sorts aggregates after buckets

function opsBytes(s: StageSummaryInput, c: Cls): { ops: number; bytes: number } {
  if (c === 'get') return { ops: s.get_ops || s.get?.ops || 0, bytes: s.get_bytes || s.get?.bytes || 0 };
  if (c === 'put') return { ops: s.put_ops || s.put?.ops || 0, bytes: s.put_bytes || s.put?.bytes || 0 };
  return { ops: s.meta_ops || s.meta?.ops || 0, bytes: s.meta?.bytes || 0 };
}

/** One agent's class from its own numbers (no p90 in OpAggregateMetrics: NaN, written as empty/null). */
function agentClass(s: StageSummaryInput, c: Cls, hist: Histogram[] | undefined): ClassStats {
  const { ops, bytes } = opsBytes(s, c);
  const wall = s.wall_seconds > 0 ? s.wall_seconds : 0;
  const out: ClassStats = {
    ...emptyClass(),
    ops,
    bytes,
    opsPerSec: wall ? ops / wall : 0,
    mibPerSec: wall ? bytes / MIB / wall : 0,
  };
  const h = hist && hist.length ? histogramStats(mergeHistograms(hist)) : undefined;
  if (h && h.count) {
    Object.assign(out, {
      meanUs: h.meanUs,
      p50Us: h.p50Us,
      p90Us: h.p90Us,
      p95Us: h.p95Us,
      p99Us: h.p99Us,
      maxUs: h.maxUs,
    });
  } else {
    const m = s[c];
    if (m)
      Object.assign(out, {
        meanUs: m.mean_us,
        p50Us: m.p50_us,
        p90Us: NaN,
        p95Us: m.p95_us,
        p99Us: m.p99_us,
      });
  }
  return out;
}

export interface MergedStage {
  event: RunEvents['stage-summary'];
  tsv: TsvRow[];
}

export function mergeStage(
  stage: StageRef,
  parts: { id: string; summary: StageSummaryInput }[],
): MergedStage {
  const hists = parts.map((p) =>
    Object.fromEntries(CLASSES.map((c) => [c, tryDecode(p.summary[`histogram_${c}`])])),
  ) as Record<Cls, Histogram[] | undefined>[];
  const wall = Math.max(0, ...parts.map((p) => p.summary.wall_seconds || 0));
  const agents = parts.map((p, i) => {
    const row: StatsRow = {
      get: agentClass(p.summary, 'get', hists[i].get),
      put: agentClass(p.summary, 'put', hists[i].put),
      meta: agentClass(p.summary, 'meta', hists[i].meta),
    };
    return { id: p.id, wallSeconds: p.summary.wall_seconds, errors: p.summary.errors || 0, ...row };
  });

  const total = sumRows(agents);
  let method: LatencyMethod = 'hdr';
  const tsv: TsvRow[] = [];
  for (const c of CLASSES) {
    const t = total[c];
    // Rates of the whole stage: everything every agent did over the slowest agent's wall time.
    t.opsPerSec = wall ? t.ops / wall : 0;
    t.mibPerSec = wall ? t.bytes / MIB / wall : 0;
    const withOps = parts
      .map((p, i) => ({ p, h: hists[i][c] }))
      .filter((x) => opsBytes(x.p.summary, c).ops > 0);
    if (!withOps.length) continue;
    const allHist = withOps.every((x) => x.h && x.h.some((h) => h.totalCount > 0));
    if (allHist) {
      // Per-size-bucket rows only in sai3's layout (9 histograms, one per bucket); one histogram = the class.
      const buckets = new Map<number, Histogram[]>();
      if (withOps.every((x) => x.h!.length === BUCKET_LABELS.length))
        for (const x of withOps) x.h!.forEach((h, b) => buckets.set(b, [...(buckets.get(b) ?? []), h]));
      const merged = histogramStats(mergeHistograms(withOps.flatMap((x) => x.h!)));
      Object.assign(t, {
        meanUs: merged.meanUs,
        p50Us: merged.p50Us,
        p90Us: merged.p90Us,
        p95Us: merged.p95Us,
        p99Us: merged.p99Us,
        maxUs: merged.maxUs,
      });
      for (const [b, hs] of [...buckets].sort((a, z) => a[0] - z[0])) {
        const st = histogramStats(mergeHistograms(hs));
        if (!st.count) continue;
        let bOps = 0;
        let bBytes = 0;
        for (const x of withOps)
          for (const bin of x.p.summary[`${c}_bins`]?.buckets ?? [])
            if (bin.bucket_idx === b) {
              bOps += bin.ops;
              bBytes += bin.bytes;
            }
        tsv.push(tsvRow(c, BUCKET_LABELS[b] ?? `bucket-${b}`, b, st, bOps ? bBytes / bOps : 0, bBytes, wall));
      }
    } else {
      method = 'op-weighted';
    }
    tsv.push(
      tsvRow(
        c,
        'ALL',
        AGG_IDX[c],
        { ...t, count: t.ops, maxUs: t.maxUs ?? NaN },
        t.ops ? t.bytes / t.ops : 0,
        t.bytes,
        wall,
      ),
    );
  }
  tsv.sort((a, b) => a.bucketIdx - b.bucketIdx);
  return {
    event: {
      stage,
      wallSeconds: wall,
      agents,
      total: { ...total, errors: agents.reduce((s, a) => s + a.errors, 0), latency: method },
    },
    tsv,
  };
}

function tsvRow(
  c: Cls,
  label: string,
  idx: number,
  st: HistogramStats,
  avgBytes: number,
  bytes: number,
  wall: number,
): TsvRow {
  return {
    operation: OPNAME[c],
    sizeBucket: label,
    bucketIdx: idx,
    meanUs: st.meanUs,
    p50Us: st.p50Us,
    p90Us: st.p90Us,
    p95Us: st.p95Us,
    p99Us: st.p99Us,
    maxUs: st.maxUs,
    avgBytes,
    opsPerSec: wall ? st.count / wall : 0,
    throughputMibps: wall ? bytes / MIB / wall : 0,
    count: st.count,
  };
}
