// Index ↔ path in O(depth), nothing materialised (spec §2.3–2.4). A directory is (level, index) with index the
// 0-based global position within its level; its base-`width` digits, most significant first, are the 0-based
// local indices from level 1 down. Files: bottom → leaf ⌊i/F⌋; all → directory ⌊i/F⌋ of the breadth-first list.
import type { TreeSpec } from '../model';
import { geometry, narrow, toBig, type Geometry, type TreeIndex } from './geometry';
import { fileName, nameFromCompiled } from './names';

export interface DirRef {
  level: number; // 1..depth
  index: TreeIndex; // 0-based within the level (number when the tree is safe, else bigint)
}

export interface FileRange {
  start: TreeIndex; // first file index, inclusive
  end: TreeIndex; // exclusive
}

function checkDir(g: Geometry, level: number, index: bigint): void {
  if (!Number.isInteger(level) || level < 1 || level > g.depth)
    throw new RangeError(`level ${level} outside 1..${g.depth}`);
  if (index < 0n || index >= g.counts.perLevel[level - 1])
    throw new RangeError(
      `directory index ${index} outside level ${level} (0..${g.counts.perLevel[level - 1] - 1n})`,
    );
}

function checkFile(g: Geometry, i: bigint): void {
  if (i < 0n || i >= g.counts.files)
    throw new RangeError(
      `file index ${i} outside 0..${g.counts.files - 1n} (tree has ${g.counts.files} files)`,
    );
}

function pathOf(g: Geometry, level: number, index: TreeIndex): string {
  const segs = new Array<string>(level);
  const w = g.width;
  if (typeof index === 'number') {
    // Safe-integer fast path: plain division, no BigInt allocation.
    let x = index;
    for (let L = level; L >= 1; L--) {
      const d = x % w;
      segs[L - 1] = nameFromCompiled(g.mask, L, d + 1);
      x = (x - d) / w;
    }
  } else {
    const bw = BigInt(w);
    let x = index;
    for (let L = level; L >= 1; L--) {
      segs[L - 1] = nameFromCompiled(g.mask, L, (x % bw) + 1n);
      x /= bw;
    }
  }
  return segs.join('/');
}

/** Path (relative to the base) of directory `index` (0-based within `level`). */
export function dirPath(tree: TreeSpec, level: number, index: TreeIndex): string {
  const g = geometry(tree);
  const i = toBig(index);
  checkDir(g, level, i);
  return pathOf(g, level, g.safe ? Number(i) : i);
}

/** Breadth-first position j of a directory in sai3's `all_directories` (what `dirOwner` takes). */
export function dirOrdinal(tree: TreeSpec, level: number, index: TreeIndex): TreeIndex {
  const g = geometry(tree);
  const i = toBig(index);
  checkDir(g, level, i);
  return narrow(g, g.offsets[level - 1] + i);
}

/** The directory at breadth-first position j. */
export function dirAt(tree: TreeSpec, ordinal: TreeIndex): DirRef {
  const g = geometry(tree);
  const j = toBig(ordinal);
  if (j < 0n || j >= g.counts.totalDirs)
    throw new RangeError(`directory position ${j} outside 0..${g.counts.totalDirs - 1n}`);
  let L = g.depth;
  while (L > 1 && g.offsets[L - 1] > j) L--;
  return { level: L, index: narrow(g, j - g.offsets[L - 1]) };
}

/** The directory that holds file `fileIndex`. */
export function fileDir(tree: TreeSpec, fileIndex: TreeIndex): DirRef {
  const g = geometry(tree);
  const i = toBig(fileIndex);
  checkFile(g, i);
  const k = i / BigInt(g.filesPerDir);
  if (g.distribution === 'all') return dirAt(tree, k);
  return { level: g.depth, index: narrow(g, k) };
}

/** Path of file `fileIndex` relative to the base, e.g. `d1_w1.dir/d2_w2.dir/file_00000003.dat`. */
export function filePath(tree: TreeSpec, fileIndex: TreeIndex): string {
  const { level, index } = fileDir(tree, fileIndex);
  return `${pathOf(geometry(tree), level, index)}/${fileName(fileIndex)}`;
}

/** The half-open range of file indices a directory holds, or undefined when it holds none. */
export function dirFileRange(tree: TreeSpec, level: number, index: TreeIndex): FileRange | undefined {
  const g = geometry(tree);
  const i = toBig(index);
  checkDir(g, level, i);
  if (g.filesPerDir === 0) return undefined;
  let k: bigint;
  if (g.distribution === 'all') k = g.offsets[level - 1] + i;
  else if (level === g.depth) k = i;
  else return undefined;
  const F = BigInt(g.filesPerDir);
  return { start: narrow(g, k * F), end: narrow(g, (k + 1n) * F) };
}
