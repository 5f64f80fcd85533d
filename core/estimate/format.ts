// A predicted time with its range, in one unit for all three numbers: `4.2 s (3.6–5.0)`, `12 min (9–15)`.
import { formatSeconds } from '../units';

const UNITS: [number, string, number][] = [
  // [seconds per unit, name, use while the point is below this many seconds]
  [1, 's', 120],
  [60, 'min', 2 * 3600],
  [3600, 'h', 48 * 3600],
  [86_400, 'd', 730 * 86_400],
];

const num = (x: number) => (x < 10 ? x.toFixed(1) : String(Math.round(x)));

/**
 * `4.2 s (3.6–5.0)`: the range in the point's unit (chosen as formatSeconds would), so the three numbers
 * compare at a glance. Past two years the range is dropped (formatSeconds' words take over).
 */
export function formatPredicted(seconds: number, range?: readonly [number, number]): string {
  if (!Number.isFinite(seconds)) return '∞';
  const u = UNITS.find(([, , limit]) => seconds < limit);
  if (!u || !range || !(range[1] > 0)) return formatSeconds(seconds);
  const [per, name] = u;
  return `${num(seconds / per)} ${name} (${num(range[0] / per)}–${num(range[1] / per)})`;
}
/** How far a measurement is from its prediction: `+12 %` (slower than predicted) or `−8 %`. */
export function formatError(predicted: number, measured: number): string {
  if (!(predicted > 0)) return 'n/a';
  const pct = Math.round(((measured - predicted) / predicted) * 100);
  return `${pct > 0 ? '+' : pct < 0 ? '−' : '±'}${Math.abs(pct)} %`;
}
