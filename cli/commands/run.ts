// `iobench run FILE [--local N] [--root DIR] [--results DIR] [--step simple|medium|full] [--ladder] [--yes]
// [--json] [--detach]`: the estimate first, a confirmation for large runs, pre-flight, the stages with progress
// and live statistics, the summary and the results folder. Exit 0 only when every stage completed on every
// agent; 1 when the run failed or was refused, 2 for usage errors, 130 when interrupted.
import type { Command } from 'commander';
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { TOKEN_ENV } from '../../core/token';
import { RunEmitter, parseErrorRate, planRun, runSession, toJson, type RunEvents } from '../../controller';
import { estimate, estimateToJson, type Calibration, type Estimate } from '../../core/estimate';
import { ladder, type StepName } from '../../core/ladder';
import { formatBytes, formatCount, formatSeconds } from '../../core/units';
import { UsageError, commandAction } from '../command-kit';
import { readText } from '../format';
import {
  checkRoot,
  loadOrReport,
  localSetup,
  parseLocal,
  placeholders,
  planOrReport,
  selfCommand,
  type LocalSetup,
} from '../local-setup';
import { addTlsOptions, tlsFromFlags, type TlsFlags } from '../tls-options';
import { addTokenOptions, tokenFromFlags, type TokenFlags } from '../token-options';
import { load, locate } from '../render/config';
import { TerminalRenderer } from '../render/terminal';
import { renderEstimate } from './estimate';

export interface RunOptions extends TlsFlags, TokenFlags {
  local?: string;
  root?: string;
  results?: string;
  step?: string;
  ladder?: boolean;
  yes?: boolean;
  json?: boolean;
  detach?: boolean;
  verbose?: boolean;
  token?: string;
  preflight?: boolean;
  maxErrorRate?: string;
}

/** `--max-error-rate` as a fraction (controller/outcome.ts); a bad value is a usage error. */
function errorRate(text: string | undefined): number | undefined {
  try {
    return text === undefined ? undefined : parseErrorRate(text);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

const LARGE_BYTES = 1e12; // 1 TB
const LARGE_FILES = 10_000_000;

const say = (s: string) => process.stdout.write(`${s}\n`);
const complain = (s: string) => process.stderr.write(`${s}\n`);

export function defaultResultsDir(file: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const name = basename(file).replace(/\.(iobench\.)?ya?ml$/, '');
  return resolve(process.env.IOBENCH_RESULTS_DIR ?? 'iobench-results', `${stamp}-${name}`);
}

export function estimateEvent(
  e: Estimate,
  file: string,
  numAgents: number,
  step?: string,
): RunEvents['estimate'] {
  const files = e.perAgent.reduce((s, a) => s + a.files, 0n);
  const bytes = e.perAgent.reduce((s, a) => s + a.bytes, 0n);
  const dirs = e.total.dirs * BigInt(e.splitMode === 'all' ? Math.max(1, numAgents) : 1);
  return {
    file,
    ...(step ? { step } : {}),
    json: estimateToJson(e),
    files: Number(files),
    bytes: Number(bytes),
    dirs: Number(dirs),
    treeSeconds: e.total.treeSeconds,
    prepareSeconds: e.total.prepareSeconds,
  };
}

async function confirmLarge(ev: RunEvents['estimate'], yes: boolean | undefined): Promise<boolean> {
  if (yes || (ev.bytes <= LARGE_BYTES && ev.files <= LARGE_FILES)) return true;
  const what = `${formatCount(ev.files)} files · ${formatBytes(ev.bytes)} · prepare ≈ ${formatSeconds(ev.prepareSeconds)}`;
  if (!process.stdin.isTTY) {
    complain(`iobench run: refusing a large run (${what}) without a terminal to confirm; pass --yes`);
    return false;
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await rl.question(`This run creates ${what}. Continue? [y/N] `);
  rl.close();
  return /^y(es)?$/i.test(answer.trim());
}

interface Step {
  name?: StepName;
  text: string;
}

function stepsOf(text: string, o: RunOptions): Step[] {
  if (o.ladder && o.step) throw new UsageError('--ladder runs every step; use either --ladder or --step');
  if (!o.ladder && !o.step) return [{ text }];
  const want = o.step?.toUpperCase();
  if (want && !['SIMPLE', 'MEDIUM', 'FULL'].includes(want))
    throw new UsageError(`--step ${o.step}: expected simple, medium or full`);
  const l = ladder(text);
  if (!l.ok) throw new UsageError(`cannot build the ladder: ${l.error}`);
  if (o.ladder) return l.steps.map((s) => ({ name: s.name, text: s.text }));
  const s = l.steps.find((x) => x.name === want);
  if (!s)
    throw new UsageError(`--step ${o.step}: this tree only has ${l.steps.map((x) => x.name).join(', ')}`);
  return [{ name: s.name, text: s.text }];
}

/** One run of one config text; returns the exit code and what it measured. */
async function runStep(
  file: string,
  step: Step,
  o: RunOptions,
  resultsDir: string,
  calibration: Calibration | undefined,
): Promise<{ code: number; calibration?: Calibration }> {
  const label = step.name ? `${file} [${step.name}]` : file;
  const loaded = loadOrReport(label, step.text);
  if (!loaded) return { code: 1 };
  const local = parseLocal(o.local);
  const root = checkRoot(o.root);
  const plan0 = planOrReport(label, loaded, placeholders(local), root);
  if (!plan0) return { code: 1 };
  const est = estimate(plan0.model, { calibration });
  const ev = estimateEvent(est, file, plan0.agents.length, step.name);
  if (!o.json) say(renderEstimate(label, est));
  if (!(await confirmLarge(ev, o.yes))) return { code: 1 };

  const emitter = new RunEmitter();
  const term = o.json ? undefined : new TerminalRenderer({ verbose: o.verbose, file, estimatePrinted: true });
  emitter.onAny((name, data) => {
    if (o.json) process.stdout.write(`${toJson({ event: name, t: Date.now(), data })}\n`);
    else term!.handle(name, data);
  });

  // Pre-flight measures each agent's rates: say what the estimate becomes with them (once, before the stages).
  let recalibrated = false;
  emitter.on('calibration', (c) => {
    if (o.json || recalibrated) return;
    recalibrated = true;
    const e = estimate(plan0.model, { calibration: { version: 1, measuredAt: '', agents: c.agents } });
    say(
      `  with the measured rates: tree ≈ ${formatSeconds(e.total.treeSeconds)} · prepare ≈ ${formatSeconds(e.total.prepareSeconds)}`,
    );
  });

  let setup: LocalSetup | undefined;
  try {
    setup = await localSetup(label, loaded, local, root, o.token, est.total.prepareSeconds);
  } catch (e) {
    complain(`iobench run: ${(e as Error).message}`);
    return { code: 1 };
  }
  if (!setup) return { code: 1 };
  if (local && !o.json)
    say(`Local agents: ${setup.agents.map((a) => a.address).join(', ')} · root ${setup.root}`);

  const ac = new AbortController();
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    complain('\ninterrupted: aborting every agent… (Ctrl-C again to quit at once)');
    ac.abort();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  try {
    const outcome = await runSession({
      plan: setup.plan,
      emitter,
      configFile: file,
      config: loaded.value as Record<string, unknown>,
      locate: (p) => locate(loaded, p),
      resultsDir,
      token: setup.token ?? o.token,
      tls: tlsFromFlags(o, (m) => new UsageError(m)),
      preflight: o.preflight !== false,
      maxErrorRate: errorRate(o.maxErrorRate),
      signal: ac.signal,
      estimate: ev,
      summaryExtra: {
        configFile: resolve(file),
        ...(step.name ? { step: step.name } : {}),
        ...(setup.root ? { root: setup.root } : {}),
      },
    });
    term?.close();
    return { code: outcome.ok ? 0 : interrupted ? 130 : 1, calibration: outcome.calibration };
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
    await setup.release();
  }
}

/** After a ladder step: what it measured and what the next step should take with those rates. */
function predictNext(file: string, next: Step, calibration: Calibration | undefined, o: RunOptions): void {
  if (o.json) return;
  const loaded = load(next.text);
  const plan = planRun(loaded.value, { agents: placeholders(parseLocal(o.local)), root: checkRoot(o.root) });
  if (!plan.ok) return;
  for (const [id, r] of Object.entries(calibration?.agents ?? {}))
    say(
      `  measured ${id}: ${r.mkdirPerSec ? `${formatCount(r.mkdirPerSec)} mkdir/s · ` : ''}${r.createsPerSec ? `${formatCount(r.createsPerSec)} creates/s · ` : ''}${r.bytesPerSec ? `${formatBytes(r.bytesPerSec)}/s` : ''}`,
    );
  const e = estimate(plan.plan.model, { calibration });
  say(
    `\nPrediction for ${next.name} from these rates: ${formatCount(e.total.dirs)} dirs · ${formatCount(e.total.files)} files · ${formatBytes(e.total.bytes)} · tree ≈ ${formatSeconds(e.total.treeSeconds)} · prepare ≈ ${formatSeconds(e.total.prepareSeconds)}`,
  );
  void file;
}

/** `--detach`: the same command in a background process writing `<results>/events.ndjson`. */
function detach(file: string, o: RunOptions, resultsDir: string, steps: Step[]): number {
  mkdirSync(resultsDir, { recursive: true });
  const log = openSync(join(resultsDir, 'detached.log'), 'a');
  const args = [...selfCommand().slice(1), 'run', file, '--yes', '--results', resultsDir];
  if (o.local) args.push('--local', o.local);
  if (o.root) args.push('--root', resolve(o.root));
  if (o.step) args.push('--step', o.step);
  if (o.ladder) args.push('--ladder');

  if (o.tls) args.push('--tls');
  if (o.agentCa) args.push('--agent-ca', resolve(o.agentCa));
  if (o.agentDomain) args.push('--agent-domain', o.agentDomain);
  if (o.verbose) args.push('--verbose');
  if (o.preflight === false) args.push('--no-preflight');
  if (o.maxErrorRate !== undefined) args.push('--max-error-rate', o.maxErrorRate);
  // the token through the environment, never argv (`ps` shows argv to every local user)
  const env = { ...process.env };
  delete env[TOKEN_ENV];
  if (o.token) env[TOKEN_ENV] = o.token;
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', log, log], env });
  writeFileSync(join(resultsDir, 'run.pid'), `${child.pid}\n`);
  // what `iobench attach` follows: the run itself, or one folder per ladder step (created as the steps start)
  const folders = steps.length > 1 ? steps.map((st, i) => `${i + 1}-${st.name}`) : [];
  writeFileSync(
    join(resultsDir, 'detach.json'),
    `${toJson({ pid: child.pid, file: resolve(file), steps: folders }, 2)}\n`,
  );
  child.unref();
  if (o.json) say(toJson({ resultsDir, pid: child.pid }));
  else say(`Detached run (pid ${child.pid}); follow it with: iobench attach ${resultsDir}\n${resultsDir}`);
  return 0;
}

export async function runCommand(file: string, o: RunOptions): Promise<number> {
  tlsFromFlags(o, (m) => new UsageError(m)); // flag errors before any work
  errorRate(o.maxErrorRate);
  tokenFromFlags(o);
  const text = readText(file);
  const steps = stepsOf(text, o);
  const resultsBase = o.results ? resolve(o.results) : defaultResultsDir(file);
  if (o.detach) {
    // confirm in the foreground: the background process has no terminal to ask on
    const last = steps[steps.length - 1];
    const loaded = loadOrReport(file, last.text);
    if (!loaded) return 1;
    const plan = planOrReport(file, loaded, placeholders(parseLocal(o.local)), checkRoot(o.root));
    if (!plan) return 1;
    const ev = estimateEvent(estimate(plan.model), file, plan.agents.length, last.name);
    if (!(await confirmLarge(ev, o.yes))) return 1;
    return detach(file, o, resultsBase, steps);
  }
  let calibration: Calibration | undefined;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    const dir = steps.length > 1 ? join(resultsBase, `${i + 1}-${step.name}`) : resultsBase;
    if (steps.length > 1 && !o.json) say(`\n═══ ladder step ${i + 1}/${steps.length}: ${step.name} ═══`);
    const r = await runStep(file, step, o, dir, calibration);
    if (r.code !== 0) return r.code;
    calibration = r.calibration ?? calibration;
    if (i + 1 < steps.length) predictNext(file, steps[i + 1], calibration, o);
  }
  return 0;
}

/** Exit after stdout/stderr drained (gRPC channels and timers must not keep a finished command alive). */
export function register(program: Command): void {
  const cmd = program
    .command('run')
    .description('run a benchmark: estimate, pre-flight, stages with live statistics, results')
    .argument('<file>', 'sai3-bench YAML config')
    .option('--local <n>', 'start N agents on 127.0.0.1 (child processes) instead of distributed.agents')
    .option('--root <dir>', 'move file:// locations under DIR/agent-<i>/ (DIR must exist)')
    .option('--results <dir>', 'results folder (default ./iobench-results/<time>-<name>)')
    .option('--step <step>', 'run one ladder step: simple, medium or full')
    .option('--ladder', 'run SIMPLE, then MEDIUM, then FULL, predicting each from the previous')
    .option('--yes', 'do not ask before large runs (> 1 TB or > 10 M files)')
    .option('--json', 'print newline-delimited JSON events instead of text')
    .option('--detach', 'run in the background; prints the results folder (follow with `iobench attach`)')
    .option('--no-preflight', 'skip pre-flight checks')
    .option(
      '--max-error-rate <rate>',
      'fail the run when a stage has more failed operations than this (default 1%; also "0.5%" or 0.005)',
    )
    .option('-v, --verbose', 'per-agent lines and every pre-flight result');
  addTokenOptions(addTlsOptions(cmd)).action(commandAction<RunOptions>('run', runCommand));
}
