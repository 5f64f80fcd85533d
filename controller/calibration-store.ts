// Where calibrations live on disk: `calibration-history.jsonl` in the results root (one line per finished run
// or pre-flight, appended), and `calibration.json` in each run folder. `loadCalibrationSource` takes what a
// user passes to `--calibration` — a calibration file, a history file, a run folder, a ladder folder or a
// results root — and turns it into time terms for the config's agents, saying where they come from.
import { appendFileSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  chooseFromHistory,
  mapCalibration,
  parseCalibration,
  parseHistory,
  HISTORY_FILE,
  type Calibration,
  type HistoryEntry,
  type HistoryWant,
  type TimeModelInput,
} from '../core/estimate';

export function readHistory(root: string): HistoryEntry[] {
  const file = join(root, HISTORY_FILE);
  if (!existsSync(file)) return [];
  try {
    return parseHistory(readFileSync(file, 'utf8')).entries;
  } catch {
    return []; // unreadable history: estimates fall back to the default model, never fail
  }
}

/** Appends one entry (one line, O_APPEND: concurrent runs on one root interleave whole lines). */
export function appendHistory(root: string, entry: HistoryEntry): string | undefined {
  try {
    const file = join(root, HISTORY_FILE);
    appendFileSync(file, `${JSON.stringify(entry)}\n`);
    return file;
  } catch {
    return undefined;
  }
}

export interface CalibrationSource {
  /** for estimate(): legacy rates per config agent (rate model) */
  calibration?: Calibration;
  /** for estimate(): fitted terms per config agent */
  timeModel?: TimeModelInput;
  /** what was read and how it was mapped, for people */
  note: string;
}

function fromCalibration(cal: Calibration, agents: string[], what: string): CalibrationSource {
  const m = mapCalibration(cal, agents);
  const rates: Calibration['agents'] = {};
  const terms: TimeModelInput['agents'] = {};
  for (const [id, x] of Object.entries(m.agents)) {
    rates[id] = x.rates;
    if (x.terms) terms[id] = x.terms;
  }
  const by = cal.source === 'preflight' ? 'pre-flight' : cal.source === 'run' ? 'a run' : 'a calibration';
  const source = `rates: measured by ${by} (${what})${m.note ? `; ${m.note}` : ''}`;
  return {
    calibration: { ...cal, agents: rates, terms },
    ...(Object.keys(terms).length ? { timeModel: { agents: terms, source } } : {}),
    note: source,
  };
}

function fromHistory(entries: HistoryEntry[], want: HistoryWant, what: string): CalibrationSource {
  let c = chooseFromHistory(entries, want);
  let elsewhere = '';
  if (!c && entries.length) {
    // nothing on this target: the newest other target is still better than the default model
    const other = entries[entries.length - 1].target;
    c = chooseFromHistory(entries, { ...want, target: other });
    elsewhere = ` on another storage target (${other})`;
  }
  if (!c) return { note: `no measurements in ${what}; default model` };
  const source = c.source + elsewhere;
  return { timeModel: { agents: c.terms, source, noise: c.noise }, note: `${source} (${what})` };
}

/** The newest `calibration.json` under a run folder or a ladder folder (steps `1-SIMPLE`, `2-MEDIUM`, …). */
function newestCalibrationIn(dir: string): string | undefined {
  const direct = join(dir, 'calibration.json');
  if (existsSync(direct)) return direct;
  const steps = readdirSync(dir)
    .filter((d) => /^\d+-/.test(d) && existsSync(join(dir, d, 'calibration.json')))
    .sort((a, b) => parseInt(b, 10) - parseInt(a, 10));
  return steps[0] ? join(dir, steps[0], 'calibration.json') : undefined;
}

/**
 * `--calibration PATH` for a config with agents `want.agents`: a history (file or a folder holding one), or a
 * calibration file (or a run/ladder folder holding one). Throws with what to do when nothing usable is there.
 */
export function loadCalibrationSource(path: string, want: HistoryWant): CalibrationSource {
  const st = statSync(path);
  if (st.isDirectory()) {
    const cal = newestCalibrationIn(path);
    if (cal) return loadCalibrationSource(cal, want);
    if (existsSync(join(path, HISTORY_FILE))) return fromHistory(readHistory(path), want, path);
    throw new Error(
      `no calibration.json or ${HISTORY_FILE} in this folder; pass a run's results folder or a calibration file`,
    );
  }
  const text = readFileSync(path, 'utf8');
  if (path.endsWith('.jsonl')) return fromHistory(parseHistory(text).entries, want, path);
  const r = parseCalibration(text);
  if (!r.ok) throw new Error(r.error);
  return fromCalibration(r.value, want.agents, path);
}
