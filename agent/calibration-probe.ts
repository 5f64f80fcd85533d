// The calibration probe of pre-flight: a small prepare, run by the prepare stage's own code (runPrepare) in a
// temporary folder inside the target (then removed) — a tree (8 × 8 directories, level by level), files of
// the config's size distribution (capped) and fill, created the way prepare creates them: through the
// worker pool at the config's concurrency, O_DIRECT for direct://, no fsync (the config has no fsync option
// and prepare never syncs). The time model's terms are fit from its timing, each with its uncertainty.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { termsFromTiming, type TimeTerms } from '../core/estimate/time-model';
import { ErrorType, ResultLevel, type ValidationResult } from '../proto';
import { AbortFlag } from './abort-flag';
import type { RunPlan } from './plan';
import { errText, r } from './preflight-result';
import { runPrepare } from './stages/prepare';
import { StageStats } from './stats';
import type { StorageBackend } from './storage/backend';

const PROBE_WIDTH = 8; // 8 + 64 directories in two levels: enough to separate the per-level and per-dir costs
const PROBE_LEAVES = PROBE_WIDTH * PROBE_WIDTH;
/** Files and bytes of the probe: enough batches to be past the workers' start-up, little enough to be quick. */
const PROBE_MAX_FILES = 4096;
const PROBE_MIN_FILES = 256;
const PROBE_MAX_BYTES = 64 << 20;
const PROBE_FILE_CAP = 16 << 20;

/** The probe's plan: the agent's own plan with a small tree in `dir`, every file this agent's. */
function probePlan(plan: RunPlan, dir: string): RunPlan {
  let sum = 0;
  for (let i = 0; i < 64; i++) sum += Math.min(plan.size(i), PROBE_FILE_CAP);
  const mean = Math.max(1, sum / 64);
  const files = Math.max(PROBE_MIN_FILES, Math.min(PROBE_MAX_FILES, Math.floor(PROBE_MAX_BYTES / mean)));
  const tree = {
    width: PROBE_WIDTH,
    depth: 2,
    filesPerDir: Math.ceil(files / PROBE_LEAVES),
    distribution: 'bottom' as const,
    dirMask: plan.tree?.dirMask ?? 'd%d_w%d.dir',
  };
  const prepare = plan.model.prepare;
  return {
    ...plan,
    bases: [dir],
    tree,
    totalFiles: tree.filesPerDir * PROBE_LEAVES,
    share: undefined,
    size: (i) => Math.min(plan.size(i), PROBE_FILE_CAP),
    model: {
      ...plan.model,
      prepare: prepare && { ...prepare, tree, skipVerification: false, forceOverwrite: false },
    },
  };
}

const pct = (t: { v: number; sd: number }) => (t.v > 0 ? Math.round((100 * t.sd) / t.v) : 0);

/** Runs the probe under `base`; an INFO result with the rates and terms (JSON details), or a WARNING. */
export async function calibrate(
  plan: RunPlan,
  base: string,
  backend: StorageBackend,
): Promise<ValidationResult> {
  const dir = path.join(base, `.iobench_calibration_${process.pid}_${Date.now()}`);
  try {
    fs.mkdirSync(dir);
    const p = probePlan(plan, dir);
    const stats = new StageStats(0, 'calibration', 'prepare');
    await runPrepare({ plan: p, backend, stats, abort: new AbortFlag() });
    const timing = stats.prepareTiming!;
    const terms: TimeTerms = termsFromTiming(timing, { agents: 1, shared: false });
    const details = {
      mkdirPerSec: Math.round(1 / Math.max(terms.dirS.v, 1e-9)),
      createsPerSec: Math.round(1 / Math.max(terms.fileS.v, 1e-9)),
      // bytes at the steady create rate (the files phase's start-up is in the fixed cost)
      bytesPerSec: Math.round(terms.at.meanSize / Math.max(terms.fileS.v, 1e-12)),
      terms,
    };
    const how = `tree ${PROBE_WIDTH}×${PROBE_WIDTH}, ${timing.files} files of ~${Math.round(terms.at.meanSize / 1024)} KiB, concurrency ${p.concurrency}, ${p.scheme === 'direct' ? 'O_DIRECT' : 'no fsync'}, like prepare`;
    return r(
      ResultLevel.INFO,
      'calibration',
      `Measured (${how}): ${details.mkdirPerSec} mkdir/s ±${pct(terms.dirS)} %, ${details.createsPerSec} creates/s ±${pct(terms.fileS)} %, ${(details.bytesPerSec / 1e6).toFixed(1)} MB/s`,
      'Estimates use these rates for this agent',
      ErrorType.UNKNOWN,
      JSON.stringify(details),
    );
  } catch (e) {
    return r(
      ResultLevel.WARNING,
      'calibration',
      `Calibration probe failed: ${errText(e)}`,
      'Estimates fall back to the default rates',
      ErrorType.SYSTEM,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
