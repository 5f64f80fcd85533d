// Deterministic object sizes: size(i) depends only on the size spec, a seed and the index i, so any agent,
// any retry and any order of creation produce the same size for file i (and cleanup/verification can
// recompute it). Seed rule: seed = sai3's fold over the bytes of the config's base URI as written
// (acc = acc·31 + b, mod 2^32; before any path_prefix), then per index a splitmix-style 32-bit hash of
// (seed, i, draw) gives uniform doubles. sai3 draws one sample per index from a single sequential RNG instead,
// which forces sequential generation; the per-index hash makes parallel workers possible.
import type { SizeSpec } from '../core/model';

export function seedFromUri(uri: string): number {
  let acc = 0;
  for (const b of Buffer.from(uri, 'utf8')) acc = (Math.imul(acc, 31) + b) >>> 0;
  return acc;
}

function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Uniform double in (0,1) for (seed, index, draw). Index may exceed 2^32: both halves are mixed. */
function unit(seed: number, index: number, draw: number): number {
  const lo = index >>> 0;
  const hi = Math.floor(index / 4294967296) >>> 0;
  const h1 = mix32(seed ^ mix32(lo ^ mix32(hi + 0x9e3779b9)));
  const h2 = mix32(h1 ^ (draw * 0x85ebca6b));
  return (h2 + 0.5) / 4294967296;
}

export type SizeFn = (index: number) => number;

/** Size sampler for a spec; sizes as numbers (exact up to 8 PiB). */
export function sizeSampler(spec: SizeSpec, seed: number): SizeFn {
  if (spec.kind === 'fixed') {
    const b = Number(spec.bytes);
    return () => b;
  }
  const min = Number(spec.min);
  const max = Number(spec.max);
  if (spec.kind === 'uniform') {
    const span = max - min + 1;
    return (i) => min + Math.floor(unit(seed, i, 0) * span);
  }
  const mean = Number(spec.mean);
  const sd = Number(spec.stdDev);
  const s2 = Math.log1p((sd * sd) / (mean * mean));
  const s = Math.sqrt(s2);
  const mu = Math.log(mean) - s2 / 2;
  return (i) => {
    // Box–Muller, rejection into [min,max] up to 100 tries, then clamp (as sai3).
    for (let t = 0; t < 100; t++) {
      const z =
        Math.sqrt(-2 * Math.log(unit(seed, i, 2 * t + 1))) * Math.cos(2 * Math.PI * unit(seed, i, 2 * t + 2));
      const x = Math.round(Math.exp(mu + s * z));
      if (x >= min && x <= max) return x;
      if (t === 99) return Math.min(Math.max(x, min), max);
    }
    return mean;
  };
}

/** Largest size the spec can produce (for buffer sizing). */
export function maxSize(spec: SizeSpec): number {
  return spec.kind === 'fixed' ? Number(spec.bytes) : Number(spec.max);
}

/** sai3 size bucket (0 = 0 B, 1 ≤ 8 KiB, … 8 > 2 GiB; spec §3.3). */
export function sizeBucket(bytes: number): number {
  if (bytes <= 0) return 0;
  const limits = [8 << 10, 64 << 10, 512 << 10, 4 << 20, 32 << 20, 256 << 20, 2 * 1024 ** 3];
  for (let k = 0; k < limits.length; k++) if (bytes <= limits[k]) return k + 1;
  return 8;
}
