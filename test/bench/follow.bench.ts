// Re-attach cost: replaying a long run's events.ndjson through followRun and the run-state reducer (what the
// editor does after a reload, what `iobench attach` does), beside the previous build's way of reading it
// (the whole file at once, split, JSON.parse per line) as the baseline. Figures: lines/s, MB/s, peak heap.
// Run: node scripts/bench.mjs follow   (BENCH_HOURS=N for the run's length, default 5 h of 4 agents)
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { followRun, formatEventLine, initialRunState, reduceRun, type StatsRow } from '../../controller';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const HOURS = Number(process.env.BENCH_HOURS ?? 5);
const AGENTS = 4;
const cls = (x: number) => ({
  ops: x,
  bytes: x * 4096,
  opsPerSec: x,
  mibPerSec: x / 256,
  meanUs: 800 + (x % 97),
  p50Us: 700,
  p90Us: 1500,
  p95Us: 2100,
  p99Us: 5200,
});
const row = (i: number): StatsRow => ({
  get: cls(1000 + (i % 50)),
  put: cls(100 + (i % 7)),
  meta: cls(50),
  cpu: { user: 30, system: 10, iowait: 1, total: 41 },
});

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'iobench-bench-follow-'));
  try {
    const agents = Array.from({ length: AGENTS }, (_, i) => ({
      id: `agent-${i + 1}`,
      index: i,
      address: `10.0.0.${i}:7167`,
    }));
    const stage = { index: 2, name: 'execute', type: 'execute' as const, durationMs: HOURS * 3600_000 };
    const parts: string[] = [
      formatEventLine('run-start', { runId: 'r', agents, stages: [stage], startedAt: '' }, 0),
      formatEventLine('stage-start', { stage, at: 0 }, 0),
    ];
    const seconds = HOURS * 3600;
    for (let s = 1; s <= seconds; s++)
      parts.push(
        formatEventLine(
          'live-stats',
          {
            t: s,
            stage,
            elapsedS: s,
            agents: agents.map((a) => ({ id: a.id, ...row(s + a.index) })),
            total: { ...row(s), latency: 'op-weighted' },
          },
          s * 1000,
        ),
      );
    parts.push(formatEventLine('completed', { ok: true, wallSeconds: seconds, stages: 1 }, seconds * 1000));
    const file = join(dir, 'events.ndjson');
    writeFileSync(file, `${parts.join('\n')}\n`);
    parts.length = 0;
    const mb = statSync(file).size / 1e6;
    const lines = seconds + 3;

    const measure = async (fn: () => Promise<number>) => {
      gc();
      const heap0 = process.memoryUsage().heapUsed;
      let peak = heap0;
      const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
      const t0 = process.hrtime.bigint();
      const n = await fn();
      const s = Number(process.hrtime.bigint() - t0) / 1e9;
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().heapUsed);
      return { n, s, peakMb: (peak - heap0) / 1e6 };
    };

    const base = await measure(async () => {
      let n = 0;
      for (const l of readFileSync(file, 'utf8').split('\n')) {
        if (!l) continue;
        JSON.parse(l);
        n++;
      }
      return n;
    });
    const ours = await measure(async () => {
      let st = initialRunState();
      let n = 0;
      for await (const e of followRun(dir)) {
        st = reduceRun(st, e);
        n++;
      }
      if (st.phase !== 'finished') throw new Error('replay did not finish');
      return n;
    });
    console.log(
      `replay of a ${HOURS} h run, ${AGENTS} agents: ${lines.toLocaleString()} lines, ${mb.toFixed(1)} MB`,
    );
    const fmt = (r: typeof base) =>
      `${(r.n / r.s).toLocaleString(undefined, { maximumFractionDigits: 0 })} lines/s · ${(mb / r.s).toFixed(1)} MB/s · ${r.s.toFixed(2)} s · peak heap +${r.peakMb.toFixed(0)} MB`;
    console.log(`  baseline (whole file, split, JSON.parse):   ${fmt(base)}`);
    console.log(`  followRun + parseEventLine + reduceRun:     ${fmt(ours)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
