// The controller at scale: CPU the controller process spends per second of wall time while 64 and 256 agents
// stream LiveStats at 1 Hz (target: under 5 % of one core), plus connect and pre-flight times. The agents are
// light fakes speaking the proto (test/integration/helpers/fake-agent.ts) in a child process, so the figure is
// the controller's alone: gRPC streams, aggregation, per-second events, terminal rendering into a null stream.
// Baseline beside it: the same run with 1 agent (the fixed cost of the per-second tick).
import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { RunEmitter, planRun, runSession } from '../../controller';
import { TerminalRenderer } from '../../cli/render/terminal';

const EXECUTE_S = Number(process.env.BENCH_SCALE_SECONDS ?? 10);
const TARGET = 5; // % of one core

interface Figure {
  agents: number;
  cpuPct: number;
  connectMs: number;
  preflightMs: number;
  liveEvents: number;
  ok: boolean;
}

async function measure(n: number): Promise<Figure> {
  const host = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/bench/fake-agents-host.ts', String(n), '1000'],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const addresses = await new Promise<string[]>((resolve, reject) => {
    let out = '';
    host.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.includes('\n')) resolve((JSON.parse(out.split('\n')[0]) as { addresses: string[] }).addresses);
    });
    host.once('exit', (c) => reject(new Error(`fake agents exited ${c}`)));
  });
  try {
    const cfg = {
      duration: `${EXECUTE_S}s`,
      concurrency: 4,
      target: 'file:///bench/data/',
      workload: [{ op: 'get', path: '*', weight: 100 }],
      distributed: { agents: addresses.map((address) => ({ address })) },
    };
    const plan = planRun(cfg);
    if (!plan.ok) throw new Error(JSON.stringify(plan.errors));
    const emitter = new RunEmitter();
    const sink = new Writable({ write: (_c, _e, cb) => cb() }) as unknown as NodeJS.WriteStream;
    const term = new TerminalRenderer({ out: sink, err: sink });
    emitter.onAny((name, data) => term.handle(name, data));
    const t0 = performance.now();
    let connected = 0;
    let connectMs = 0;
    let preflightMs = 0;
    let live = 0;
    let cpu0: NodeJS.CpuUsage | undefined;
    let w0 = 0;
    let cpu: NodeJS.CpuUsage | undefined;
    let w = 0;
    emitter.on('agent-connected', () => {
      if (++connected === n) connectMs = performance.now() - t0;
    });
    emitter.on('preflight-done', () => (preflightMs = performance.now() - t0 - connectMs));
    emitter.on('live-stats', (e) => {
      if (e.stage.type !== 'execute') return;
      live++;
      // measure whole seconds of the execute stage, after its first second (streams are open and warm)
      if (live === 2) {
        cpu0 = process.cpuUsage();
        w0 = performance.now();
      } else if (cpu0 && live <= EXECUTE_S - 1) {
        cpu = process.cpuUsage(cpu0);
        w = performance.now() - w0;
      }
    });
    const outcome = await runSession({ plan: plan.plan, emitter, preflight: true });
    term.close();
    const used = cpu ? (cpu.user + cpu.system) / 1000 : NaN;
    return { agents: n, cpuPct: (100 * used) / w, connectMs, preflightMs, liveEvents: live, ok: outcome.ok };
  } finally {
    host.stdin!.end();
  }
}

void (async () => {
  const rows: Figure[] = [];
  const counts = (process.env.BENCH_SCALE_AGENTS ?? '1,64,256').split(',').map(Number);
  for (const n of counts) rows.push(await measure(n));
  console.log(
    `controller CPU while N agents stream LiveStats at 1 Hz (${EXECUTE_S} s execute stage; target < ${TARGET} % of one core)`,
  );
  console.log('agents  controller CPU  vs 1-agent baseline  connect  pre-flight  live events  run ok');
  for (const r of rows)
    console.log(
      `${String(r.agents).padStart(6)}  ${`${r.cpuPct.toFixed(2)} %`.padStart(14)}  ${`${(r.cpuPct - rows[0].cpuPct).toFixed(2)} %`.padStart(19)}  ${`${r.connectMs.toFixed(0)} ms`.padStart(7)}  ${`${r.preflightMs.toFixed(0)} ms`.padStart(10)}  ${String(r.liveEvents).padStart(11)}  ${r.ok ? 'yes' : 'NO'}`,
    );
  const worst = Math.max(...rows.map((r) => r.cpuPct));
  const bad = rows.some((r) => !r.ok) || !(worst < TARGET);
  console.log(bad ? `FAIL: target ${TARGET} % missed or a run failed` : `ok: every figure under ${TARGET} %`);
  process.exit(bad ? 1 : 0);
})();
