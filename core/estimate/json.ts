// The `iobench estimate --json` contract of DESIGN.md, exactly: these keys and nothing else. Integers past 2^53
// become decimal strings; everything else stays a JSON number.
import type { Estimate } from './estimate';

export type JsonInt = number | string;

export interface EstimateJson {
  tree: { width: number; depth: number; filesPerDir: number; distribution: string; dirMask: string } | null;
  levels: {
    depth: number;
    leafDirs: JsonInt;
    totalDirs: JsonInt;
    files: JsonInt;
    bytes: JsonInt;
    treeSeconds: number;
    prepareSeconds: number;
  }[];
  total: {
    dirs: JsonInt;
    leafDirs: JsonInt;
    files: JsonInt;
    bytes: JsonInt;
    treeSeconds: number;
    prepareSeconds: number;
  };
  perAgent: { id: string; dirs: JsonInt; files: JsonInt; bytes: JsonInt }[];
  warnings: string[];
}

const MAX = BigInt(Number.MAX_SAFE_INTEGER);
export const jsonInt = (n: bigint): JsonInt => (n <= MAX && n >= -MAX ? Number(n) : n.toString());
/** Seconds to the millisecond: estimates don't deserve more digits. */
const secs = (s: number): number => (Number.isFinite(s) ? Math.round(s * 1000) / 1000 : 0);

export function estimateToJson(e: Estimate): EstimateJson {
  return {
    tree: e.tree
      ? {
          width: e.tree.width,
          depth: e.tree.depth,
          filesPerDir: e.tree.filesPerDir,
          distribution: e.tree.distribution,
          dirMask: e.tree.dirMask,
        }
      : null,
    levels: e.levels.map((l) => ({
      depth: l.depth,
      leafDirs: jsonInt(l.leafDirs),
      totalDirs: jsonInt(l.totalDirs),
      files: jsonInt(l.files),
      bytes: jsonInt(l.bytes),
      treeSeconds: secs(l.treeSeconds),
      prepareSeconds: secs(l.prepareSeconds),
    })),
    total: {
      dirs: jsonInt(e.total.dirs),
      leafDirs: jsonInt(e.total.leafDirs),
      files: jsonInt(e.total.files),
      bytes: jsonInt(e.total.bytes),
      treeSeconds: secs(e.total.treeSeconds),
      prepareSeconds: secs(e.total.prepareSeconds),
    },
    perAgent: e.perAgent.map((a) => ({
      id: a.id,
      dirs: jsonInt(a.dirs),
      files: jsonInt(a.files),
      bytes: jsonInt(a.bytes),
    })),
    warnings: [...e.warnings],
  };
}
