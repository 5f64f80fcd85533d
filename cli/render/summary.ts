// The final table of a run: per stage and op class, ops, ops/s, MiB/s and p50/p95/p99 (merged-histogram
// percentiles when every agent sent histograms, otherwise marked `~` = op-weighted); per agent with -v.
import { formatLatency, type ClassStats, type RunEvents } from '../../controller';

type Summary = RunEvents['stage-summary'];
type Cls = 'get' | 'put' | 'meta';
const NAMES: Record<Cls, string> = { get: 'GET', put: 'PUT', meta: 'META' };

const num = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '-');
const mib = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '-');

function table(rows: string[][], left: number[]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const fmt = (r: string[]) =>
    r
      .map((cell, c) => (left.includes(c) ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('  ')
      .trimEnd();
  return [fmt(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(fmt)].join('\n');
}

function row(
  stage: string,
  who: string,
  cls: string,
  c: ClassStats,
  approx: boolean,
  bytes: boolean,
): string[] {
  const lat = (us: number) => (approx ? '~' : '') + formatLatency(us);
  return [
    stage,
    who,
    cls,
    num(c.ops),
    num(c.opsPerSec),
    bytes ? mib(c.mibPerSec) : '',
    lat(c.p50Us),
    lat(c.p95Us),
    lat(c.p99Us),
  ];
}

export function summaryTable(stages: Summary[], verbose = false): string {
  const rows = [['stage', 'agent', 'op', 'ops', 'ops/s', 'MiB/s', 'p50', 'p95', 'p99']];
  let approx = false;
  for (const s of stages) {
    const label = `${s.stage.index + 1} ${s.stage.name} (${s.wallSeconds.toFixed(1)} s)`;
    let any = false;
    for (const c of ['get', 'put', 'meta'] as Cls[]) {
      if (!s.total[c].ops) continue;
      any = true;
      const weighted = s.total.latency !== 'hdr';
      approx ||= weighted;
      rows.push(row(label, 'all', NAMES[c], s.total[c], weighted, c !== 'meta'));
      if (verbose)
        for (const a of s.agents) if (a[c].ops) rows.push(row('', a.id, NAMES[c], a[c], false, c !== 'meta'));
    }
    if (!any) rows.push([label, 'all', '-', '0', '', '', '', '', '']);
  }
  const note = approx
    ? '\n~ = op-weighted average of the agents’ percentiles (no histograms from every agent)'
    : '';
  return table(rows, [0, 1, 2]) + note;
}
