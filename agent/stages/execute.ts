// Execute: `concurrency` loops, each picking an op by weight and a target — a uniformly random file of the
// tree (or of the flat prepared objects), on endpoints[i mod n] — until the duration ends or the run aborts.
// Latency per op class goes into the stage's HdrHistograms. Per-op errors are counted, not fatal.
import { dirPath, filePath, treeCounts } from '../../core/tree';
import type { WorkloadOp } from '../../core/model';
import { sizeSampler, seedFromUri } from './../sizes';
import type { StageContext } from './context';
import { baseOf, flatName } from './layout';
import { readSpec, resolveReadSet } from './read-set';

function pickWeighted(ops: WorkloadOp[], total: number): WorkloadOp {
  let r = Math.random() * total;
  for (const o of ops) {
    r -= o.weight;
    if (r < 0) return o;
  }
  return ops[ops.length - 1];
}

export async function runExecute(ctx: StageContext, durationMs: number): Promise<void> {
  const { plan, backend, stats, abort } = ctx;
  const ops = plan.model.workload.filter((o) => o.weight > 0);
  if (!ops.length) throw new Error('invalid weights: every workload op has weight 0');
  const total = ops.reduce((a, o) => a + o.weight, 0);
  stats.progressTotal = 0; // time-based
  const tree = plan.tree;
  const leafDirs = tree ? Number(treeCounts(tree).perLevel[tree.depth - 1]) : 0;
  const nFiles = plan.totalFiles;
  const putSize = new Map<WorkloadOp, (i: number) => number>();
  for (const o of ops)
    if (o.op === 'put')
      putSize.set(
        o,
        o.size ? sizeSampler(o.size, seedFromUri(plan.baseUris[0])) : () => Number(o.objectSize ?? 1048576n),
      );
  // Nothing prepared: each get/stat op reads the objects under its own path, listed now (LISTING stage);
  // each put writes obj_N into its path's folder.
  const readSets = new Map<WorkloadOp, string[]>();
  const putDirs = new Map<WorkloadOp, string>();
  if (plan.listReads) {
    stats.listing = true;
    for (const o of ops) {
      const resolve = (u: string) => backend.resolveBase(u);
      if (o.op === 'get' || o.op === 'stat')
        readSets.set(o, await resolveReadSet(readSpec(o.path, plan.bases[0], resolve), backend));
      else if (o.op === 'put') {
        const dir = readSpec(o.path.replace(/\/*$/, '/'), plan.bases[0], resolve).dir;
        await backend.ensureBase(dir);
        putDirs.set(o, dir);
      }
      if (abort.aborted) return;
    }
    stats.listing = false;
  }
  const made: string[] = []; // directories created by mkdir ops, removed by rmdir ops
  const deadline = Date.now() + durationMs;
  let seq = 0;
  const fileTarget = (o?: WorkloadOp) => {
    const listed = o && readSets.get(o);
    if (listed) return listed[Math.floor(Math.random() * listed.length)];
    const i = Math.floor(Math.random() * Math.max(1, nFiles));
    return backend.join(baseOf(plan, i), tree ? filePath(tree, i) : flatName(i));
  };
  const dirTarget = () =>
    tree
      ? backend.join(plan.bases[0], dirPath(tree, tree.depth, Math.floor(Math.random() * leafDirs)))
      : plan.bases[0];

  const loop = async () => {
    // the path of the op in flight, for the failure text (one closure per loop, not per op)
    let target: string;
    const at = (p: string) => (target = p);
    while (!abort.aborted && Date.now() < deadline) {
      const o = pickWeighted(ops, total);
      const t0 = performance.now();
      target = '';
      try {
        switch (o.op) {
          case 'get': {
            const n = await backend.get(at(fileTarget(o)));
            stats.get.record((performance.now() - t0) * 1000, n);
            break;
          }
          case 'put': {
            const i = seq++;
            const n = await backend.put(
              at(tree || nFiles ? fileTarget() : backend.join(putDirs.get(o) ?? plan.bases[0], `obj_${i}`)),
              putSize.get(o)!(i),
            );
            stats.put.record((performance.now() - t0) * 1000, n);
            break;
          }
          case 'stat':
            await backend.stat(at(fileTarget(o)));
            stats.meta.record((performance.now() - t0) * 1000, 0, false);
            break;
          case 'list':
            await backend.list(at(dirTarget()));
            stats.meta.record((performance.now() - t0) * 1000, 0, false);
            break;
          case 'delete':
            await backend.remove(at(fileTarget()));
            stats.meta.record((performance.now() - t0) * 1000, 0, false);
            break;
          case 'mkdir': {
            const d = `${dirTarget()}/iobench-mkdir-${process.pid}-${seq++}`;
            await backend.mkdir(at(d));
            made.push(d);
            stats.meta.record((performance.now() - t0) * 1000, 0, false);
            break;
          }
          case 'rmdir': {
            const d = made.pop();
            if (!d) continue;
            await backend.rmdir(at(d), !!o.recursive);
            stats.meta.record((performance.now() - t0) * 1000, 0, false);
            break;
          }
        }
      } catch (e) {
        stats.fail(o.op, target, e);
        // Let other loops and the stats timer run even when every op fails at once.
        await new Promise((r) => setImmediate(r));
      }
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, loop));
  // Leave no mkdir-op directories behind.
  for (const d of made) await backend.rmdir(d, true).catch(() => undefined);
}
