// Ladder prediction benchmark: `iobench run --ladder --local 2` on four tree shapes (many small files, few
// large files, deep narrow, wide shallow); per shape, the prepare time of MEDIUM predicted from SIMPLE's
// measurements and of FULL from MEDIUM's, against what the step then measured. Goal: every error within
// ±25 %. Baseline in the same run: the old model (rates = count / whole prepare wall time, dirs and files
// added back as if sequential) from the same measurements.
// Run: node scripts/bench.mjs ladder   (BENCH_SHAPES=small,deep to run some shapes only)
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { planRun } from '../../controller/per-agent-config';
import { predictPlanned } from '../../controller/prepare-prediction';
import { estimate, formatError, parseCalibration, targetOf, type Calibration } from '../../core/estimate';
import { loadConfig } from '../../core/config';
import { ladder } from '../../core/ladder';

const GOAL = 0.25;
const AGENTS = 2;

interface Shape {
  name: string;
  width: number;
  depth: number;
  filesPerDir: number;
  size: string; // size_distribution YAML
}

const SHAPES: Shape[] = [
  {
    name: 'many-small',
    width: 8,
    depth: 4,
    filesPerDir: 16,
    size: '{ type: uniform, min: 1024, max: 4096 }',
  },
  {
    name: 'few-large',
    width: 4,
    depth: 3,
    filesPerDir: 2,
    size: '{ type: uniform, min: 2097152, max: 2097152 }',
  },
  {
    name: 'deep-narrow',
    width: 2,
    depth: 9,
    filesPerDir: 32,
    size: '{ type: uniform, min: 2048, max: 6144 }',
  },
  {
    name: 'wide-shallow',
    width: 24,
    depth: 3,
    filesPerDir: 2,
    size: '{ type: uniform, min: 2048, max: 6144 }',
  },
];

const config = (s: Shape, data: string) => `
duration: 1s
concurrency: 16
prepare:
  prepare_strategy: parallel
  directory_structure: { width: ${s.width}, depth: ${s.depth}, files_per_dir: ${s.filesPerDir}, distribution: bottom, dir_mask: "d%d_w%d.dir" }
  ensure_objects:
    - { base_uri: "file://${data}/", count: 0, fill: random, size_distribution: ${s.size} }
  cleanup: true
target: "file://${data}/"
workload:
  - { op: stat, path: "*", weight: 100 }
`;

function runLadder(cfg: string, root: string, results: string): Promise<{ code: number; events: string[] }> {
  return new Promise((resolve) => {
    const args = ['dist/cli.js', 'run', cfg, '--ladder', '--yes', '--json', '--local', String(AGENTS)];
    const child = spawn(process.execPath, [...args, '--root', root, '--results', results], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, events: out.split('\n').filter(Boolean) }));
  });
}

interface StepFigures {
  measured: number;
  calibration?: Calibration;
  /** the old model's rates: count / whole prepare wall time, per agent */
  oldRates: Calibration;
}

function stepFigures(dir: string): StepFigures {
  const summary = JSON.parse(fs.readFileSync(path.join(dir, 'summary.json'), 'utf8'));
  const prep = summary.stages.find((s: { stage: { type: string } }) => s.stage.type === 'prepare');
  const calFile = path.join(dir, 'calibration.json');
  const cal = fs.existsSync(calFile) ? parseCalibration(fs.readFileSync(calFile, 'utf8')) : undefined;
  const agents: Calibration['agents'] = {};
  for (const a of prep.agents as {
    id: string;
    wallSeconds: number;
    put: { ops: number };
    meta: { ops: number };
  }[])
    agents[a.id] = {
      createsPerSec: a.put.ops / a.wallSeconds,
      ...(a.meta.ops ? { mkdirPerSec: a.meta.ops / a.wallSeconds } : {}),
    };
  return {
    measured: prep.wallSeconds,
    ...(cal?.ok ? { calibration: cal.value } : {}),
    oldRates: { version: 1, measuredAt: '', agents },
  };
}

/** The prediction the run printed before the step (its `prediction` event), if the CLI emits one with a range. */
function printedPrediction(
  events: string[],
  step: string,
): { s: number; lo: number; hi: number } | undefined {
  for (const line of events) {
    const e = JSON.parse(line) as { event: string; data: Record<string, unknown> };
    if (e.event === 'prediction' && e.data.step === step && Array.isArray(e.data.prepareRange)) {
      const [lo, hi] = e.data.prepareRange as number[];
      return { s: e.data.prepareSeconds as number, lo, hi };
    }
  }
  return undefined;
}

async function main(): Promise<void> {
  const work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'iobench-ladder-bench-')));
  const only = (process.env.BENCH_SHAPES ?? '').split(',').filter(Boolean);
  const rows: string[][] = [
    [
      'shape',
      'step',
      'from',
      'files/agent',
      'dirs',
      'predicted',
      'range',
      'measured',
      'error',
      'in range',
      'old model',
      'old error',
    ],
  ];
  let worst = 0;
  try {
    for (const s of SHAPES.filter((x) => !only.length || only.some((o) => x.name.includes(o)))) {
      const dir = path.join(work, s.name);
      const data = path.join(dir, 'data');
      const root = path.join(dir, 'root');
      fs.mkdirSync(root, { recursive: true });
      const cfg = path.join(dir, `${s.name}.yaml`);
      const text = config(s, data);
      fs.writeFileSync(cfg, text);
      const results = path.join(dir, 'results');
      const t0 = performance.now();
      const run = await runLadder(cfg, root, results);
      console.log(
        `${s.name}: ladder ran in ${((performance.now() - t0) / 1000).toFixed(1)} s (exit ${run.code})`,
      );
      if (run.code !== 0) {
        rows.push([s.name, 'failed', '', '', '', '', '', '', '', '', '', '']);
        continue;
      }
      const l = ladder(text);
      if (!l.ok) throw new Error(l.error);
      const figs = l.steps.map((st, i) => stepFigures(path.join(results, `${i + 1}-${st.name}`)));
      for (let i = 1; i < l.steps.length; i++) {
        const st = l.steps[i];
        const plan = planRun(loadConfig(st.text).value, {
          agents: Array.from({ length: AGENTS }, () => ({ address: '127.0.0.1:0' })),
          root,
        });
        if (!plan.ok) throw new Error(JSON.stringify(plan.errors));
        const model = plan.plan.model;
        const addresses = plan.plan.agents.map((a) => a.address);
        // what the run predicted (its event), else the same function computed here from the same files
        const mine =
          printedPrediction(run.events, st.name) ??
          (() => {
            const p = predictPlanned(
              model,
              {
                calibration: figs[i - 1].calibration,
                from: l.steps[i - 1].name,
                target: targetOf(model, root),
              },
              addresses,
            ).estimate.total;
            return { s: p.prepareSeconds, lo: p.prepareRange[0], hi: p.prepareRange[1] };
          })();
        const old = estimate(model, { calibration: figs[i - 1].oldRates }).total.prepareSeconds;
        const measured = figs[i].measured;
        const err = (measured - mine.s) / mine.s;
        worst = Math.max(worst, Math.abs(err));
        const e = estimate(model);
        rows.push([
          s.name,
          st.name,
          l.steps[i - 1].name,
          String(e.perAgent[0].files),
          String(e.total.dirs),
          `${mine.s.toFixed(2)} s`,
          `${mine.lo.toFixed(2)}–${mine.hi.toFixed(2)}`,
          `${measured.toFixed(2)} s`,
          formatError(mine.s, measured),
          measured >= mine.lo && measured <= mine.hi ? 'yes' : 'no',
          `${old.toFixed(2)} s`,
          formatError(old, measured),
        ]);
      }
    }
  } finally {
    if (process.env.BENCH_KEEP) console.log(`kept ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const r of rows)
    console.log(r.map((x, c) => (c < 3 ? x.padEnd(widths[c]) : x.padStart(widths[c]))).join('  '));
  console.log(
    `\nworst error ${(worst * 100).toFixed(0)} % (goal ±${GOAL * 100} %); load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
