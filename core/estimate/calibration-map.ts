// Calibration measured on one set of agents, used for a config with another: ids that match map directly
// (unmatched config agents keep the defaults); with no id in common, the same number of agents maps by position (agent-1 → the config's first agent); otherwise every config agent
// gets the average of what was measured, scaled to its agent count. Always says what it did.
import type { Calibration, RateModel } from './rates';
import { PRIOR_TERMS, type Term, type TimeTerms } from './time-model';

export interface MappedCalibration {
  /** per config agent id: measured rates (legacy) and time terms, when the calibration had them */
  agents: Record<string, { rates: Partial<RateModel>; terms?: TimeTerms }>;
  /** empty when the ids matched; otherwise how the measured agents were mapped */
  note: string;
}

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

function parseTerm(x: unknown): Term | undefined {
  if (typeof x !== 'object' || x === null) return undefined;
  const o = x as Record<string, unknown>;
  return isNum(o.v) && isNum(o.sd) && o.v >= 0 && o.sd >= 0 ? { v: o.v, sd: o.sd } : undefined;
}

/** Validates time terms found in a calibration file; undefined when absent or malformed (then rates are used). */
export function parseTerms(x: unknown): TimeTerms | undefined {
  if (typeof x !== 'object' || x === null) return undefined;
  const o = x as Record<string, unknown>;
  const keys = ['fixedS', 'levelS', 'dirS', 'fileS', 'byteS'] as const;
  const t: Partial<Record<(typeof keys)[number], Term>> = {};
  for (const k of keys) {
    const v = parseTerm(o[k]);
    if (!v) return undefined;
    t[k] = v;
  }
  const at = o.at as Record<string, unknown> | undefined;
  if (!at || !isNum(at.concurrency) || !isNum(at.agents) || !isNum(at.meanSize)) return undefined;
  return {
    ...(t as Omit<TimeTerms, 'at'>),
    at: {
      concurrency: Math.max(1, at.concurrency),
      agents: Math.max(1, at.agents),
      shared: at.shared === true,
      meanSize: Math.max(0, at.meanSize),
    },
  };
}

const byIndex = (a: string, b: string) => {
  const n = (s: string) => Number(/(\d+)$/.exec(s)?.[1] ?? NaN);
  const [x, y] = [n(a), n(b)];
  return Number.isNaN(x) || Number.isNaN(y) || x === y ? a.localeCompare(b) : x - y;
};

function meanTerm(ts: Term[]): Term {
  const v = ts.reduce((s, t) => s + t.v, 0) / ts.length;
  // the spread between agents is part of the uncertainty
  const spread = Math.sqrt(ts.reduce((s, t) => s + (t.v - v) ** 2, 0) / ts.length);
  const sd = Math.sqrt(ts.reduce((s, t) => s + t.sd * t.sd, 0) / ts.length);
  return { v, sd: Math.hypot(sd, spread) };
}

/** The average agent of a set of measured terms (same concurrency and agent count: one run). */
export function meanTerms(ts: TimeTerms[]): TimeTerms {
  const pick = (k: 'fixedS' | 'levelS' | 'dirS' | 'fileS' | 'byteS') => meanTerm(ts.map((t) => t[k]));
  return {
    fixedS: pick('fixedS'),
    levelS: pick('levelS'),
    dirS: pick('dirS'),
    fileS: pick('fileS'),
    byteS: pick('byteS'),
    at: { ...(ts[0]?.at ?? PRIOR_TERMS.at), meanSize: ts.reduce((s, t) => s + t.at.meanSize, 0) / ts.length },
  };
}

function meanRates(rs: Partial<RateModel>[]): Partial<RateModel> {
  const out: Partial<RateModel> = {};
  for (const k of ['mkdirPerSec', 'createsPerSec', 'bytesPerSec'] as const) {
    const xs = rs.map((r) => r[k]).filter(isNum);
    if (xs.length) out[k] = xs.reduce((s, x) => s + x, 0) / xs.length;
  }
  return out;
}

/** Maps a calibration's agents onto the config's agent ids (in the config's order). */
export function mapCalibration(cal: Calibration, configIds: string[]): MappedCalibration {
  const measured = Object.keys(cal.agents).sort(byIndex);
  const entry = (id: string) => ({
    rates: { ...cal.agents[id] } as Partial<RateModel>,
    ...(cal.terms?.[id] ? { terms: cal.terms[id] } : {}),
  });
  for (const k of Object.keys(cal.terms ?? {})) if (!measured.includes(k)) measured.push(k);
  const agents: MappedCalibration['agents'] = {};
  if (!measured.length) return { agents, note: '' };
  if (configIds.some((id) => measured.includes(id))) {
    // names match (all or some): measured agents keep their numbers, the others keep their defaults
    for (const id of configIds) if (measured.includes(id)) agents[id] = entry(id);
    return { agents, note: '' };
  }
  if (measured.length === configIds.length) {
    configIds.forEach((id, i) => (agents[id] = entry(measured[i])));
    const pairs = configIds.map((id, i) => `${measured[i]} → ${id}`).join(', ');
    return { agents, note: `measured agents mapped by position: ${pairs}` };
  }
  const all = measured.map(entry);
  const terms = all.flatMap((e) => (e.terms ? [e.terms] : []));
  const avg = {
    rates: meanRates(all.map((e) => e.rates)),
    ...(terms.length ? { terms: meanTerms(terms) } : {}),
  };
  for (const id of configIds) agents[id] = avg;
  return {
    agents,
    note: `measured on ${measured.length} agent${measured.length === 1 ? '' : 's'} (${measured.join(', ')}), applied to ${configIds.join(', ')} as their average${terms.length ? `, scaled from ${measured.length} to ${configIds.length} agent${configIds.length === 1 ? '' : 's'}` : ''}`,
  };
}
