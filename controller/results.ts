// The results folder of a run: `summary.json`, `NN_<stage>_results.tsv` per stage (sai3's tsv_export columns),
// `perf_log.tsv` every second (sai3's 30 perf-log columns; aggregate rows as agent `all`, then one row per agent,
// also split into `agents/<id>/perf_log.tsv` like sai3), `console_log.txt` and `events.ndjson` (every event, what
// `iobench attach` reads). Files are appended synchronously: a crash still leaves every line written so far.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatEventLine, type RunEvents, type StatsRow } from './events';
import type { TsvRow } from './summary';
import { toJson } from './json';

export { toJson };

export const PERF_LOG_COLUMNS = [
  'agent_id',
  'timestamp_epoch_ms',
  'elapsed_s',
  'stage',
  'get_ops',
  'get_bytes',
  'get_iops',
  'get_mbps',
  'get_mean_us',
  'get_p50_us',
  'get_p90_us',
  'get_p99_us',
  'put_ops',
  'put_bytes',
  'put_iops',
  'put_mbps',
  'put_mean_us',
  'put_p50_us',
  'put_p90_us',
  'put_p99_us',
  'meta_ops',
  'meta_iops',
  'meta_mean_us',
  'meta_p50_us',
  'meta_p90_us',
  'meta_p99_us',
  'cpu_user_pct',
  'cpu_system_pct',
  'cpu_iowait_pct',
  'errors',
] as const;

export const STAGE_TSV_COLUMNS = [
  'operation',
  'size_bucket',
  'bucket_idx',
  'mean_us',
  'p50_us',
  'p90_us',
  'p95_us',
  'p99_us',
  'max_us',
  'avg_bytes',
  'ops_per_sec',
  'throughput_mibps',
  'count',
] as const;

const f = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : '');
const int = (x: number) => (Number.isFinite(x) ? String(Math.round(x)) : '');

/** One perf-log line (no newline). */
export function perfLogLine(
  agentId: string,
  epochMs: number,
  elapsedS: number,
  stage: string,
  r: StatsRow,
): string {
  const cpu = r.cpu ?? { user: 0, system: 0, iowait: 0, total: 0 };
  return [
    agentId,
    String(Math.round(epochMs)),
    f(elapsedS, 3),
    stage,
    int(r.get.ops),
    int(r.get.bytes),
    f(r.get.opsPerSec, 1),
    f(r.get.mibPerSec, 2),
    int(r.get.meanUs),
    int(r.get.p50Us),
    int(r.get.p90Us),
    int(r.get.p99Us),
    int(r.put.ops),
    int(r.put.bytes),
    f(r.put.opsPerSec, 1),
    f(r.put.mibPerSec, 2),
    int(r.put.meanUs),
    int(r.put.p50Us),
    int(r.put.p90Us),
    int(r.put.p99Us),
    int(r.meta.ops),
    f(r.meta.opsPerSec, 1),
    int(r.meta.meanUs),
    int(r.meta.p50Us),
    int(r.meta.p90Us),
    int(r.meta.p99Us),
    f(cpu.user, 1),
    f(cpu.system, 1),
    f(cpu.iowait, 1),
    '0',
  ].join('\t');
}

/** A stage TSV: header and rows, sai3's number formats. */
export function stageTsv(rows: TsvRow[]): string {
  const lines = [STAGE_TSV_COLUMNS.join('\t')];
  for (const r of rows)
    lines.push(
      [
        r.operation,
        r.sizeBucket,
        String(r.bucketIdx),
        f(r.meanUs, 2),
        f(r.p50Us, 2),
        f(r.p90Us, 2),
        f(r.p95Us, 2),
        f(r.p99Us, 2),
        f(r.maxUs, 2),
        f(r.avgBytes, 0),
        f(r.opsPerSec, 2),
        f(r.throughputMibps, 2),
        String(r.count),
      ].join('\t'),
    );
  return lines.join('\n') + '\n';
}

/** `01_validation_results.tsv`: NN = stage position + 1, the name reduced to file-safe characters. */
export function stageFileName(index: number, name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '') || 'stage';
  return `${String(index + 1).padStart(2, '0')}_${safe}_results.tsv`;
}

export class ResultsWriter {
  private readonly written = new Set<string>();
  private perfHeaderDone = new Set<string>();

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  private path(name: string): string {
    this.written.add(name);
    return join(this.dir, name);
  }

  event<K extends keyof RunEvents>(name: K, data: RunEvents[K]): void {
    appendFileSync(this.path('events.ndjson'), `${formatEventLine(name, data, Date.now())}\n`);
  }

  consoleLine(line: string, epochMs = Date.now()): void {
    appendFileSync(this.path('console_log.txt'), `[${Math.floor(epochMs / 1000)}] ${line}\n`);
  }

  private appendPerf(name: string, line: string): void {
    if (!this.perfHeaderDone.has(name)) {
      mkdirSync(join(this.dir, name, '..'), { recursive: true });
      appendFileSync(this.path(name), `${PERF_LOG_COLUMNS.join('\t')}\n`);
      this.perfHeaderDone.add(name);
    }
    appendFileSync(this.path(name), `${line}\n`);
  }

  perf(e: RunEvents['live-stats'], epochMs = Date.now()): void {
    // warmup rows keep sai3's 30 columns; the stage column says so (sai3 dropped its is_warmup column)
    const stage = e.warmup ? `${e.stage.name} (warmup)` : e.stage.name;
    this.appendPerf('perf_log.tsv', perfLogLine('all', epochMs, e.t, stage, e.total));
    for (const a of e.agents) {
      const line = perfLogLine(a.id, epochMs, e.t, stage, a);
      this.appendPerf('perf_log.tsv', line);
      this.appendPerf(join('agents', a.id.replace(/[^A-Za-z0-9._-]+/g, '_'), 'perf_log.tsv'), line);
    }
  }

  stage(index: number, name: string, rows: TsvRow[]): string {
    const file = stageFileName(index, name);
    writeFileSync(this.path(file), stageTsv(rows));
    return file;
  }

  json(name: string, value: unknown): string {
    writeFileSync(this.path(name), `${toJson(value, 2)}\n`);
    return name;
  }

  files(): string[] {
    return [...this.written].sort();
  }
}
