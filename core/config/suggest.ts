// "Did you mean" for unknown keys and enum values: Levenshtein distance plus a few known historical keys.
import type { ConfigPath } from './types';

export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length > 64 || b.length > 64) return Math.max(a.length, b.length); // not worth it, and bounded
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** Nearest candidate: exact case-insensitive match first, then edit distance ≤ max(2, ⌊len/3⌋). */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const ci = candidates.find((c) => c.toLowerCase() === lower);
  if (ci) return ci;
  const norm = (s: string) => s.toLowerCase().replace(/[-_ ]/g, '');
  const sep = candidates.find((c) => norm(c) === norm(word));
  if (sep) return sep;
  let best: string | undefined;
  let bestD = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = levenshtein(lower, c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

/** Keys that are well known from sai3's own configs and docs, with what to say instead of "did you mean". */
export function knownKeyHint(key: string, parentPath: ConfigPath): string | undefined {
  const parent = parentPath[parentPath.length - 1];
  if (key === 'use_multi_endpoint')
    return 'not a field since v0.8.96; multi-endpoint routing is automatic when a multi_endpoint block exists';
  if (key === 'enabled' && parent === 'perf_log')
    return 'not a field: the presence of perf_log is what enables it';
  if (key === 'timeout_seconds' && parent === 'barrier_sync')
    return 'not a field; per-phase blocks take agent_barrier_timeout';
  if (key === 'size' && parentPath.some((p) => p === 'size_spec' || p === 'size_distribution'))
    return 'not a field; for a fixed size write the integer directly (size_spec: 51200)';
  if (key === 'config' && parentPath.includes('stages'))
    return "sai3 wants stage fields flat in the stage map (the nested 'config:' form in its docs is rejected)";
  return undefined;
}
