// Per-file latencies of a worker batch into a ClassStats without one HdrHistogram call per file (≈ 0.25 µs
// each on the main thread, which shares the cores with the workers): count whole µs in a small array and hand
// the histogram (value, count) pairs once per batch. Same result as ClassStats.record per file: same rounding
// and clamp, same op/byte/size-bin counts.
import type { ClassStats } from '../stats';
import { sizeBucket } from '../sizes';

const DIRECT = 1 << 16; // µs values below this are tallied; slower ops (rare, > 65 ms) are recorded one by one
const MAX_US = 3_600_000_000;

export class LatencyTally {
  private readonly counts = new Uint32Array(DIRECT);
  private touched: number[] = [];

  constructor(private readonly cls: ClassStats) {}

  /** Record items 0..n−1: lat > 0 = done (µs), else skipped/failed (not recorded, as before). */
  add(lat: Float64Array, sizes: Float64Array, n: number): void {
    const c = this.cls;
    let lastSize = -1;
    let bucket = 0;
    for (let i = 0; i < n; i++) {
      const l = lat[i];
      if (!(l > 0)) continue;
      const v = Math.max(1, Math.round(l));
      if (v < DIRECT) {
        if (this.counts[v]++ === 0) this.touched.push(v);
        c.latSumUs += v;
      } else {
        c.hist.recordValue(Math.min(v, MAX_US));
        c.latSumUs += Math.min(v, MAX_US);
      }
      const s = sizes[i];
      c.ops++;
      c.bytes += s;
      if (s !== lastSize) {
        lastSize = s;
        bucket = sizeBucket(s);
      }
      c.binOps[bucket]++;
      c.binBytes[bucket] += s;
    }
    for (const v of this.touched) {
      c.hist.recordValueWithCount(v, this.counts[v]);
      this.counts[v] = 0;
    }
    this.touched = [];
  }
}
