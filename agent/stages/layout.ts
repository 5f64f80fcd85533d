// Where things live for a run: directory lists per level and the file list (tree or flat), lazily, with
// multi-endpoint placement (file i on bases[i mod n]; every directory on every base).
import { iterDirs, iterFiles, treeCounts } from '../../core/tree';
import type { RunPlan } from '../plan';

export function flatName(i: number): string {
  return `prepared-${String(i).padStart(8, '0')}.dat`;
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
  for (let i = plan.share?.index ?? 0; i < plan.totalFiles; i += step) yield { index: i, rel: flatName(i) };
}

export function agentFileCount(plan: RunPlan): number {
  if (!plan.share) return plan.totalFiles;
  const { index, count } = plan.share;
  return plan.totalFiles <= index ? 0 : Math.ceil((plan.totalFiles - index) / count);
}

export function baseOf(plan: RunPlan, fileIndex: number): string {
  return plan.bases[fileIndex % plan.bases.length];
}
