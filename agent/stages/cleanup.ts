// Cleanup: delete this agent's files (the same share prepare created), then the tree's directories deepest
// level first. Modes: strict — a missing file or any error fails the stage; tolerant — missing files and
// non-empty/missing directories are fine, other errors are counted and reported; besteffort — never fails.
import { iterDirs } from '../../core/tree';
import { dispatcher } from './dispatch';
import { AbortedError, throwIfAborted, type StageContext } from './context';
import { agentFileCount, agentFiles, baseOf, dirTotal } from './layout';

const BATCH = 256;

export async function runCleanup(ctx: StageContext): Promise<void> {
  const { plan, backend, stats, abort } = ctx;
  const mode = plan.model.prepare?.cleanupMode ?? 'tolerant';
  const nBases = plan.bases.length;
  const dirs = backend.directories ? dirTotal(plan) * nBases : 0; // object stores: no directories
  stats.progressTotal = agentFileCount(plan) + dirs;
  const inFlight = Math.max(2, backend.parallelism * 2);
  const problems: string[] = [];
  const note = (msg: string) => {
    stats.errors++;
    stats.lastError = msg;
    if (problems.length < 5) problems.push(msg);
  };

  const del = dispatcher<string[]>(
    inFlight,
    (b) => backend.deleteObjects(b, abort.sab),
    (_b, r) => {
      stats.progressCurrent += r.done;
      for (let i = 0; i < r.done; i++) if (r.lat[i] > 0) stats.meta.record(r.lat[i], 0, false);
      if (r.aborted) throw new AbortedError(abort.reason);
      if (mode === 'strict' && r.missing)
        throw new Error(`cleanup (strict): ${r.missing} file(s) were already missing`);
      for (const e of r.errors) {
        if (mode === 'strict') throw new Error(`cleanup (strict): ${e.path}: ${e.message}`);
        if (mode === 'tolerant') note(`${e.path}: ${e.message}`);
      }
    },
  );
  let batch: string[] = [];
  for (const f of agentFiles(plan)) {
    batch.push(backend.join(nBases > 1 ? baseOf(plan, f.index) : plan.bases[0], f.rel));
    if (batch.length >= BATCH) {
      await del.push(batch);
      batch = [];
      throwIfAborted(abort);
    }
  }
  if (batch.length) await del.push(batch);
  await del.drain();

  if (plan.tree && backend.directories) {
    // Deepest level first; level lists are rebuilt per level (lazily) to keep memory flat.
    const rm = dispatcher<string[]>(
      inFlight,
      (b) => backend.removeDirs(b, abort.sab),
      (_b, r) => {
        stats.progressCurrent += r.done;
        for (let i = 0; i < r.done; i++) if (r.lat[i] > 0) stats.meta.record(r.lat[i], 0, false);
        if (r.aborted) throw new AbortedError(abort.reason);
        for (const e of r.errors) {
          // Another agent's files may still be there on shared storage: not an error outside strict mode.
          if (mode === 'strict') throw new Error(`cleanup (strict): ${e.path}: ${e.message}`);
          if (mode === 'tolerant' && e.code !== 'ENOTEMPTY' && e.code !== 'EEXIST')
            note(`${e.path}: ${e.message}`);
        }
      },
    );
    for (let level = plan.tree.depth; level >= 1; level--) {
      let b: string[] = [];
      for (const d of iterDirs(plan.tree)) {
        if (d.level < level) continue;
        if (d.level > level) break;
        for (const base of plan.bases) b.push(backend.join(base, d.path));
        if (b.length >= BATCH) {
          await rm.push(b);
          b = [];
          throwIfAborted(abort);
        }
      }
      if (b.length) await rm.push(b);
      await rm.drain();
    }
  }
  if (problems.length && mode === 'tolerant' && stats.errors > 0 && stats.progressCurrent === stats.errors)
    throw new Error(`cleanup failed for every object: ${problems.join('; ')}`);
}
