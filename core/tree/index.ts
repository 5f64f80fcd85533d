// The directory tree as a function of an index (spec §2): counts, names, index ↔ path, agent split.
// Nothing is materialised; every function is O(depth). Counts are exact BigInts.
// (Stub written first so other layers can build against the API; see core/tree/*.ts for the implementation.)
import type { TreeSpec } from '../model';

export interface TreeCounts {
  perLevel: bigint[]; // perLevel[L-1] = width^L
  totalDirs: bigint;
  leafDirs: bigint;
  fileDirs: bigint; // directories that hold files: leaf (bottom) or all
  files: bigint;
}

export function treeCounts(
  t: Pick<TreeSpec, 'width' | 'depth' | 'filesPerDir' | 'distribution'>,
): TreeCounts {
  const w = BigInt(t.width);
  const perLevel: bigint[] = [];
  let p = 1n;
  let total = 0n;
  for (let L = 1; L <= t.depth; L++) {
    p *= w;
    perLevel.push(p);
    total += p;
  }
  const leaf = perLevel.length ? perLevel[perLevel.length - 1] : 0n;
  const fileDirs = t.distribution === 'all' ? total : leaf;
  return { perLevel, totalDirs: total, leafDirs: leaf, fileDirs, files: fileDirs * BigInt(t.filesPerDir) };
}
