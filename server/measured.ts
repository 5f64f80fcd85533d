// What runs measured on this workspace's storage, for the editor's estimates: the calibration history that
// `iobench run` appends in the results root (`<workspace folder>/iobench-results`, or IOBENCH_RESULTS_DIR),
// chosen as `iobench estimate` chooses it (same target, most similar agents, newest). Re-read when the file
// changes (stat per analysis); an unreadable history is no history.
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import {
  HISTORY_FILE,
  chooseFromHistory,
  estimate,
  parseHistory,
  targetOf,
  type HistoryEntry,
  type TimeModelInput,
} from '../core/estimate';
import type { BenchModel } from '../core/model';

export class MeasuredRates {
  private files: string[] = [];
  private readonly cache = new Map<string, { mtimeMs: number; entries: HistoryEntry[] }>();

  /** The workspace folders (file system paths); the results root is resolved in each. */
  setRoots(dirs: string[]): void {
    const env = process.env.IOBENCH_RESULTS_DIR;
    const roots = env && isAbsolute(env) ? [env] : dirs.map((d) => join(d, env || 'iobench-results'));
    this.files = roots.map((r) => join(r, HISTORY_FILE));
  }

  private entries(): HistoryEntry[] {
    const out: HistoryEntry[] = [];
    for (const f of this.files) {
      try {
        const { mtimeMs } = statSync(f);
        let hit = this.cache.get(f);
        if (!hit || hit.mtimeMs !== mtimeMs) {
          hit = { mtimeMs, entries: parseHistory(readFileSync(f, 'utf8')).entries };
          this.cache.set(f, hit);
        }
        out.push(...hit.entries);
      } catch {
        this.cache.delete(f);
      }
    }
    return out;
  }

  /** Fitted terms for `model` from the history, or undefined (nothing measured on its target). */
  timeModelFor(model: BenchModel): TimeModelInput | undefined {
    const entries = this.entries();
    if (!entries.length) return undefined;
    const agents = estimate(model).perAgent.map((a) => a.id);
    const c = chooseFromHistory(entries, {
      target: targetOf(model),
      agents,
      concurrency: model.concurrency,
    });
    return c && { agents: c.terms, source: c.source, noise: c.noise };
  }
}
