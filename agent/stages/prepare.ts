// Prepare: the tree's directories breadth-first (all of a level before the next, so files never need
// mkdir -p), then this agent's files, batched to the worker pool. Existing files are skipped by creating
// exclusively (O_EXCL: the check and the create are one syscall) unless force_overwrite; with
// skip_verification (and no force_overwrite) nothing is created, as in sai3.
import { iterDirs } from '../../core/tree';
import type { BatchResult, FileRanges } from '../storage/backend';
import { LatencyTally } from '../storage/latency';
import { dispatcher } from './dispatch';
import { AbortedError, throwIfAborted, type StageContext } from './context';
import { agentFileCount, agentFileRuns, dirTotal, NAME_PARTS } from './layout';
import { poolsOf } from './pools';
import { PrepareTimer } from './prepare-timing';
import { FILE_BATCH } from '../../core/estimate/time-model';

const DIR_BATCH = 128;
const BATCH_BYTES = 32 << 20;

function firstError(r: BatchResult): string | undefined {
  const e = r.errors[0];
  return e && `${e.path}: ${e.message}`;
}

export async function runPrepare(ctx: StageContext): Promise<void> {
  const { plan, stats } = ctx;
  const p = plan.model.prepare;
  const nBases = plan.bases.length;
  const createNothing = !!p?.skipVerification && !p.forceOverwrite;
  const files = createNothing ? 0 : agentFileCount(plan);
  // Object stores have no directories: the keys carry the directory path (no mkdir, no request).
  const dirs = ctx.backend.directories ? dirTotal(plan) * nBases : 0;
  stats.progressTotal = dirs + files;
  const timer = new PrepareTimer(plan.concurrency);
  try {
    await prepareSteps(ctx, timer, createNothing);
  } finally {
    stats.prepareTiming = timer.finish();
  }
}

async function prepareSteps(ctx: StageContext, timer: PrepareTimer, createNothing: boolean): Promise<void> {
  const { plan, backend, stats, abort } = ctx;
  const p = plan.model.prepare;
  const nBases = plan.bases.length;
  for (const b of plan.bases) await backend.ensureBase(b);
  timer.started();
  const inFlight = Math.max(2, backend.parallelism * 2);

  // 1. directories, level by level
  if (plan.tree && backend.directories) {
    const dirs = dispatcher<string[]>(
      inFlight,
      (b) => backend.mkdirs(b, abort.sab),
      (_b, r) => {
        stats.progressCurrent += r.done;
        stats.mkdirCount += r.created;
        for (let i = 0; i < r.done; i++) if (r.lat[i] > 0) stats.meta.record(r.lat[i], 0, false);
        if (r.errors.length) throw new Error(`mkdir failed: ${firstError(r)}`);
        if (r.aborted) throw new AbortedError(abort.reason);
      },
    );
    let level = 1;
    let levelDirs = 0;
    let batch: string[] = [];
    for (const d of iterDirs(plan.tree)) {
      if (d.level !== level) {
        if (batch.length) await dirs.push(batch);
        batch = [];
        await dirs.drain(); // parents complete before children start
        timer.level(levelDirs);
        levelDirs = 0;
        level = d.level;
      }
      for (const base of plan.bases) batch.push(backend.join(base, d.path));
      levelDirs += nBases;
      if (batch.length >= DIR_BATCH) {
        await dirs.push(batch);
        batch = [];
        throwIfAborted(abort);
      }
    }
    if (batch.length) await dirs.push(batch);
    await dirs.drain();
    timer.level(levelDirs);
  }
  throwIfAborted(abort);
  if (createNothing || !p) return;

  // 2. files, as ranges per directory: the workers build the names (no per-file strings or clones here)
  const ensure = plan.ensure;
  const opts = {
    fill: ensure?.fill ?? 'random',
    dedup: ensure?.dedupFactor ?? 1,
    compress: ensure?.compressFactor ?? 1,
    exclusive: !p.forceOverwrite,
  } as const;
  const lat = new LatencyTally(stats.put);
  type FileBatch = { ranges: FileRanges; sizes: Float64Array };
  const put = dispatcher<FileBatch>(
    inFlight,
    (b) => backend.createObjects(b.ranges, b.sizes, opts, abort.sab),
    (b, r) => {
      stats.progressCurrent += r.done;
      stats.created += r.created;
      stats.existed += r.existed;
      lat.add(r.lat, b.sizes, r.done);
      timer.batch(r.done, r.bytes);
      if (r.errors.length) {
        stats.errors += r.errors.length;
        throw new Error(`create failed: ${firstError(r)}`);
      }
      if (r.aborted) throw new AbortedError(abort.reason);
    },
  );
  timer.filesStarted();
  // One batch: up to FILE_BATCH files or BATCH_BYTES, possibly cutting a directory's run in two.
  let prefixes: string[] = [];
  let bounds: number[] = [];
  let sizes: number[] = [];
  let bytes = 0;
  let names: { lead: string; tail: string } = NAME_PARTS.tree;
  const flush = async () => {
    if (!sizes.length) return;
    const ranges = { prefixes, bounds: Float64Array.from(bounds), nBases, ...names };
    const b = { ranges, sizes: Float64Array.from(sizes) };
    prefixes = [];
    bounds = [];
    sizes = [];
    bytes = 0;
    await put.push(b);
    throwIfAborted(abort);
  };
  // Flat mode: one pass per pool (prepared-*, and deletable-* when the workload deletes and reads).
  for (const pool of plan.tree ? ['tree'] : poolsOf(plan)) {
    names = pool === 'tree' ? NAME_PARTS.tree : { ...NAME_PARTS.flat, lead: `${pool}-` };
    for (const run of agentFileRuns(plan, FILE_BATCH * (plan.share?.count ?? 1))) {
      // Every base's copy of the directory, so file i can go to bases[i mod n] (the worker picks).
      const pre = plan.bases.map((base) => (run.dir ? `${backend.join(base, run.dir)}/` : `${base}/`));
      let from = run.start;
      for (let i = run.start; i < run.end; i += run.step) {
        const s = plan.size(i);
        sizes.push(s);
        bytes += s;
        if (sizes.length >= FILE_BATCH || bytes >= BATCH_BYTES) {
          prefixes.push(...pre);
          bounds.push(from, i + 1, run.step);
          from = i + run.step;
          await flush();
        }
      }
      if (from < run.end) {
        prefixes.push(...pre);
        bounds.push(from, run.end, run.step);
      }
    }
    await flush();
  }
  await put.drain();
}
