// Expected object size of a SizeSpec, analytically (never by sampling; sai3's dry-run averages 100 samples).
import type { SizeSpec } from '../model';
import { normalMass } from './normal';

/** sai3 draws up to this many lognormal samples looking for one inside [min,max], then clamps (§1.5). */
export const LOGNORMAL_TRIES = 100;

/**
 * Mean of sai3's lognormal size: linear mean/sd → log space (σ² = ln(1+sd²/mean²), μ = ln mean − σ²/2), sample
 * X = e^Y until min ≤ X ≤ max (100 tries), else clamp. That is the truncated mean with weight 1−(1−p)^100
 * plus the clamped value with the (usually negligible) remaining weight.
 * Truncated mean: E[X | a≤X≤b] = e^(μ+σ²/2) · [Φ(β−σ) − Φ(α−σ)] / [Φ(β) − Φ(α)], α,β = (ln a−μ)/σ, (ln b−μ)/σ.
 */
export function lognormalMean(mean: number, stdDev: number, min: number, max: number): number {
  if (!(mean > 0) || !(max >= min)) return Math.min(Math.max(mean, min), max);
  if (!(stdDev > 0)) return Math.min(Math.max(mean, min), max);
  const s2 = Math.log1p((stdDev * stdDev) / (mean * mean));
  const s = Math.sqrt(s2);
  const mu = Math.log(mean) - s2 / 2;
  const alpha = min > 0 ? (Math.log(min) - mu) / s : -Infinity;
  const beta = Number.isFinite(max) ? (Math.log(max) - mu) / s : Infinity;
  const p = normalMass(alpha, beta); // P(min ≤ X ≤ max)
  const below = normalMass(-Infinity, alpha);
  const above = normalMass(beta, Infinity);
  const truncated = p > 0 ? (Math.exp(mu + s2 / 2) * normalMass(alpha - s, beta - s)) / p : 0;
  const allMiss = Math.pow(1 - p, LOGNORMAL_TRIES);
  const clamped = below + above > 0 ? (below * min + above * max) / (below + above) : 0;
  return (1 - allMiss) * truncated + allMiss * clamped;
}

/** Mean bytes per object. Exact for fixed and uniform ((min+max)/2, inclusive uniform), analytic for lognormal. */
export function expectedSize(spec: SizeSpec): number {
  switch (spec.kind) {
    case 'fixed':
      return Number(spec.bytes);
    case 'uniform':
      return (Number(spec.min) + Number(spec.max)) / 2;
    case 'lognormal':
      return lognormalMean(Number(spec.mean), Number(spec.stdDev), Number(spec.min), Number(spec.max));
  }
}

/** count × mean size as an integer number of bytes; exact when the mean is (fixed, or uniform with even sum). */
export function totalBytes(count: bigint, spec: SizeSpec): bigint {
  if (spec.kind === 'fixed') return count * spec.bytes;
  if (spec.kind === 'uniform') return (count * (spec.min + spec.max)) / 2n;
  const mean = expectedSize(spec);
  const whole = Math.floor(mean);
  // integer part exactly in BigInt, only the fraction goes through a double
  return count * BigInt(whole) + BigInt(Math.round(Number(count) * (mean - whole)));
}
