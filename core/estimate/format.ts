// A predicted time with its range, in one unit for all three numbers: `4.2 s (3.6–5.0)`, `12 min (9–15)`.
import { formatSeconds } from '../units';

const UNITS: [number, string, number][] = [
  // [seconds per unit, name, use while the high end is below this many seconds]
  [1, 's', 120],
  [60, 'min', 2 * 3600],
  [3600, 'h', 48 * 3600],
  [86_400, 'd', 730 * 86_400],
];

const num = (x: number) => (x < 10 ? x.toFixed(1) : String(Math.round(x)));

/** `4.2 s (3.6–5.0)`; past two years the range is dropped (formatSeconds' words take over). */
export function formatPredicted(seconds: number, range?: readonly [number, number]): string {
  if (!Number.isFinite(seconds)) return '∞';
  if (!range || !(range[1] > 0))
    return seconds > 0 && seconds < 1 ? `${seconds.toFixed(1)} s` : formatSeconds(seconds);
  const hi = range[1];
  const u = UNITS.find(([, , limit]) => hi < limit);
  if (!u) return formatSeconds(seconds);
  const [per, name] = u;
  return `${num(seconds / per)} ${name} (${num(range[0] / per)}–${num(hi / per)})`;
}

/** How far a measurement is from its prediction: `+12 %` (slower than predicted) or `−8 %`. */
export function formatError(predicted: number, measured: number): string {
  if (!(predicted > 0)) return 'n/a';
  const pct = Math.round(((measured - predicted) / predicted) * 100);
  return `${pct > 0 ? '+' : pct < 0 ? '−' : '±'}${Math.abs(pct)} %`;
}
