// Tree totals (spec §2.1–2.2): exact BigInt counts from width, depth, files_per_dir and distribution.
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

/** Breadth-first position of the first directory of each level: levelOffsets[L-1] = Σ width^l for l < L. */
export function levelOffsets(counts: TreeCounts): bigint[] {
  const out: bigint[] = [];
  let acc = 0n;
  for (const n of counts.perLevel) {
    out.push(acc);
    acc += n;
  }
  return out;
}
