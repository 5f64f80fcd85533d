// Where things live for a run: directory lists per level and the file list (tree or flat), lazily, with
// multi-endpoint placement (file i on bases[i mod n]; every directory on every base).
import { iterDirs, iterFiles, treeCounts } from '../../core/tree';
import type { RunPlan } from '../plan';
import { poolName, poolsOf } from './pools';

export function flatName(i: number): string {
  return `prepared-${String(i).padStart(8, '0')}.dat`;
}

/** File names as lead + index zero-padded to 8 digits + tail: core/tree fileName (tree) and flatName (flat). */
export const NAME_PARTS = {
  tree: { lead: 'file_', tail: '.dat' },
  flat: { lead: 'prepared-', tail: '.dat' },
};

/** A run of this agent's files in one directory: indices start, start+step, … below end. */
export interface FileRun {
  dir: string; // relative directory ('' in flat mode)
  start: number;
  end: number;
  step: number;
}

/**
 * The files of agentFiles, same order, grouped per directory (flat mode: per `flatSpan` indices): O(1) work
 * per directory instead of a path string per file, so workers can build the names (ranges, not paths).
 */
export function* agentFileRuns(plan: RunPlan, flatSpan = 4096): Generator<FileRun> {
  const step = plan.share?.count ?? 1;
  const want = plan.share?.index ?? 0;
  const first = (base: number) => base + ((((want - base) % step) + step) % step);
  const t = plan.tree;
  if (!t) {
    for (let b = 0; b < plan.totalFiles; b += flatSpan) {
      const end = Math.min(b + flatSpan, plan.totalFiles);
      if (first(b) < end) yield { dir: '', start: first(b), end, step };
    }
    return;
  }
  if (t.filesPerDir < 1) return;
  // Same numbering as core/tree iterFiles: bottom → leaves in order; all → every directory breadth-first.
  let base = 0;
  for (const d of iterDirs(t)) {
    if (t.distribution !== 'all' && d.level !== t.depth) continue;
    const end = base + t.filesPerDir;
    if (first(base) < end) yield { dir: d.path, start: first(base), end, step };
    base = end;
  }
}

/** Directories of one level (relative paths), in creation order. */
export function* levelDirs(plan: RunPlan, level: number): Generator<string> {
  if (!plan.tree) return;
  // iterDirs walks breadth-first; skip earlier levels cheaply by level filter (O(dirs) strings anyway).
  for (const d of iterDirs(plan.tree)) {
    if (d.level < level) continue;
    if (d.level > level) return;
    yield d.path;
  }
}

export function dirTotal(plan: RunPlan): number {
  return plan.tree ? Number(treeCounts(plan.tree).totalDirs) : 0;
}

/** Files this agent owns: [index, relative path]. */
export function* agentFiles(plan: RunPlan): Generator<{ index: number; rel: string }> {
  if (plan.tree) {
    for (const f of iterFiles(plan.tree, { agent: plan.share }))
      yield { index: Number(f.index), rel: f.path };
    return;
  }
  const step = plan.share?.count ?? 1;
  for (const pool of poolsOf(plan))
    for (let i = plan.share?.index ?? 0; i < plan.totalFiles; i += step)
      yield { index: i, rel: poolName(pool, i) };
}

/** Files this agent owns (both pools in flat mode with separate pools). */
export function agentFileCount(plan: RunPlan): number {
  const pools = plan.tree ? 1 : poolsOf(plan).length;
  if (!plan.share) return plan.totalFiles * pools;
  const { index, count } = plan.share;
  return plan.totalFiles <= index ? 0 : Math.ceil((plan.totalFiles - index) / count) * pools;
}

export function baseOf(plan: RunPlan, fileIndex: number): string {
  return plan.bases[fileIndex % plan.bases.length];
}
