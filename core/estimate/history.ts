// The calibration history: every finished run (and pre-flight probe) appends its fitted terms, per storage
// target and agent set, to `calibration-history.jsonl` in the results root. Pure here: parsing the lines and
// choosing what an estimate should use — the same target only, the most similar agent set first (the same
// agents, then the same number, then any), runs before probes, newest first — and saying so.
import type { BenchModel } from '../model';
import { mapCalibration } from './calibration-map';
import { parseCalibration, type Calibration } from './rates';
import { DEFAULT_NOISE, type TimeTerms } from './time-model';

/** Lines read from the end of a history file (older ones are ignored; the file is append-only). */
export const HISTORY_MAX_ENTRIES = 500;
export const HISTORY_FILE = 'calibration-history.jsonl';

export interface HistoryEntry {
  v: 1;
  at: string; // ISO time
  target: string; // targetOf()
  agents: string[]; // agent ids, in plan order
  concurrency: number;
  shared: boolean;
  source: 'run' | 'preflight';
  step?: string;
  terms: Record<string, TimeTerms>;
  rates?: Calibration['agents'];
  /** the prepare stage: what was predicted before it ran and what it took (runs only) */
  prepare?: { predictedS?: number; lo?: number; hi?: number; measuredS: number };
}

/** The storage a run writes to: the local root for `--local` runs, else the prepare base URI (or target). */
export function targetOf(model: BenchModel, localRoot?: string): string {
  if (localRoot) return `local:${localRoot.replace(/\/+$/, '')}`;
  const base = model.prepare?.ensure[0]?.baseUri ?? model.target ?? model.endpoints[0] ?? '';
  return base.replace(/\/+$/, '');
}

/** Parses history lines; malformed lines are skipped and counted (an unlucky disk must not stop estimates). */
export function parseHistory(text: string): { entries: HistoryEntry[]; skipped: number } {
  const lines = text.split('\n').filter((l) => l.trim());
  const entries: HistoryEntry[] = [];
  let skipped = 0;
  for (const line of lines.slice(-HISTORY_MAX_ENTRIES)) {
    try {
      const o = JSON.parse(line) as HistoryEntry;
      const cal = parseCalibration({ version: 1, agents: o.rates ?? {}, terms: o.terms });
      if (
        o.v !== 1 ||
        typeof o.at !== 'string' ||
        typeof o.target !== 'string' ||
        !Array.isArray(o.agents) ||
        !cal.ok ||
        !cal.value.terms
      )
        throw new Error('bad entry');
      entries.push({ ...o, terms: cal.value.terms, shared: o.shared === true });
    } catch {
      skipped++;
    }
  }
  return { entries, skipped };
}

export interface HistoryWant {
  target: string;
  agents: string[];
  concurrency: number;
}

export interface HistoryChoice {
  entry: HistoryEntry;
  /** per config agent id */
  terms: Record<string, TimeTerms>;
  source: string;
  /** relative run-to-run noise learnt from this target's past prediction errors */
  noise: number;
}

const sameSet = (a: string[], b: string[]) =>
  a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

/** Similarity class: 0 = these agents, 1 = as many agents, 2 = other agents. */
function similarity(e: HistoryEntry, want: HistoryWant): number {
  if (sameSet(e.agents, want.agents)) return 0;
  return e.agents.length === want.agents.length ? 1 : 2;
}

/** Entries for the target, best first: most similar agents, runs before probes, same concurrency, newest. */
export function rankHistory(entries: HistoryEntry[], want: HistoryWant): HistoryEntry[] {
  return entries
    .filter((e) => e.target === want.target)
    .map((e, i) => ({ e, i }))
    .sort(
      (a, b) =>
        similarity(a.e, want) - similarity(b.e, want) ||
        (a.e.source === 'run' ? 0 : 1) - (b.e.source === 'run' ? 0 : 1) ||
        (a.e.concurrency === want.concurrency ? 0 : 1) - (b.e.concurrency === want.concurrency ? 0 : 1) ||
        b.e.at.localeCompare(a.e.at) ||
        b.i - a.i,
    )
    .map((x) => x.e);
}

/** Relative noise from past predictions on this target: RMS of ln(measured / predicted), at least 5 %. */
export function historyNoise(entries: HistoryEntry[], target: string): number {
  const errs = entries
    .filter((e) => e.target === target && e.prepare?.predictedS && e.prepare.measuredS > 0)
    .slice(-20)
    .map((e) => Math.log(e.prepare!.measuredS / e.prepare!.predictedS!));
  if (errs.length < 3) return DEFAULT_NOISE;
  const rms = Math.sqrt(errs.reduce((s, x) => s + x * x, 0) / errs.length);
  return Math.min(1, Math.max(0.05, rms));
}

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

/** What an estimate should use from the history, or undefined (nothing measured on this target). */
export function chooseFromHistory(entries: HistoryEntry[], want: HistoryWant): HistoryChoice | undefined {
  const best = rankHistory(entries, want)[0];
  if (!best) return undefined;
  const onTarget = entries.filter((e) => e.target === want.target);
  const newer = onTarget.filter((e) => e.source === 'run' && e.at > best.at).length;
  const mapped = mapCalibration(
    { version: 1, measuredAt: best.at, agents: best.rates ?? {}, terms: best.terms },
    want.agents,
  );
  const terms: Record<string, TimeTerms> = {};
  for (const [id, m] of Object.entries(mapped.agents)) if (m.terms) terms[id] = m.terms;
  const when =
    best.source === 'preflight'
      ? 'measured by pre-flight'
      : newer === 0
        ? 'measured by the last run'
        : `measured ${plural(newer + 1, 'run')} ago`;
  const who =
    similarity(best, want) === 0
      ? 'on these agents'
      : mapped.note.replace(/^measured /, '') ||
        `on ${plural(best.agents.length, 'agent')} (${best.agents.join(', ')})`;
  return {
    entry: best,
    terms,
    source: `rates: ${when}${best.step ? ` (${best.step})` : ''} ${who}`,
    noise: historyNoise(entries, want.target),
  };
}
