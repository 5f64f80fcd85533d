// Derived numbers of one tree (counts, level offsets, compiled mask), computed once per TreeSpec object so the
// O(depth) path functions don't redo BigInt powers on every call (the agent calls filePath per operation).
import type { TreeSpec } from '../model';
import { levelOffsets, treeCounts, type TreeCounts } from './counts';
import { compileMask, type CompiledMask } from './names';

export type TreeIndex = number | bigint;

export interface Geometry {
  width: number;
  depth: number;
  filesPerDir: number;
  distribution: TreeSpec['distribution'];
  dirMask: string;
  counts: TreeCounts;
  offsets: bigint[]; // breadth-first position of each level's first directory
  mask: CompiledMask;
  /** every directory position and every file index fits a JS number exactly */
  safe: boolean;
}

const cache = new WeakMap<TreeSpec, Geometry>();

export function geometry(tree: TreeSpec): Geometry {
  const g = cache.get(tree);
  // Re-check the fields: a caller may have edited the object in place.
  if (
    g &&
    g.width === tree.width &&
    g.depth === tree.depth &&
    g.filesPerDir === tree.filesPerDir &&
    g.distribution === tree.distribution &&
    g.dirMask === tree.dirMask
  )
    return g;
  const counts = treeCounts(tree);
  const max = BigInt(Number.MAX_SAFE_INTEGER);
  const fresh: Geometry = {
    width: tree.width,
    depth: tree.depth,
    filesPerDir: tree.filesPerDir,
    distribution: tree.distribution,
    dirMask: tree.dirMask,
    counts,
    offsets: levelOffsets(counts),
    mask: compileMask(tree.dirMask),
    safe: counts.totalDirs <= max && counts.files <= max,
  };
  cache.set(tree, fresh);
  return fresh;
}

export const toBig = (i: TreeIndex): bigint => (typeof i === 'bigint' ? i : BigInt(i));

/** Number when the tree is small enough to be exact in a double, else BigInt (callers get one type per tree). */
export const narrow = (g: Geometry, i: bigint): TreeIndex => (g.safe ? Number(i) : i);
