// How fast an agent makes directories, creates files and writes bytes, and where the numbers come from.
// Pure: parseCalibration takes the JSON *value* (or text); reading the file is the caller's job.
import { parseTerms } from './calibration-map';
import type { TimeTerms } from './time-model';

export interface RateModel {
  mkdirPerSec: number; // directories per second, one at a time (sai3 mkdirs sequentially, §2.6)
  createsPerSec: number; // file creations per second with the agent's concurrency
  bytesPerSec: number; // write bandwidth per agent
}

/**
 * Conservative defaults for a network file system until pre-flight measures the real thing:
 * - createsPerSec 1,000: the rate sai3-bench's own large-scale analysis assumes (spec §7,
 *   LARGE_SCALE_TIMEOUT_ANALYSIS.md: CREATE 64,033 s for 64,032,768 files);
 * - bytesPerSec 500 MB/s: below the ~800 MB/s sai3's 20k×1 MB local file:// test expects (spec §7);
 * - mkdirPerSec 5,000: the rate behind DESIGN.md's and the language-server issue's worked example (the
 *   4-host FULL tree, 346,200 directories → "tree ≈ 69 s"), the same order as the seed's logs (331,776
 *   directories in ~90 s, progress every 5,000) — about 0.2 ms per metadata round trip.
 */
export const DEFAULT_RATES: Readonly<RateModel> = Object.freeze({
  mkdirPerSec: 5_000,
  createsPerSec: 1_000,
  bytesPerSec: 500_000_000,
});

/** Measured rates, written by pre-flight and by finished runs, keyed by agent id. */
export interface Calibration {
  version: 1;
  measuredAt: string;
  agents: Record<string, Partial<RateModel>>;
  /** the time model's terms per agent (docs/time-model.md); optional, older files have only rates */
  terms?: Record<string, TimeTerms>;
  /** what measured them: `run` (a finished prepare stage) or `preflight` (the calibration probe) */
  source?: 'run' | 'preflight';
}

export type CalibrationResult = { ok: true; value: Calibration } | { ok: false; error: string };

const RATE_KEYS = ['mkdirPerSec', 'createsPerSec', 'bytesPerSec'] as const;

/** Validates a calibration file's content (text or parsed JSON). Unknown keys are ignored. */
export function parseCalibration(json: unknown): CalibrationResult {
  let v = json;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch (e) {
      return { ok: false, error: `calibration is not JSON: ${(e as Error).message}` };
    }
  }
  const isMap = (x: unknown): x is Record<string, unknown> =>
    typeof x === 'object' && x !== null && !Array.isArray(x);
  if (!isMap(v)) return { ok: false, error: 'calibration must be a JSON object' };
  if (v.version !== 1)
    return { ok: false, error: `unsupported calibration version ${String(v.version)} (expected 1)` };
  if (!isMap(v.agents)) return { ok: false, error: 'calibration.agents must be an object keyed by agent id' };
  const agents: Record<string, Partial<RateModel>> = {};
  for (const [id, raw] of Object.entries(v.agents)) {
    if (!isMap(raw)) return { ok: false, error: `calibration.agents.${id} must be an object` };
    const rates: Partial<RateModel> = {};
    for (const k of RATE_KEYS) {
      const x = raw[k];
      if (x === undefined) continue;
      if (typeof x !== 'number' || !Number.isFinite(x) || x <= 0)
        return { ok: false, error: `calibration.agents.${id}.${k} must be a positive number` };
      rates[k] = x;
    }
    agents[id] = rates;
  }
  const terms: Record<string, TimeTerms> = {};
  if (isMap(v.terms))
    for (const [id, raw] of Object.entries(v.terms)) {
      const t = parseTerms(raw);
      if (!t) return { ok: false, error: `calibration.terms.${id} is not a valid set of time terms` };
      terms[id] = t;
    }
  const source = v.source === 'run' || v.source === 'preflight' ? v.source : undefined;
  return {
    ok: true,
    value: {
      version: 1,
      measuredAt: typeof v.measuredAt === 'string' ? v.measuredAt : '',
      agents,
      ...(Object.keys(terms).length ? { terms } : {}),
      ...(source ? { source } : {}),
    },
  };
}

/** Defaults, then caller overrides, then this agent's measured rates. */
export function ratesFor(agentId: string, base?: Partial<RateModel>, calibration?: Calibration): RateModel {
  return { ...DEFAULT_RATES, ...base, ...calibration?.agents[agentId] };
}
