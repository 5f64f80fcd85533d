// The state of a run as every host shows it (terminal, status bar, output panel, runs view, charts), folded
// from the event stream by one pure reducer. Re-attaching replays events.ndjson through it, so a view built
// from the file shows the same as one that watched live. Time comes from each event's `t`, never a clock.
import type { StepName } from '../core/ladder';
import {
  assertNever,
  type AgentRates,
  type AgentRef,
  type AnyRunEvent,
  type PreflightItem,
  type RunEventLine,
  type RunEvents,
  type StageRef,
  type StatsRow,
} from './events';

export type RunPhase = 'starting' | 'preflight' | 'running' | 'finished';

export type AgentPhase =
  | 'connecting'
  | 'connected'
  | 'preflight-passed'
  | 'preflight-failed'
  | 'ready'
  | 'running'
  | 'waiting' // at a barrier, for the others
  | 'error'
  | 'aborted'
  | 'done';

export interface AgentState {
  ref: AgentRef;
  state: AgentPhase;
  version?: string;
  stageName?: string;
  /** what the agent says it is doing (its progress label) */
  label?: string;
  current: number;
  total: number;
  /** all op classes, from the last live-stats second */
  opsPerSec: number;
  /** GET + PUT */
  mibPerSec: number;
  clockOffsetMs?: number;
  error?: string;
}

export interface ProgressState {
  stageIndex: number;
  label: string;
  /** 'items' = dirs/files counted by the agents; 'seconds' = a time-based stage's clock */
  unit: 'items' | 'seconds';
  current: number;
  total: number;
  /** items (or seconds) per second since the stage's first progress report; undefined until measurable */
  perSec?: number;
  etaSeconds?: number;
  /** the first report of this stage, the base of perSec */
  firstT?: number;
  firstCurrent: number;
}

export interface RunMessage {
  t?: number;
  message: string;
  agent?: string;
  address?: string;
  stage?: string;
}

export interface RunState {
  runId?: string;
  configFile?: string;
  resultsDir?: string;
  /** the ladder step this run is (absent for a plain run) */
  step?: { name: StepName; index: number; of: number };
  phase: RunPhase;
  estimate?: RunEvents['estimate'];
  stages: StageRef[];
  stage?: { ref: StageRef; index: number; count: number; startedT?: number };
  progress?: ProgressState;
  agents: Record<string, AgentState>;
  /** the last second of live statistics, summed over agents */
  live?: { t: number; stage: StageRef; elapsedS: number; total: RunEvents['live-stats']['total'] };
  summaries: RunEvents['stage-summary'][];
  errors: RunMessage[];
  warnings: RunMessage[];
  preflight: {
    agents: Record<string, { passed: boolean; errors: number; warnings: number; results: PreflightItem[] }>;
    done?: RunEvents['preflight-done'];
  };
  calibration?: Record<string, AgentRates>;
  /** what the next ladder step should take (emitted at the end of this one) */
  prediction?: RunEvents['prediction'];
  aborted?: RunEvents['aborted'];
  outcome?: { ok: boolean; wallSeconds: number; message?: string };
  results?: RunEvents['results-written'];
  startedT?: number;
  lastEventT?: number;
}

/** Errors and warnings kept (a 20-hour run with a flapping agent must not grow the state without bound). */
export const MAX_RUN_MESSAGES = 200;

export function initialRunState(): RunState {
  return {
    phase: 'starting',
    stages: [],
    agents: {},
    summaries: [],
    errors: [],
    warnings: [],
    preflight: { agents: {} },
  };
}

const push = (list: RunMessage[], m: RunMessage): RunMessage[] =>
  list.length >= MAX_RUN_MESSAGES ? [...list.slice(list.length - MAX_RUN_MESSAGES + 1), m] : [...list, m];

const rowOps = (r: StatsRow) => r.get.opsPerSec + r.put.opsPerSec + r.meta.opsPerSec;
const rowMib = (r: StatsRow) => r.get.mibPerSec + r.put.mibPerSec;
const TIME_BASED = new Set(['execute', 'hybrid']);

function agentUpdate(s: RunState, ref: AgentRef, patch: Partial<AgentState>): Record<string, AgentState> {
  const a = s.agents[ref.id] ?? {
    ref,
    state: 'connecting',
    current: 0,
    total: 0,
    opsPerSec: 0,
    mibPerSec: 0,
  };
  return { ...s.agents, [ref.id]: { ...a, ...patch } };
}

function patchAll(
  s: RunState,
  fn: (a: AgentState) => Partial<AgentState> | undefined,
): Record<string, AgentState> {
  const out: Record<string, AgentState> = {};
  for (const [id, a] of Object.entries(s.agents)) {
    const p = fn(a);
    out[id] = p ? { ...a, ...p } : a;
  }
  return out;
}

/** Progress of a counted stage: the rate since its first report and the time left at that rate. */
function countedProgress(
  prev: ProgressState | undefined,
  e: RunEvents['progress'],
  t?: number,
): ProgressState {
  const same = prev && prev.stageIndex === e.stage.index && prev.unit === 'items';
  const firstT = same ? prev.firstT : t;
  const firstCurrent = same ? prev.firstCurrent : e.current;
  const dt = t !== undefined && firstT !== undefined ? (t - firstT) / 1000 : 0;
  const perSec =
    dt > 0 && e.current > firstCurrent ? (e.current - firstCurrent) / dt : same ? prev.perSec : undefined;
  const left = Math.max(0, e.total - e.current);
  return {
    stageIndex: e.stage.index,
    label: e.label,
    unit: 'items',
    current: e.current,
    total: e.total,
    ...(perSec ? { perSec, etaSeconds: left / perSec } : {}),
    ...(firstT !== undefined ? { firstT } : {}),
    firstCurrent,
  };
}

/** A time-based stage's clock as progress (seconds of its duration). */
function clockProgress(e: RunEvents['live-stats']): ProgressState | undefined {
  const dur = e.stage.durationMs;
  if (!dur || !TIME_BASED.has(e.stage.type)) return undefined;
  const total = dur / 1000;
  const current = Math.min(total, e.elapsedS);
  return {
    stageIndex: e.stage.index,
    label: e.stage.name,
    unit: 'seconds',
    current,
    total,
    perSec: 1,
    etaSeconds: total - current,
    firstCurrent: 0,
  };
}

/** Folds one event into the state (pure: the same events give the same state). */
export function reduceRun(state: RunState, e: RunEventLine | (AnyRunEvent & { t?: number })): RunState {
  const t = e.t;
  const s: RunState = t !== undefined ? { ...state, lastEventT: t } : state;
  switch (e.event) {
    case 'step-start':
      // a ladder's next step is a new run: start over, keeping the prediction made for it
      return {
        ...initialRunState(),
        step: { name: e.data.step, index: e.data.index, of: e.data.of },
        resultsDir: e.data.resultsDir,
        ...(state.prediction ? { prediction: state.prediction } : {}),
        ...(t !== undefined ? { lastEventT: t } : {}),
      };
    case 'estimate':
      return { ...s, estimate: e.data };
    case 'run-start': {
      const agents: Record<string, AgentState> = {};
      for (const ref of e.data.agents)
        agents[ref.id] = { ref, state: 'connecting', current: 0, total: 0, opsPerSec: 0, mibPerSec: 0 };
      return {
        ...s,
        runId: e.data.runId,
        ...(e.data.configFile ? { configFile: e.data.configFile } : {}),
        ...(e.data.resultsDir ? { resultsDir: e.data.resultsDir } : {}),
        stages: e.data.stages,
        agents,
        phase: 'starting',
        ...(t !== undefined ? { startedT: t } : {}),
      };
    }
    case 'agent-connected':
      return { ...s, agents: agentUpdate(s, e.data.agent, { state: 'connected', version: e.data.version }) };
    case 'preflight-result': {
      const { agent, passed, errors, warnings, results } = e.data;
      return {
        ...s,
        phase: 'preflight',
        agents: agentUpdate(s, agent, { state: passed ? 'preflight-passed' : 'preflight-failed' }),
        preflight: {
          ...s.preflight,
          agents: { ...s.preflight.agents, [agent.id]: { passed, errors, warnings, results } },
        },
      };
    }
    case 'preflight-done':
      return { ...s, phase: 'preflight', preflight: { ...s.preflight, done: e.data } };
    case 'calibration':
      return { ...s, calibration: e.data.agents };
    case 'agent-ready':
      return {
        ...s,
        agents: agentUpdate(s, e.data.agent, { state: 'ready', clockOffsetMs: e.data.clockOffsetMs }),
      };
    case 'stage-start': {
      const ref = e.data.stage;
      return {
        ...s,
        phase: 'running',
        stage: { ref, index: ref.index, count: s.stages.length, ...(t !== undefined ? { startedT: t } : {}) },
        progress: undefined,
        agents: patchAll(s, (a) =>
          a.state === 'error' || a.state === 'aborted'
            ? undefined
            : { state: 'running', stageName: ref.name, current: 0, total: 0, label: ref.name },
        ),
      };
    }
    case 'progress': {
      const d = e.data;
      let agents = s.agents;
      for (const p of d.agents)
        if (agents[p.id])
          agents = {
            ...agents,
            [p.id]: { ...agents[p.id], current: p.current, total: p.total, label: p.label },
          };
      // a time-based stage reports no totals; its clock comes from live-stats
      return d.total > 0 ? { ...s, agents, progress: countedProgress(s.progress, d, t) } : { ...s, agents };
    }
    case 'live-stats': {
      const d = e.data;
      let agents = s.agents;
      for (const r of d.agents)
        if (agents[r.id])
          agents = { ...agents, [r.id]: { ...agents[r.id], opsPerSec: rowOps(r), mibPerSec: rowMib(r) } };
      const clock = clockProgress(d);
      return {
        ...s,
        agents,
        live: { t: d.t, stage: d.stage, elapsedS: d.elapsedS, total: d.total },
        ...(clock ? { progress: clock } : {}),
      };
    }
    case 'barrier-reached':
      return { ...s, agents: agentUpdate(s, e.data.agent, { state: 'waiting' }) };
    case 'barrier-released': {
      const p = s.progress;
      const done =
        p && p.stageIndex === e.data.index && p.unit === 'items'
          ? { ...p, current: p.total, etaSeconds: 0 }
          : p;
      return {
        ...s,
        ...(done ? { progress: done } : {}),
        agents: patchAll(s, (a) =>
          e.data.agents.includes(a.ref.id) && a.state === 'waiting' ? { state: 'ready' } : undefined,
        ),
      };
    }
    case 'stage-summary':
      return {
        ...s,
        summaries: [...s.summaries.filter((x) => x.stage.index !== e.data.stage.index), e.data],
      };
    case 'agent-error': {
      const { agent, message, stage } = e.data;
      return {
        ...s,
        agents: agentUpdate(s, agent, { state: 'error', error: message }),
        errors: push(s.errors, {
          ...(t !== undefined ? { t } : {}),
          message,
          agent: agent.id,
          address: agent.address,
          ...(stage ? { stage: stage.name } : {}),
        }),
      };
    }
    case 'log':
      return e.data.level === 'warning'
        ? { ...s, warnings: push(s.warnings, { ...(t !== undefined ? { t } : {}), message: e.data.message }) }
        : s;
    case 'aborted': {
      const byId = new Map(e.data.agents.map((a) => [a.id, a]));
      return {
        ...s,
        aborted: e.data,
        agents: patchAll(s, (a) => (byId.get(a.ref.id)?.ok ? { state: 'aborted' } : undefined)),
      };
    }
    case 'completed': {
      const { ok, wallSeconds, message } = e.data;
      return {
        ...s,
        phase: 'finished',
        outcome: { ok, wallSeconds, ...(message ? { message } : {}) },
        agents: ok ? patchAll(s, () => ({ state: 'done' })) : s.agents,
      };
    }
    case 'results-written':
      return { ...s, results: e.data, resultsDir: e.data.dir };
    case 'prediction':
      return { ...s, prediction: e.data };
    default:
      return assertNever(e);
  }
}

/** Folds a whole stream (a replayed file, a test's events). */
export function replayRun(
  events: Iterable<RunEventLine | (AnyRunEvent & { t?: number })>,
  state = initialRunState(),
): RunState {
  let s = state;
  for (const e of events) s = reduceRun(s, e);
  return s;
}
