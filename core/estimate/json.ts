// The `iobench estimate --json` contract of DESIGN.md: its keys exactly, plus optional additions that older
// readers ignore — `treeRange`/`prepareRange` ([low, high] seconds, a 90 % range) on every level and the
// total, and `ratesSource` (where the times come from). Integers past 2^53 become decimal strings.
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
    treeRange?: [number, number];
    prepareRange?: [number, number];
  }[];
  total: {
    dirs: JsonInt;
    leafDirs: JsonInt;
    files: JsonInt;
    bytes: JsonInt;
    treeSeconds: number;
    prepareSeconds: number;
    treeRange?: [number, number];
    prepareRange?: [number, number];
  };
  perAgent: { id: string; dirs: JsonInt; files: JsonInt; bytes: JsonInt }[];
  warnings: string[];
  ratesSource?: string;
}

const MAX = BigInt(Number.MAX_SAFE_INTEGER);
export const jsonInt = (n: bigint): JsonInt => (n <= MAX && n >= -MAX ? Number(n) : n.toString());
/** Seconds to the millisecond: estimates don't deserve more digits. */
const secs = (s: number): number => (Number.isFinite(s) ? Math.round(s * 1000) / 1000 : 0);
const span = (r: [number, number]): [number, number] => [secs(r[0]), secs(r[1])];

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
      treeRange: span(l.treeRange),
      prepareRange: span(l.prepareRange),
    })),
    total: {
      dirs: jsonInt(e.total.dirs),
      leafDirs: jsonInt(e.total.leafDirs),
      files: jsonInt(e.total.files),
      bytes: jsonInt(e.total.bytes),
      treeSeconds: secs(e.total.treeSeconds),
      prepareSeconds: secs(e.total.prepareSeconds),
      treeRange: span(e.total.treeRange),
      prepareRange: span(e.total.prepareRange),
    },
    perAgent: e.perAgent.map((a) => ({
      id: a.id,
      dirs: jsonInt(a.dirs),
      files: jsonInt(a.files),
      bytes: jsonInt(a.bytes),
    })),
    warnings: [...e.warnings],
    ratesSource: e.ratesSource,
  };
}
