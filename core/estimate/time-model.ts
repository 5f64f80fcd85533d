// The prepare time model (docs/time-model.md has the equations): per stage a fixed cost, per tree level a
// drain cost, per directory a mkdir cost, per file a create cost at the mean size it was measured with, per
// byte beyond that size 1/bandwidth — all at one concurrency and one number of agents on the storage, scaled
// to others. Every term carries a standard deviation, so every prediction carries a range.
import { fitLinear } from './fit';

/** A value and its standard deviation (same unit). */
export interface Term {
  v: number;
  sd: number;
}

export interface TimeTerms {
  fixedS: Term; // per stage: start-up, worker threads, barrier hand-off — what no count explains
  levelS: Term; // per tree level: the drain before the next level starts
  dirS: Term; // per directory (effective: wall seconds per directory at `at.concurrency`)
  fileS: Term; // per file at `at.meanSize` (effective, at `at.concurrency`)
  byteS: Term; // per byte beyond `at.meanSize` (1 / bandwidth)
  at: { concurrency: number; agents: number; shared: boolean; meanSize: number };
}

/**
 * What a prepare stage measured on one agent. Our agent sends it in PrepareSummary's iobench extension field
 * (sai3 agents don't, and sai3's controller skips the unknown field). Seconds from the stage start.
 */
export interface PrepareTiming {
  v: 1;
  concurrency: number;
  /** seconds before the first directory (ensure the base folders) */
  startS: number;
  /** per tree level: [directories made, seconds] */
  levels: [number, number][];
  files: number;
  bytes: number;
  filesS: number;
  /** cumulative completions in the files phase: [seconds since its start, files, bytes], ≤ 64 points */
  curve: [number, number, number][];
  wallS: number;
}

/** Priors: a generic network file system (the default rate model's numbers) with wide uncertainty. */
export const PRIOR_TERMS: Readonly<TimeTerms> = Object.freeze({
  fixedS: { v: 0.3, sd: 0.3 },
  levelS: { v: 0.002, sd: 0.002 },
  dirS: { v: 1 / 5_000, sd: 1 / 5_000 },
  fileS: { v: 1 / 1_000, sd: 1 / 1_000 },
  byteS: { v: 1 / 500e6, sd: 1 / 500e6 },
  at: { concurrency: 16, agents: 1, shared: false, meanSize: 0 },
});

/** Serial fraction of per-item work when the concurrency changes (Amdahl); 1 would mean no gain at all. */
export const SERIAL_FRACTION = 0.25;
/** Contention between agents on one storage: per-item cost × (1 + κ·(n−1)); κ=1 is a fully shared device. */
export const SHARED_CONTENTION = 1;
/** Run-to-run noise of a prepare stage on a quiet machine, used until the history has its own figure. */
export const DEFAULT_NOISE = 0.12;
/** The widest relative standard deviation a range shows. */
const MAX_REL_SD = 1.5;
/** The z of a 90 % two-sided range. */
const Z90 = 1.645;

/** Scheduling jitter of a measured phase on a busy machine (seconds): short phases get wide ranges. */
const JITTER_S = 0.05;
/** Files per create batch of the agent's prepare (agent/stages/prepare.ts). */
export const FILE_BATCH = 256;
/** Batches per I/O thread before the completion curve has a steady part worth a slope. */
const STEADY_BATCHES_PER_WORKER = 6;

const term = (v: number, sd: number): Term => ({ v: Math.max(0, v), sd: Math.max(0, sd) });

/** Per-item scale from where terms were measured to where they are used (concurrency, agents sharing). */
export function scaleFactor(
  from: TimeTerms['at'],
  to: { concurrency: number; agents: number; shared: boolean },
): number {
  const g = (p: number) => SERIAL_FRACTION + (1 - SERIAL_FRACTION) / Math.max(1, p);
  const h = (n: number, shared: boolean) => (shared ? 1 + SHARED_CONTENTION * (Math.max(1, n) - 1) : 1);
  return (g(to.concurrency) / g(from.concurrency)) * (h(to.agents, to.shared) / h(from.agents, from.shared));
}

export interface StageCounts {
  levels: number;
  dirs: number;
  files: number;
  bytes: number;
}

/**
 * Terms from one agent's prepare stage. `stageWallS` is the controller's wall time of the stage (start to the
 * stage summary), so the fixed cost includes what the agent cannot see. Tree: level seconds fit on
 * [1, dirs] (drain + per directory). Files: the completion curve past its first fifth (start-up) fit on
 * [1, files] — the slope is the per-file cost. Fixed: what is left of the stage.
 */
export function termsFromTiming(
  t: PrepareTiming,
  ctx: { agents: number; shared: boolean; stageWallS?: number },
  prior: TimeTerms = PRIOR_TERMS,
): TimeTerms {
  const dirsAll = t.levels.reduce((s, [d]) => s + d, 0);
  const treeS = t.levels.reduce((s, [, x]) => s + x, 0);
  let levelS = prior.levelS;
  let dirS = prior.dirS;
  if (t.levels.length >= 2) {
    const f = fitLinear(
      t.levels.map(([d]) => [1, d]),
      t.levels.map(([, s]) => s),
    );
    if (f.coefs[0] && f.coefs[1] && f.coefs[1].value > 0) {
      // two levels fit two terms exactly: no residual to judge them by, so ±20 % rather than ±0
      const floor = f.n > 2 ? 0 : 0.2;
      levelS = term(f.coefs[0].value, Math.max(f.coefs[0].sd, floor * Math.abs(f.coefs[0].value)));
      dirS = term(f.coefs[1].value, Math.max(f.coefs[1].sd, floor * f.coefs[1].value));
    }
  }
  if (dirS === prior.dirS && dirsAll > 0) {
    // one level (or a fit that makes no sense): all of it per directory, ±20 %
    levelS = term(0, prior.levelS.sd);
    dirS = term(treeS / dirsAll, (0.2 * treeS) / dirsAll);
  }
  let fileS = prior.fileS;
  if (t.files > 0 && t.filesS > 0) {
    // A slope needs a steady state: many more batches than the pool runs at once. With few batches they
    // all start together and finish in a burst, and only the average over the phase means anything.
    const steady = t.files / FILE_BATCH >= STEADY_BATCHES_PER_WORKER * Math.max(1, t.concurrency);
    const pts = steady ? t.curve.filter(([, n]) => n >= 0.2 * t.files) : [];
    const f =
      pts.length >= 3
        ? fitLinear(
            pts.map(([, n]) => [1, n]),
            pts.map(([s]) => s),
          )
        : undefined;
    const slope = f?.coefs[1];
    // Without a steady part: the time to the first completed batch is start-up (a fixed cost of the phase,
    // seconds on a busy machine whatever the size), the rest of the phase is per file.
    const [t1, n1] = t.curve[0] ?? [0, 0];
    const rest = t.files - n1;
    const afterFirst = rest > 0 && t.filesS > t1 ? (t.filesS - t1) / rest : t.filesS / t.files;
    fileS = slope && slope.value > 0 ? term(slope.value, slope.sd) : term(afterFirst, 0.3 * afterFirst);
    // a phase of a few scheduler slices says little: at least JITTER_S of its time is uncertain
    fileS = { v: fileS.v, sd: Math.max(fileS.sd, (fileS.v * JITTER_S) / t.filesS) };
  }
  if (dirsAll > 0 && treeS > 0) dirS = { v: dirS.v, sd: Math.max(dirS.sd, (dirS.v * JITTER_S) / treeS) };
  const wall = Math.max(ctx.stageWallS ?? 0, t.wallS);
  const explained = t.levels.length * levelS.v + dirsAll * dirS.v + t.files * fileS.v;
  const fixedSd = Math.hypot(t.levels.length * levelS.sd, dirsAll * dirS.sd, t.files * fileS.sd);
  return {
    fixedS: term(wall - explained, fixedSd),
    levelS,
    dirS,
    fileS,
    byteS: prior.byteS,
    at: {
      concurrency: t.concurrency,
      agents: ctx.agents,
      shared: ctx.shared,
      meanSize: t.files ? t.bytes / t.files : 0,
    },
  };
}

/**
 * Terms from stage-level samples of several runs (history): wall seconds on [1, levels, dirs, files, bytes].
 * Exact when the samples are exact and span every column; a column the samples cannot separate keeps the
 * prior. Per-item terms are first brought to `at` with scaleFactor.
 */
export function termsFromStages(
  samples: (StageCounts & { wallS: number; at: TimeTerms['at'] })[],
  at: TimeTerms['at'],
  prior: TimeTerms = PRIOR_TERMS,
): TimeTerms {
  const rows = samples.map((s) => {
    const k = 1 / scaleFactor(s.at, at);
    return [1, s.levels, s.dirs * k, s.files * k, s.bytes * k];
  });
  const f = fitLinear(
    rows,
    samples.map((s) => s.wallS),
  );
  const pick = (i: number, p: Term): Term => {
    const c = f.coefs[i];
    return c ? term(c.value, c.sd) : p;
  };
  return {
    fixedS: pick(0, prior.fixedS),
    levelS: pick(1, prior.levelS),
    dirS: pick(2, prior.dirS),
    fileS: pick(3, prior.fileS),
    byteS: pick(4, prior.byteS),
    at: { ...at, meanSize: 0 },
  };
}

/**
 * Two measurements of one cost combined by their relative uncertainty, in log space (costs are positive and
 * their errors multiplicative: a 0.05 s phase can be off by ×2, not by ±0.05 s).
 */
export function combineTerm(a: Term, b: Term): Term {
  if (!(a.v > 0) || !(a.sd > 0)) return a.v > 0 ? a : b;
  if (!(b.v > 0) || !(b.sd > 0)) return b;
  const ra = a.sd / a.v;
  const rb = b.sd / b.v;
  const wa = 1 / (ra * ra);
  const wb = 1 / (rb * rb);
  const v = Math.exp((Math.log(a.v) * wa + Math.log(b.v) * wb) / (wa + wb));
  return { v, sd: v * Math.sqrt(1 / (wa + wb)) };
}

/**
 * A run's terms with a probe's (same agents, same moment): the per-item costs are combined by their
 * uncertainty, so a step too short to say much (a SIMPLE of 0.05 s) leans on the probe's 4,096 files, and a
 * long step outweighs the probe. The fixed cost stays the run's (the probe has no stage around it).
 */
export function withProbe(run: TimeTerms, probe: TimeTerms): TimeTerms {
  const k = scaleFactor(probe.at, run.at); // probe per-item costs where the run measured
  const scaled = (t: Term): Term => ({ v: t.v * k, sd: t.sd * k });
  return {
    ...run,
    dirS: combineTerm(run.dirS, scaled(probe.dirS)),
    fileS: combineTerm(run.fileS, scaled(probe.fileS)),
  };
}

export interface Predicted {
  seconds: number;
  lo: number;
  hi: number;
}

/** A point and a 90 % range from a standard deviation: log-symmetric, so the low end stays positive. */
export function withRange(seconds: number, sd: number, noise = DEFAULT_NOISE): Predicted {
  if (!(seconds > 0)) return { seconds: 0, lo: 0, hi: 0 };
  // past ±150 % (a factor of 12 either way) a range says only "unknown"; keep it finite and readable
  const rel = Math.min(MAX_REL_SD, Math.hypot(sd / seconds, noise));
  const f = Math.exp(Z90 * rel);
  return { seconds, lo: seconds / f, hi: seconds * f };
}

export interface TimePrediction {
  tree: Predicted;
  prepare: Predicted;
}

/**
 * One agent's tree and prepare time for its share: T = F + L·a + D·m·k + N·c·k + (B − N·s₀)·b·k, k the
 * concurrency/sharing scale. Tree is L·a + D·m·k (no fixed cost: the tree starts right away).
 */
export function predictAgent(
  terms: TimeTerms,
  counts: StageCounts,
  to: { concurrency: number; agents: number; shared: boolean },
  noise = DEFAULT_NOISE,
): TimePrediction {
  const k = scaleFactor(terms.at, to);
  const { levels: l, dirs: d, files: n, bytes: b } = counts;
  const extraBytes = terms.at.meanSize > 0 ? b - n * terms.at.meanSize : b;
  const treeS = l * terms.levelS.v + d * terms.dirS.v * k;
  const treeSd = Math.hypot(l * terms.levelS.sd, d * terms.dirS.sd * k);
  // bytes beyond the measured size: a smaller mean size cannot make a create cheaper than its metadata part
  const byteS = Math.max(-n * terms.fileS.v * k * 0.9, extraBytes * terms.byteS.v * k);
  const filesS = n * terms.fileS.v * k + byteS;
  const filesSd = Math.hypot(n * terms.fileS.sd * k, Math.abs(extraBytes) * terms.byteS.sd * k);
  const fixed = n + d > 0 ? terms.fixedS : { v: 0, sd: 0 };
  const prepS = fixed.v + treeS + filesS;
  return {
    tree: withRange(treeS, treeSd, noise),
    prepare: withRange(prepS, Math.hypot(fixed.sd, treeSd, filesSd), noise),
  };
}
