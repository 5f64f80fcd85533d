// `iobench compare RUN_DIR… [--json] [--threshold 10]`: the runs' stages and op classes side by side with the
// change against the first run (controller/compare). Exit 0 without regressions, 1 with one (a CI gate), 2 on
// usage errors: fewer than two runs, a folder without summary.json, runs of different stages, a bad threshold.
import type { Command } from 'commander';
import {
  DEFAULT_THRESHOLD_PCT,
  compareRuns,
  formatLatency,
  loadRunFolders,
  toJson,
  type CompareMetric,
  type CompareResult,
  type CompareRow,
} from '../../controller';
import { table } from '../format';
import { exitWith } from '../command-kit';

export interface CompareOptions {
  json?: boolean;
  threshold?: string;
}

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}
const stdio: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

const METRIC_LABEL: Record<CompareMetric, string> = {
  opsPerSec: 'ops/s',
  mibPerSec: 'MiB/s',
  p50Us: 'p50',
  p95Us: 'p95',
  p99Us: 'p99',
};

function value(metric: CompareMetric, v: number | null): string {
  if (v === null) return '-';
  if (metric === 'opsPerSec') return Math.round(v).toLocaleString('en-US');
  if (metric === 'mibPerSec') return v.toFixed(1);
  return formatLatency(v);
}

function change(r: CompareRow, i: number): string {
  const p = r.changePct[i];
  if (p === null) return 'n/a';
  const pct = `${p > 0 ? '+' : ''}${p.toFixed(1)}%`;
  const v = r.verdicts[i];
  return v === 'regression' ? `${pct} REGRESSION` : v === 'improvement' ? `${pct} improved` : pct;
}

/** The terminal rendering: a legend of the runs, one table row per stage, op class and metric. */
export function compareText(res: CompareResult): string {
  const lines = res.runs.map(
    (r, i) => `#${i + 1}${i === 0 ? ' (baseline)' : ''}: ${r.label}${r.ok === false ? '  [run failed]' : ''}`,
  );
  const head = ['stage', 'op', 'metric', '#1'];
  for (let i = 1; i < res.runs.length; i++) head.push(`#${i + 1}`, `Δ#${i + 1}`);
  const rows = [head];
  for (const r of res.rows) {
    const row = [
      `${r.stage.index + 1} ${r.stage.name}`,
      r.op,
      METRIC_LABEL[r.metric],
      value(r.metric, r.values[0]),
    ];
    for (let i = 1; i < r.values.length; i++) row.push(value(r.metric, r.values[i]), change(r, i));
    rows.push(row);
  }
  lines.push('', res.rows.length ? table(rows, [0, 1, 2]) : '(no stage did any operations)', '');
  const n = (k: number, w: string) => `${k} ${w}${k === 1 ? '' : 's'}`;
  lines.push(
    `${n(res.regressions, 'regression')}, ${n(res.improvements, 'improvement')} beyond ±${res.thresholdPct}% ` +
      `against #1`,
  );
  return `${lines.join('\n')}\n`;
}

export function compareCommand(dirs: string[], o: CompareOptions, io: Io = stdio): number {
  const usage = (m: string) => (io.err(`iobench compare: ${m}\n`), 2);
  const thresholdText = o.threshold ?? String(DEFAULT_THRESHOLD_PCT);
  const threshold = Number(thresholdText);
  if (!/^\d+(\.\d+)?$/.test(thresholdText.trim()) || !Number.isFinite(threshold))
    return usage(`--threshold: expected a percentage ≥ 0 such as 10, got '${thresholdText}'`);
  const loaded = loadRunFolders(dirs);
  if (!loaded.ok) return usage(loaded.error);
  if (loaded.runs.length < 2)
    return usage(
      `need at least two runs, got ${loaded.runs.length} (${dirs.join(', ')}); ` +
        'give two or more results folders, or a ladder folder with two or more finished steps',
    );
  const c = compareRuns(loaded.runs, threshold);
  if (!c.ok) return usage(c.error);
  io.out(o.json ? `${toJson(c.result, 2)}\n` : compareText(c.result));
  return c.result.regressions > 0 ? 1 : 0;
}

export function register(program: Command): void {
  program
    .command('compare')
    .description('compare runs side by side; exit 1 when a change beyond the threshold is a regression')
    .argument('<dirs...>', 'results folders (the first is the baseline); a ladder folder adds each step')
    .option('--json', 'print the comparison as one JSON object')
    .option('--threshold <percent>', 'changes beyond this are a regression or an improvement', '10')
    .action(async (dirs: string[], o: CompareOptions) => {
      await exitWith(compareCommand(dirs, o));
    });
}
