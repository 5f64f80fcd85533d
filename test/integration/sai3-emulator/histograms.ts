// Histogram bytes exactly as sai3-bench v0.8.97 puts them in a StageSummary: Rust hdrhistogram's V2Serializer,
// uncompressed, one per size bucket, back to back (agent.rs:4135-4147). hdr-histogram-js writes the same V2
// body (zig-zag LEB128 counts, zero runs negative, cut after the max value's index); only the header differs:
// Rust's cookie is 0x1c849313 (V2 base | word-size 8), normalizing offset 0, conversion ratio the f64 1.0.
import { build, encodeIntoCompressedBase64, type Histogram } from 'hdr-histogram-js';
import { inflateSync } from 'node:zlib';

const RUST_V2_COOKIE = 0x1c849313;

/** sai3's histogram bounds: 1 µs … 3.6e9 µs (1 h), 3 significant digits (metrics.rs). */
export function sai3Histogram(): Histogram {
  return build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 3,
    bitBucketSize: 64,
  });
}

/** One histogram in Rust's uncompressed V2 form. */
export function rustV2(h: Histogram): Buffer {
  const compressed = Buffer.from(encodeIntoCompressedBase64(h), 'base64');
  const v2 = Buffer.from(inflateSync(compressed.subarray(8))); // cookie + length, then deflate(V2)
  v2.writeUInt32BE(RUST_V2_COOKIE, 0);
  v2.writeInt32BE(0, 8); // normalizing index offset
  v2.writeDoubleBE(1.0, 32); // integer-to-double conversion ratio
  return v2;
}

/** The 9 per-size-bucket histograms of one op class, back to back (empty buckets included, 41 B each). */
export function nineBuckets(latenciesByBucket: Map<number, number[]>): Buffer {
  const parts: Buffer[] = [];
  for (let b = 0; b < 9; b++) {
    const h = sai3Histogram();
    for (const us of latenciesByBucket.get(b) ?? []) h.recordValue(us);
    parts.push(rustV2(h));
    h.destroy();
  }
  return Buffer.concat(parts);
}

/** One histogram for the class (validation, cleanup, custom, hybrid: the tracker's, live_stats.rs:418-451). */
export function oneHistogram(latencies: number[]): Buffer {
  const h = sai3Histogram();
  for (const us of latencies) h.recordValue(us);
  const out = rustV2(h);
  h.destroy();
  return out;
}
