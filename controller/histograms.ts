// HDR histograms from stage summaries. sai3 sends each op class as 9 per-size-bucket HdrHistograms (µs)
// serialized back to back with the V2 serializer (spec §3.3); the compressed V2 form is accepted too. Merging
// them across agents gives true percentiles for a stage, where the live view can only weight percentiles.
import { build, type Histogram } from 'hdr-histogram-js';
// the V2 decoder (uncompressed form) is not re-exported by the package index
import { doDecode } from 'hdr-histogram-js/dist/JsHistogram.encoding';
import { inflateSync } from 'node:zlib';

const V2_COOKIE_BASE = 0x1c849303;
const V2_COMPRESSED_COOKIE_BASE = 0x1c849304;
const V2_HEADER_BYTES = 40; // cookie, payload length, normalizing offset, digits, lowest, highest, ratio

const cookieBase = (cookie: number) => (cookie & ~0xf0) >>> 0;

/** Splits and decodes back-to-back V2 histograms; throws on anything else. Empty input → []. */
export function decodeHistograms(bytes: Uint8Array): Histogram[] {
  const out: Histogram[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0;
  while (pos + 8 <= bytes.byteLength) {
    const cookie = view.getUint32(pos);
    const len = view.getInt32(pos + 4);
    if (cookieBase(cookie) === V2_COOKIE_BASE) {
      const end = pos + V2_HEADER_BYTES + len;
      if (len < 0 || end > bytes.byteLength) throw new Error('truncated histogram');
      out.push(doDecode(bytes.subarray(pos, end), 64));
      pos = end;
    } else if (cookieBase(cookie) === V2_COMPRESSED_COOKIE_BASE) {
      const end = pos + 8 + len;
      if (len < 0 || end > bytes.byteLength) throw new Error('truncated compressed histogram');
      out.push(...decodeHistograms(inflateSync(bytes.subarray(pos + 8, end))));
      pos = end;
    } else {
      throw new Error(`not an HdrHistogram V2 encoding (cookie 0x${cookie.toString(16)})`);
    }
  }
  return out;
}

/** Decodes, or undefined when the bytes are absent or unreadable (the caller falls back to weighted values). */
export function tryDecode(bytes: Uint8Array | undefined | null): Histogram[] | undefined {
  if (!bytes || !bytes.byteLength) return undefined;
  try {
    return decodeHistograms(bytes);
  } catch {
    return undefined;
  }
}

/** One histogram holding every value of `parts` (auto-resizing, so differing ranges merge). */
export function mergeHistograms(parts: Histogram[]): Histogram {
  const h = build({ bitBucketSize: 64, autoResize: true, numberOfSignificantValueDigits: 3 });
  for (const p of parts) if (p.totalCount > 0) h.add(p);
  return h;
}

export interface HistogramStats {
  count: number;
  meanUs: number;
  p50Us: number;
  p90Us: number;
  p95Us: number;
  p99Us: number;
  maxUs: number;
}

export function histogramStats(h: Histogram): HistogramStats {
  if (!h.totalCount) return { count: 0, meanUs: 0, p50Us: 0, p90Us: 0, p95Us: 0, p99Us: 0, maxUs: 0 };
  return {
    count: h.totalCount,
    meanUs: h.mean,
    p50Us: h.getValueAtPercentile(50),
    p90Us: h.getValueAtPercentile(90),
    p95Us: h.getValueAtPercentile(95),
    p99Us: h.getValueAtPercentile(99),
    maxUs: h.maxValue,
  };
}
