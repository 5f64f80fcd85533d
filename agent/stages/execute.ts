// Execute: `concurrency` loops, each picking an op by weight and a target — a uniformly random file of the
// tree (or of the flat prepared objects), on endpoints[i mod n] — until the duration ends or the run aborts.
// Latency per op class goes into the stage's HdrHistograms. What sai3 adds around each op lives in its own
// module: io_rate pacing (rate-limit.ts), per-op concurrency (op-limits.ts), error_handling (error-policy.ts),
// the deletable pool (pools.ts); warmup_period marks where the stage's measured results begin (stats.ts).
import { dirPath, filePath, treeCounts } from '../../core/tree';
import type { WorkloadOp } from '../../core/model';
import { sizeSampler, seedFromUri } from './../sizes';
import type { StageContext } from './context';
import { ErrorPolicy } from './error-policy';
import { baseOf, flatName } from './layout';
import { opSemaphores } from './op-limits';
import { pause } from './pause';
import { fileSelector } from './path-select';
import { ConsumablePool, poolName } from './pools';
import { DynamicPutPool } from './put-pool';
import { workerPacer } from './rate-limit';
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
  const opts = plan.model.options;
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
  // Nothing prepared: each get/stat op reads the objects under its own path, listed now (LISTING stage).
  // Outside tree mode each put writes obj_N into its path's folder (sai3: `obj_<n>` under the op's path).
  const readSets = new Map<WorkloadOp, string[]>();
  const putDirs = new Map<WorkloadOp, string>();
  const resolve = (u: string) => backend.resolveBase(u);
  if (plan.listReads) {
    stats.listing = true;
    for (const o of ops) {
      if (o.op === 'get' || o.op === 'stat')
        readSets.set(o, await resolveReadSet(readSpec(o.path, plan.bases[0], resolve), backend));
      if (abort.aborted) return;
    }
    stats.listing = false;
  }
  if (!tree)
    for (const o of ops)
      if (o.op === 'put') {
        const dir = readSpec(o.path.replace(/\/*$/, '/'), plan.bases[0], resolve).dir;
        await backend.ensureBase(dir);
        putDirs.set(o, dir);
      }
  const made: string[] = []; // directories created by mkdir ops, removed by rmdir ops
  const startMs = Date.now();
  const deadline = startMs + durationMs;
  // warmup_period: ops before it run and show live, but the stage's results count only the ops after it.
  const warmup =
    opts.warmupMs > 0
      ? setTimeout(() => stats.beginMeasurement(), Math.min(opts.warmupMs, durationMs))
      : undefined;
  if (warmup) stats.warmupMs = opts.warmupMs;
  const policy = new ErrorPolicy(opts.errorHandling, { deadline, signal: abort.signal });
  const limits = opSemaphores(ops, plan.concurrency);
  // Flat prepared objects: deletes consume their pool (deletable-* when reads have their own pool).
  const deletePool = !tree && nFiles > 0 ? new ConsumablePool(nFiles, plan.share) : undefined;
  const dynamic =
    opts.dynamicPutPool && !tree ? new DynamicPutPool(ops, plan.bases[0], resolve, readSets) : undefined;
  // tree mode: path_selection picks the directory (own partition or any), then a file inside it
  const pickTreeFile = tree
    ? fileSelector(
        tree,
        plan.model.distributed?.pathSelection,
        { index: plan.start.agentIndex, count: plan.start.numAgents },
        opts.partitionOverlap,
      )
    : undefined;
  let seq = 0;
  const fileTarget = (o?: WorkloadOp) => {
    const listed = o && readSets.get(o);
    if (listed) return listed[Math.floor(Math.random() * listed.length)];
    const extra = o && dynamic?.extra.get(o);
    if (extra?.length) {
      // the prepared objects and the ones puts added, uniformly
      const k = Math.floor(Math.random() * (nFiles + extra.length));
      if (k >= nFiles) return extra[k - nFiles];
    }
    const i = pickTreeFile ? pickTreeFile() : Math.floor(Math.random() * Math.max(1, nFiles));
    return backend.join(baseOf(plan, i), tree ? filePath(tree, i) : flatName(i));
  };
  const deleteTarget = (): string | undefined => {
    if (!deletePool) return fileTarget();
    const i = deletePool.take();
    return i === undefined
      ? undefined
      : backend.join(baseOf(plan, i), poolName(plan.pools ? 'deletable' : 'prepared', i));
  };
  const dirTarget = () =>
    tree
      ? backend.join(plan.bases[0], dirPath(tree, tree.depth, Math.floor(Math.random() * leafDirs)))
      : plan.bases[0];

  /** One op: resolves when done (stats recorded), false when there was nothing to do. */
  const once = async (o: WorkloadOp, at: (p: string) => string): Promise<boolean> => {
    const t0 = performance.now();
    const us = () => (performance.now() - t0) * 1000;
    switch (o.op) {
      case 'get': {
        const n = await backend.get(at(fileTarget(o)));
        stats.get.record(us(), n);
        return true;
      }
      case 'put': {
        const i = seq++;
        const dir = putDirs.get(o);
        const p = at(dir ? backend.join(dir, `obj_${i}`) : fileTarget());
        const n = await backend.put(
          p,
          putSize.get(o)!(i),
          o.dedupFactor || o.compressFactor
            ? { dedup: o.dedupFactor ?? 1, compress: o.compressFactor ?? 1 }
            : undefined,
        );
        stats.put.record(us(), n);
        dynamic?.add(p);
        return true;
      }
      case 'stat':
        await backend.stat(at(fileTarget(o)));
        stats.meta.record(us(), 0, false);
        return true;
      case 'list':
        await backend.list(at(dirTarget()));
        stats.meta.record(us(), 0, false);
        return true;
      case 'delete': {
        const p = deleteTarget();
        if (p === undefined) return false;
        await backend.remove(at(p));
        stats.meta.record(us(), 0, false);
        return true;
      }
      case 'mkdir': {
        const d = `${dirTarget()}/iobench-mkdir-${process.pid}-${seq++}`;
        await backend.mkdir(at(d));
        made.push(d);
        stats.meta.record(us(), 0, false);
        return true;
      }
      case 'rmdir': {
        const d = made.pop();
        if (!d) return false;
        await backend.rmdir(at(d), !!o.recursive);
        stats.meta.record(us(), 0, false);
        return true;
      }
    }
  };

  let failure: unknown; // the first loop that must stop the stage (error_handling) stops every loop
  const loop = async () => {
    const pacer = workerPacer(opts.ioRate, plan.concurrency, startMs);
    // the path of the op in flight, for the failure text (one closure per loop, not per op)
    let target: string;
    const at = (p: string) => (target = p);
    while (!abort.aborted && failure === undefined && Date.now() < deadline) {
      const o = pickWeighted(ops, total);
      if (pacer) {
        const d = pacer.delayMs(Date.now());
        if (d > 0) await pause(d, deadline, abort.signal);
        if (abort.aborted || Date.now() >= deadline) break;
      }
      const sem = limits.get(o);
      if (sem) await sem.acquire();
      target = '';
      let r;
      try {
        r = await policy.run(() => once(o, at));
      } finally {
        sem?.release();
      }
      if (r.ok && !r.value) {
        // nothing to do for this op (empty pool): yield so the other loops and the stats timer run
        await new Promise((res) => setImmediate(res));
      } else if (!r.ok) {
        stats.fail(o.op, target, r.error);
        // Let other loops and the stats timer run even when every op fails at once.
        await new Promise((res) => setImmediate(res));
      }
    }
  };
  try {
    await Promise.all(
      Array.from({ length: plan.concurrency }, () =>
        loop().catch((e) => {
          failure ??= e;
        }),
      ),
    );
    if (failure !== undefined) throw failure;
  } finally {
    clearTimeout(warmup);
    // Leave no mkdir-op directories behind.
    for (const d of made) await backend.rmdir(d, true).catch(() => undefined);
  }
}
