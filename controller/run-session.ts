// A run as every host starts it: one config (or one ladder step, or the whole SIMPLE → MEDIUM → FULL ladder)
// from text to results folder. Per step: the estimate, the large-run check, local agents, the session
// (connect, pre-flight, stages), and — when a next step exists — its prediction from the rates this step
// measured. Everything is told as events and written to the step folder's events.ndjson, so a host that only
// follows the folder (a re-attached editor, `iobench attach`) sees what the starting host saw. No terminal.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { LARGE_BYTES, LARGE_FILES } from '../core/config/limits';
import {
  estimate,
  estimateToJson,
  targetOf,
  type Calibration,
  type Estimate,
  type HistoryEntry,
} from '../core/estimate';
import { appendHistory, readHistory } from './calibration-store';
import { estimateOptionsFor, sharedStorage } from './prepare-prediction';
import { ladder, type StepName } from '../core/ladder';
import type { LoadedConfig } from '../core/config';
import type { BenchModel } from '../core/model';
import { locate } from './config-report';
import { deployForRun, type DeployContext, type RunDeployment } from './deploy';
import type { TlsOptions } from './connect';
import { RunEmitter, formatEventLine, type RunEventName, type RunEvents } from './events';
import { toJson } from './json';
import type { LocalAgent } from './local-agents';
import {
  loadChecked,
  localSetup,
  placeholders,
  planChecked,
  type Checked,
  type LocalSetup,
} from './local-setup';
import { predictStep } from './predict';
import { EVENTS_FILE, LADDER_FILE, PID_FILE, pidAlive, pidFileText, readPid } from './run-dir';
import { runSession, type SessionOptions } from './session';

export { LARGE_BYTES, LARGE_FILES };

/** Above 1 TB or 10 M files a host asks before starting (the CLI: a prompt or --yes; the editor: a dialog). */
export function isLargeRun(ev: RunEvents['estimate']): boolean {
  return ev.bytes > LARGE_BYTES || ev.files > LARGE_FILES;
}

/** The estimate event of a planned run: totals summed over agents (isolated trees: each writes every file). */
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
    treeRange: roundRange(e.total.treeRange),
    prepareRange: roundRange(e.total.prepareRange),
    ratesSource: e.ratesSource,
  };
}

const roundRange = (r: [number, number]): [number, number] => [
  Math.round(r[0] * 1000) / 1000,
  Math.round(r[1] * 1000) / 1000,
];

/** The plan's estimate for `text` (a config or a ladder step) on the given agents; errors as `file:line:col`. */
export function estimateConfig(
  label: string,
  file: string,
  text: string,
  o: {
    local?: number;
    root?: string;
    step?: StepName;
    calibration?: Calibration;
    /** the results root's calibration history (the best measurements of this storage) */
    history?: HistoryEntry[];
    /** who measured `calibration` (the previous ladder step) */
    from?: string;
  },
): Checked<{
  loaded: LoadedConfig;
  model: BenchModel;
  agents: number;
  estimate: Estimate;
  event: RunEvents['estimate'];
}> {
  const loaded = loadChecked(label, text);
  if (!loaded.ok) return loaded;
  const plan = planChecked(label, loaded.value, placeholders(o.local), o.root ? resolve(o.root) : undefined);
  if (!plan.ok) return plan;
  const model = plan.value.model;
  const opts = estimateOptionsFor(
    model,
    {
      ...(o.calibration ? { calibration: o.calibration } : {}),
      ...(o.history ? { history: o.history } : {}),
      ...(o.from ? { from: o.from } : {}),
      target: targetOf(model, o.root),
    },
    sharedStorage(
      model,
      plan.value.agents.map((a) => a.address),
    ),
  );
  const est = estimate(model, opts);
  est.ratesSource = opts.source;
  const agents = plan.value.agents.length;
  return {
    ok: true,
    value: {
      loaded: loaded.value,
      model: plan.value.model,
      agents,
      estimate: est,
      event: estimateEvent(est, file, agents, o.step),
    },
  };
}

/** `20261129-204501-bench`: a results folder name for a run of `file` started at `now`. */
export function resultsFolderName(file: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${basename(file).replace(/\.(iobench\.)?ya?ml$/, '')}`;
}

export type StepChoice = 'simple' | 'medium' | 'full';

export interface PlannedStep {
  name?: StepName;
  text: string;
}

/** The steps to run (`run`) and the whole ladder (`all`, to find the step after the last one run). */
export function ladderSteps(
  text: string,
  o: { step?: string; ladder?: boolean },
): { ok: true; run: PlannedStep[]; all: PlannedStep[] } | { ok: false; error: string } {
  if (o.ladder && o.step)
    return { ok: false, error: '--ladder runs every step; use either --ladder or --step' };
  if (!o.ladder && !o.step) return { ok: true, run: [{ text }], all: [] };
  const want = o.step?.toUpperCase();
  if (want && !['SIMPLE', 'MEDIUM', 'FULL'].includes(want))
    return { ok: false, error: `--step ${o.step}: expected simple, medium or full` };
  const l = ladder(text);
  if (!l.ok) return { ok: false, error: `cannot build the ladder: ${l.error}` };
  const all = l.steps.map((s) => ({ name: s.name, text: s.text }));
  if (o.ladder) return { ok: true, run: all, all };
  const s = all.find((x) => x.name === want);
  if (!s)
    return { ok: false, error: `--step ${o.step}: this tree only has ${all.map((x) => x.name).join(', ')}` };
  return { ok: true, run: [s], all };
}

/** The step folder names of a ladder run (`1-SIMPLE`, …); [] for one step. */
export const stepFolderNames = (steps: PlannedStep[]): string[] =>
  steps.length > 1 ? steps.map((s, i) => `${i + 1}-${s.name}`) : [];

export interface RunConfigOptions {
  /** the config's path (labels, summary.json) */
  file: string;
  text: string;
  step?: StepChoice;
  ladder?: boolean;
  /** start this many local agents instead of the config's agents */
  local?: number;
  /** local agents' root (must exist); file:// locations move under it */
  root?: string;
  /** the run's folder; a ladder gets one sub-folder per step */
  resultsDir: string;
  token?: string;
  tls?: TlsOptions;
  /** false: skip pre-flight */
  preflight?: boolean;
  emitter: RunEmitter;
  /** abort: every agent is aborted (as Ctrl-C), the run ends failed */
  signal?: AbortSignal;
  /** asked for large runs (isLargeRun); without it a large run is refused */
  confirm?: (e: RunEvents['estimate']) => Promise<boolean>;
  /** how to start local agents: [node, cli.js] (default: this process's own script) */
  agentCommand?: string[];
  agentEnv?: NodeJS.ProcessEnv;
  /** the host may show the full estimate (the CLI prints its table) before the large-run question */
  onEstimate?: (x: { label: string; estimate: Estimate; event: RunEvents['estimate'] }) => void;
  /** local agents are up (the CLI prints their addresses) */
  onLocalAgents?: (x: { agents: LocalAgent[]; root?: string }) => void;
  /**
   * write this process's pid to `run.pid`, so other hosts can follow it to its end and abort it (SIGINT): for a
   * process that is the run (the CLI), never for one that hosts more (an editor's extension host)
   */
  pidFile?: boolean;
  /**
   * SSH deployment (distributed.ssh + deployment): where the agent bundle is and the SSH context. Absent: the
   * config's agents are used as they are. A kept deployment (`iobench deploy`) is used instead of a new one.
   */
  deploy?: DeployContext;
  /** credentials for `distributed_env` (collectForwardedEnv); absent: none */
  forwardEnv?: SessionOptions['forwardEnv'];
  /** timing knobs for tests */
  session?: Pick<SessionOptions, 'connectTimeoutMs' | 'readyTimeoutMs' | 'tickMs' | 'abortWaitMs'>;
}

export interface StepResult {
  name?: StepName;
  resultsDir: string;
  ok: boolean;
  /** it reached the session (connect, pre-flight, stages): its events told how it went */
  ran: boolean;
  calibration?: Calibration;
}

export interface RunConfigResult {
  ok: boolean;
  /** the CLI's exit code: 0 every stage completed on every agent, 1 failed or refused, 2 bad flags, 130 aborted */
  code: number;
  resultsDir: string;
  /** config and plan errors, `file:line:col: error: …` */
  errors: string[];
  /** why it did not run or failed, in one line (agents that did not start, a refused large run, …) */
  message?: string;
  /** the host's confirm declined a large run */
  refused?: boolean;
  steps: StepResult[];
  calibration?: Calibration;
}

/** Runs one config, one ladder step or the ladder; resolves when the last step ended. */
export async function runConfig(o: RunConfigOptions): Promise<RunConfigResult> {
  const base = resolve(o.resultsDir);
  const fail = (r: Partial<RunConfigResult>, steps: StepResult[] = []): RunConfigResult => ({
    ok: false,
    code: 1,
    resultsDir: base,
    errors: [],
    steps,
    ...r,
  });
  const plan = ladderSteps(o.text, o);
  if (!plan.ok) return fail({ code: 2, message: plan.error });
  mkdirSync(base, { recursive: true });
  // a folder another live run owns is not shared
  const owner = readPid(base);
  if (owner && owner.pid !== process.pid && pidAlive(owner))
    return fail({
      message: `${base} belongs to a run still going (pid ${owner.pid}); choose another results folder`,
    });
  if (o.pidFile && (!owner || owner.pid !== process.pid))
    writeFileSync(join(base, PID_FILE), pidFileText(process.pid));
  const folders = stepFolderNames(plan.run);
  if (folders.length) writeFileSync(join(base, LADDER_FILE), `${toJson({ steps: folders }, 2)}\n`);

  const steps: StepResult[] = [];
  let calibration: Calibration | undefined;
  // the history of this results root: every finished step appends its measurements to it
  const root = dirname(base);
  const history = readHistory(root);
  for (let i = 0; i < plan.run.length; i++) {
    const step = plan.run[i];
    const dir = folders.length ? join(base, folders[i]) : base;
    const at = plan.all.findIndex((s) => s.name === step.name);
    const next = at >= 0 ? plan.all[at + 1] : undefined;
    const from = i > 0 ? plan.run[i - 1].name : undefined;
    const r = await runStep(o, {
      step,
      index: i,
      of: plan.run.length,
      dir,
      next,
      calibration,
      history,
      historyRoot: root,
      ...(from ? { from } : {}),
    });
    steps.push({
      name: step.name,
      resultsDir: dir,
      ok: r.code === 0,
      ran: r.ran ?? false,
      ...(r.calibration ? { calibration: r.calibration } : {}),
    });
    calibration = r.calibration ?? calibration;
    if (r.code !== 0)
      return fail(
        { code: r.code, errors: r.errors ?? [], message: r.message, refused: r.refused, calibration },
        steps,
      );
  }
  return { ok: true, code: 0, resultsDir: base, errors: [], steps, ...(calibration ? { calibration } : {}) };
}

interface StepContext {
  step: PlannedStep;
  index: number;
  of: number;
  dir: string;
  next?: PlannedStep;
  calibration?: Calibration;
  history: HistoryEntry[];
  historyRoot: string;
  from?: string;
}

interface StepOutcome {
  code: number;
  ran?: boolean;
  calibration?: Calibration;
  errors?: string[];
  message?: string;
  refused?: boolean;
}

async function runStep(o: RunConfigOptions, c: StepContext): Promise<StepOutcome> {
  const { step, dir } = c;
  // A fresh emitter per step, forwarding to the host's: the session's results writer subscribes to it, and
  // must not go on writing the next step's events into this step's folder.
  const emitter = new RunEmitter();
  emitter.onAny((name, data) => o.emitter.emit(name, data));
  const label = step.name ? `${o.file} [${step.name}]` : o.file;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, EVENTS_FILE);
  // Events before the session has its results writer: told and written here.
  const tell = <K extends RunEventName>(name: K, data: RunEvents[K]) => {
    emitter.emit(name, data);
    appendFileSync(file, `${formatEventLine(name, data, Date.now())}\n`);
  };
  // A step that ends before it reaches agents still ends its event file, so a follower is not left waiting.
  const stop = (r: StepOutcome): StepOutcome => {
    const message = r.message ?? (r.errors?.length ? r.errors[0] : 'stopped before the run started');
    appendFileSync(
      file,
      `${formatEventLine('completed', { ok: false, wallSeconds: 0, stages: 0, message }, Date.now())}\n`,
    );
    return r;
  };

  if (step.name) tell('step-start', { step: step.name, index: c.index, of: c.of, resultsDir: dir });
  const root = o.root ? resolve(o.root) : undefined;
  const planned = estimateConfig(label, o.file, step.text, {
    local: o.local,
    root,
    ...(step.name ? { step: step.name } : {}),
    ...(c.calibration ? { calibration: c.calibration } : {}),
    history: c.history,
    ...(c.from ? { from: c.from } : {}),
  });
  if (!planned.ok) return stop({ code: 1, errors: planned.errors });
  const { loaded, model, agents, estimate: est, event: ev } = planned.value;
  o.onEstimate?.({ label, estimate: est, event: ev });
  tell('estimate', ev);
  if (isLargeRun(ev)) {
    const yes = o.confirm ? await o.confirm(ev) : false;
    if (!yes)
      return stop({
        code: 1,
        refused: true,
        message: o.confirm
          ? 'the large run was not confirmed'
          : 'a large run needs confirmation; nothing was started',
      });
  }
  if (o.signal?.aborted)
    return stop({ code: 130, message: 'interrupted before the run started; nothing was started' });

  // agents over SSH when the config asks (stopped, with their logs fetched, when the step ends)
  let deployed: RunDeployment | undefined;
  if (o.deploy && !o.local)
    try {
      deployed = await deployForRun({
        ...o.deploy,
        file: o.file,
        config: loaded.value,
        token: o.token,
        signal: o.signal,
      });
    } catch (e) {
      const interrupted = o.signal?.aborted;
      return stop({
        code: interrupted ? 130 : 1,
        message: interrupted
          ? 'interrupted while deploying; the agents already started were stopped'
          : (e as Error).message,
      });
    }
  const token = deployed?.token ?? o.token;
  let setup: LocalSetup;
  try {
    const r = await localSetup(label, loaded, {
      local: o.local,
      root,
      token,
      prepareSeconds: est.total.prepareSeconds,
      command: o.agentCommand ?? [process.execPath, ...process.execArgv, process.argv[1]],
      ...(o.agentEnv ? { env: o.agentEnv } : {}),
    });
    if (!r.ok) {
      await deployed?.release(dir);
      return stop({ code: 1, errors: r.errors });
    }
    setup = r.value;
  } catch (e) {
    await deployed?.release(dir);
    return stop({ code: 1, message: (e as Error).message });
  }
  try {
    if (o.local) o.onLocalAgents?.({ agents: setup.agents, ...(setup.root ? { root: setup.root } : {}) });
    if (o.signal?.aborted)
      return stop({ code: 130, message: 'interrupted before the run started; nothing was started' });

    // Pre-flight measures each agent's rates: say once what the estimate becomes with them.
    const target = targetOf(model, root);
    const addresses = setup.plan.agents.map((a) => a.address);
    const shared = sharedStorage(model, addresses);
    const recalibrate = emitter.listenOnce('calibration', (cal) => {
      const probe: Calibration = {
        version: 1,
        measuredAt: '',
        agents: cal.agents,
        ...(cal.terms ? { terms: cal.terms, source: 'preflight' as const } : {}),
      };
      // a previous step's run terms stay first; the probe fills in what nothing better measured
      const x = estimateOptionsFor(
        model,
        { calibration: c.calibration?.terms ? c.calibration : probe, history: c.history, target },
        shared,
      );
      const e = estimate(model, x);
      e.ratesSource = x.source;
      emitter.emit('estimate', {
        ...estimateEvent(e, o.file, agents, step.name),
        measured: true,
      });
    });
    const next = c.next;
    const from = step.name;
    try {
      const outcome = await runSession({
        plan: setup.plan,
        emitter,
        configFile: o.file,
        config: loaded.value as Record<string, unknown>,
        locate: (p) => locate(loaded, p),
        resultsDir: dir,
        token,
        tls: o.tls,
        preflight: o.preflight !== false,
        signal: o.signal,
        ...(o.forwardEnv ? { forwardEnv: o.forwardEnv } : {}),
        ...o.session,
        summaryExtra: {
          estimate: ev,
          configFile: resolve(o.file),
          ...(step.name ? { step: step.name } : {}),
          ...(setup.root ? { root: setup.root } : {}),
        },
        predicted: {
          prepareSeconds: ev.prepareSeconds,
          ...(ev.prepareRange ? { prepareRange: ev.prepareRange } : {}),
          ...(ev.ratesSource ? { ratesSource: ev.ratesSource } : {}),
        },
        beforeEnd: (out) => {
          if (out.ok && out.calibration?.source === 'run' && out.calibration.terms) {
            const entry = historyEntry(out.calibration, {
              target,
              agents: setup.plan.agents.map((a) => a.id),
              concurrency: model.concurrency,
              shared,
              ...(step.name ? { step: step.name } : {}),
              // a guess (the default model) is not a prediction whose error says anything about the noise
              ...(ev.ratesSource !== 'default model'
                ? { predictedS: ev.prepareSeconds, range: ev.prepareRange }
                : {}),
              measuredS: out.run?.stages.find((s) => s.event.stage.type === 'prepare')?.event.wallSeconds,
            });
            if (!appendHistory(c.historyRoot, entry))
              emitter.emit('log', {
                level: 'warning',
                message: `could not append to the calibration history in ${c.historyRoot}; later estimates will not use this run's measurements`,
              });
            c.history.push(entry);
          }
          if (!out.ok || !next?.name || next.name === 'SIMPLE' || !from || from === 'FULL') return;
          const p = predictNext(o, next.name, next.text, from, out.calibration ?? c.calibration, {
            history: c.history,
            target,
            addresses,
          });
          if (p) emitter.emit('prediction', p);
        },
      });
      return {
        code: outcome.ok ? 0 : o.signal?.aborted ? 130 : 1,
        ran: true,
        ...(outcome.calibration ? { calibration: outcome.calibration } : {}),
        ...(outcome.ok ? {} : { message: outcome.reason }),
      };
    } finally {
      recalibrate.dispose();
    }
  } finally {
    await setup.release();
    await deployed?.release(dir);
  }
}

/** The next step planned for the same agents, then predictStep; undefined when it does not plan. */
function predictNext(
  o: RunConfigOptions,
  name: 'MEDIUM' | 'FULL',
  text: string,
  from: 'SIMPLE' | 'MEDIUM',
  calibration: Calibration | undefined,
  where: { history: HistoryEntry[]; target: string; addresses: string[] },
): RunEvents['prediction'] | undefined {
  const loaded = loadChecked(o.file, text);
  if (!loaded.ok) return undefined;
  const plan = planChecked(o.file, loaded.value, placeholders(o.local), o.root ? resolve(o.root) : undefined);
  if (!plan.ok) return undefined;
  return predictStep({
    next: { name, model: plan.value.model },
    from,
    ...(calibration ? { calibration } : {}),
    ...where,
  });
}

/** One line of the calibration history: what this step's prepare measured, and how its prediction did. */
function historyEntry(
  cal: Calibration,
  x: {
    target: string;
    agents: string[];
    concurrency: number;
    shared: boolean;
    step?: string;
    predictedS?: number;
    range?: [number, number];
    measuredS?: number;
  },
): HistoryEntry {
  return {
    v: 1,
    at: new Date().toISOString(),
    target: x.target,
    agents: x.agents,
    concurrency: x.concurrency,
    shared: x.shared,
    source: 'run',
    ...(x.step ? { step: x.step } : {}),
    terms: cal.terms ?? {},
    rates: cal.agents,
    ...(x.measuredS !== undefined
      ? {
          prepare: {
            ...(x.predictedS !== undefined ? { predictedS: x.predictedS } : {}),
            ...(x.range ? { lo: x.range[0], hi: x.range[1] } : {}),
            measuredS: x.measuredS,
          },
        }
      : {}),
  };
}
