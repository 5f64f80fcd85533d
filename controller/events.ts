// The controller's typed events: everything a run does is told through these, so the CLI, `--json`, detached
// runs (events.ndjson) and the VS Code client all render the same stream. Payloads are plain JSON values (no
// bigint, no Buffer), so an event written as NDJSON reads back identical. Each NDJSON line carries the format
// version (`v`), so a newer build can re-attach to a run an older one started, or say clearly that it cannot.
import { EventEmitter } from 'node:events';
import type { TimeTerms } from '../core/estimate';
import type { StageType } from '../core/model';
import type { StepName } from '../core/ladder';
import { toJson } from './json';

export interface AgentRef {
  id: string;
  index: number;
  address: string;
}

export interface StageRef {
  index: number; // position in the stage list = barrier number
  name: string;
  type: StageType;
  /** execute/hybrid stages: how long the workload runs */
  durationMs?: number;
}

/** One op class (GET, PUT or META) in one second or one stage. Latencies in microseconds. */
export interface ClassStats {
  ops: number; // in the window (live) or the stage (summary)
  bytes: number;
  opsPerSec: number;
  mibPerSec: number;
  meanUs: number;
  p50Us: number;
  p90Us: number;
  p95Us: number;
  p99Us: number;
  maxUs?: number;
}

export interface CpuStats {
  user: number;
  system: number;
  iowait: number;
  total: number;
}

export interface StatsRow {
  get: ClassStats;
  put: ClassStats;
  meta: ClassStats;
  cpu?: CpuStats;
}

/**
 * How the percentiles of a total were obtained: `hdr` = from the merged HDR histograms of every agent (true
 * percentiles); `op-weighted` = each agent's percentile weighted by its op count (sai3's approximation, §3.12).
 */
export type LatencyMethod = 'hdr' | 'op-weighted';

export interface PreflightItem {
  level: 'success' | 'info' | 'warning' | 'error';
  type: string; // authentication, permission, network, configuration, resource, system, unknown
  phase: string; // the agent's test_phase (stat, write, disk-space, calibration…)
  message: string;
  suggestion: string;
  details: string;
  /** 1-based config position the result is about, when known */
  line?: number;
  column?: number;
  configPath?: (string | number)[];
}

export interface RunEvents {
  /** what the config will create, before anything runs (core/estimate's JSON contract) */
  estimate: {
    file?: string;
    step?: string;
    json: unknown;
    /** summed over agents (with parallel prepare on isolated storage every agent writes every file) */
    files: number;
    bytes: number;
    dirs: number;
    treeSeconds: number;
    prepareSeconds: number;
    /** recomputed with the rates pre-flight measured (said once, after pre-flight) */
    measured?: boolean;
    /** 90 % ranges of the times, [low, high] seconds, and where the rates come from (docs/time-model.md) */
    treeRange?: [number, number];
    prepareRange?: [number, number];
    ratesSource?: string;
  };
  'run-start': {
    runId: string;
    configFile?: string;
    resultsDir?: string;
    agents: AgentRef[];
    stages: StageRef[];
    startedAt: string;
  };
  'agent-connected': { agent: AgentRef; version: string; ms: number };
  'preflight-result': {
    agent: AgentRef;
    passed: boolean;
    errors: number;
    warnings: number;
    results: PreflightItem[];
  };
  'preflight-done': { passed: boolean; agents: number; errors: number; warnings: number };
  calibration: {
    file?: string;
    agents: Record<string, { mkdirPerSec?: number; createsPerSec?: number; bytesPerSec?: number }>;
    /** the time model's terms per agent, when our agents measured them */
    terms?: Record<string, TimeTerms>;
  };
  'agent-ready': { agent: AgentRef; clockOffsetMs: number };
  'stage-start': { stage: StageRef; at: number };
  progress: {
    stage: StageRef;
    label: string; // what the agents say they are doing (stage name, "Creating directories", …)
    current: number;
    total: number; // 0 = time-based stage
    agents: { id: string; current: number; total: number; label: string }[];
  };
  'live-stats': {
    t: number; // seconds since run start
    stage: StageRef;
    elapsedS: number; // seconds into the stage (slowest agent's view)
    agents: (StatsRow & { id: string })[];
    total: StatsRow & { latency: 'op-weighted' };
    /** inside the execute stage's warmup_period: shown, but not part of the stage's results */
    warmup?: boolean;
  };
  'barrier-reached': { index: number; agent: AgentRef; waiting: number };
  'barrier-released': { index: number; stage: StageRef; agents: string[] };
  'stage-summary': {
    stage: StageRef;
    wallSeconds: number;
    agents: (StatsRow & { id: string; wallSeconds: number; errors: number })[];
    total: StatsRow & { errors: number; latency: LatencyMethod };
  };
  'agent-error': { agent: AgentRef; message: string; stage?: StageRef };
  log: { level: 'info' | 'warning'; message: string };
  /**
   * ok = the agent confirmed the abort; idle = it then reported PHASE_IDLE and no stage of it still runs (a
   * sai3-bench agent finishes the running stage first: idle false, `message` says so)
   */
  aborted: { reason: string; agents: { id: string; ok: boolean; idle: boolean; message?: string }[] };
  completed: {
    ok: boolean;
    wallSeconds: number;
    stages: number;
    message?: string;
    /** how far off the prediction made before the run was, per predicted stage (also in summary.json) */
    prediction?: PredictionCheck[];
  };
  'results-written': { dir: string; files: string[] };
  /** a ladder step (or the only step) begins; `resultsDir` is that step's folder */
  'step-start': { step: StepName; index: number; of: number; resultsDir: string };
  /** after a step: what the next step should create and take, from the rates this one measured */
  prediction: {
    step: 'MEDIUM' | 'FULL';
    from: 'SIMPLE' | 'MEDIUM';
    /** where the rates came from, e.g. "SIMPLE pre-flight and prepare" */
    basedOn: string;
    dirs: number;
    files: number;
    bytes: number;
    treeSeconds: number;
    prepareSeconds: number;
    rates: Record<string, AgentRates>;
    treeRange?: [number, number];
    prepareRange?: [number, number];
  };
}

/** A stage's predicted time (before the run) against what it took. */
export interface PredictionCheck {
  stage: string;
  predictedSeconds: number;
  range?: [number, number];
  measuredSeconds: number;
  /** (measured − predicted) / predicted, percent */
  errorPct: number;
  ratesSource?: string;
}

/** Rates measured on one agent (pre-flight or a run's prepare stage). */
export interface AgentRates {
  mkdirPerSec?: number;
  createsPerSec?: number;
  bytesPerSec?: number;
}

export type RunEventName = keyof RunEvents;
/** One event of an emitter's map, as a tagged union: `switch (e.event)` narrows `e.data`. */
export type EventOf<E> = { [K in keyof E & string]: { event: K; data: E[K] } }[keyof E & string];
export type AnyRunEvent = EventOf<RunEvents>;

/** A subscription (VS Code's shape): dispose() removes the listener, so a closed view leaks nothing. */
export interface Disposable {
  dispose(): void;
}

/**
 * The (name, data) pair of an `emit` or `onAny` as the tagged union. This is the one place the pair becomes a
 * union member: TypeScript cannot correlate a generic K across the mapped union, the pair is one by typing.
 */
export function runEvent<K extends RunEventName>(event: K, data: RunEvents[K]): AnyRunEvent {
  return { event, data } as AnyRunEvent;
}

/** For the `default` of an exhaustive switch: a new event that a consumer forgot is a compile error. */
export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(x)}`);
}

/** The NDJSON format of events.ndjson and `--json`; bump it when a reader of the previous one would misread. */
export const EVENT_FORMAT_VERSION = 1;

/** One line of events.ndjson: `{ "v": 1, "event": NAME, "t": <ms epoch>, "data": {...} }`. */
export type RunEventLine = AnyRunEvent & { v: number; t: number };

/** The line for one event (no newline). */
export function formatEventLine<K extends RunEventName>(event: K, data: RunEvents[K], t: number): string {
  return toJson({ v: EVENT_FORMAT_VERSION, event, t, data });
}

type Kind = 'number' | 'string' | 'boolean' | 'object' | 'array';
type RequiredKeys<T> = { [P in keyof T]-?: object extends Pick<T, P> ? never : P }[keyof T];

/**
 * The keys each event must carry and their JSON kinds. The mapped type makes every required field of every
 * event listed here, so a new event or field that is forgotten is a compile error, not a silent hole.
 */
const SHAPES: { [K in RunEventName]: { [P in RequiredKeys<RunEvents[K]>]: Kind } } = {
  estimate: {
    json: 'object',
    files: 'number',
    bytes: 'number',
    dirs: 'number',
    treeSeconds: 'number',
    prepareSeconds: 'number',
  },
  'run-start': { runId: 'string', agents: 'array', stages: 'array', startedAt: 'string' },
  'agent-connected': { agent: 'object', version: 'string', ms: 'number' },
  'preflight-result': {
    agent: 'object',
    passed: 'boolean',
    errors: 'number',
    warnings: 'number',
    results: 'array',
  },
  'preflight-done': { passed: 'boolean', agents: 'number', errors: 'number', warnings: 'number' },
  calibration: { agents: 'object' },
  'agent-ready': { agent: 'object', clockOffsetMs: 'number' },
  'stage-start': { stage: 'object', at: 'number' },
  progress: { stage: 'object', label: 'string', current: 'number', total: 'number', agents: 'array' },
  'live-stats': { t: 'number', stage: 'object', elapsedS: 'number', agents: 'array', total: 'object' },
  'barrier-reached': { index: 'number', agent: 'object', waiting: 'number' },
  'barrier-released': { index: 'number', stage: 'object', agents: 'array' },
  'stage-summary': { stage: 'object', wallSeconds: 'number', agents: 'array', total: 'object' },
  'agent-error': { agent: 'object', message: 'string' },
  log: { level: 'string', message: 'string' },
  aborted: { reason: 'string', agents: 'array' },
  completed: { ok: 'boolean', wallSeconds: 'number', stages: 'number' },
  'results-written': { dir: 'string', files: 'array' },
  'step-start': { step: 'string', index: 'number', of: 'number', resultsDir: 'string' },
  prediction: {
    step: 'string',
    from: 'string',
    basedOn: 'string',
    dirs: 'number',
    files: 'number',
    bytes: 'number',
    treeSeconds: 'number',
    prepareSeconds: 'number',
    rates: 'object',
  },
};

const isEventName = (x: unknown): x is RunEventName => typeof x === 'string' && Object.hasOwn(SHAPES, x);

function kindOf(x: unknown): Kind | 'null' | 'other' {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'array';
  const t = typeof x;
  // NaN and ±Infinity are written as null (toJson), so a number field may read back as null
  return t === 'number' || t === 'string' || t === 'boolean' || t === 'object' ? t : 'other';
}

export type ParsedEventLine = { ok: true; line: RunEventLine } | { ok: false; error: string };

/**
 * Reads one NDJSON line. A line without `v` was written by the build before versioning and reads as v1; a
 * newer `v` is refused with what to do. The payload's top-level fields are checked against SHAPES, so a
 * consumer's switch can trust them.
 */
export function parseEventLine(text: string): ParsedEventLine {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `not JSON (${(e as Error).message})` };
  }
  if (kindOf(raw) !== 'object') return { ok: false, error: 'not a JSON object' };
  const o = raw as Record<string, unknown>;
  const v = o.v === undefined ? 1 : o.v;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
    return { ok: false, error: `"v" must be a whole number ≥ 1 (got ${JSON.stringify(o.v)})` };
  if (v > EVENT_FORMAT_VERSION)
    return {
      ok: false,
      error: `written by a newer iobench (event format v${v}; this build reads up to v${EVENT_FORMAT_VERSION}): update iobench (or the iobench extension) to follow this run`,
    };
  if (!isEventName(o.event)) return { ok: false, error: `unknown event ${JSON.stringify(o.event)}` };
  if (typeof o.t !== 'number' || !Number.isFinite(o.t))
    return { ok: false, error: `${o.event}: "t" must be a time in ms since the epoch` };
  if (kindOf(o.data) !== 'object') return { ok: false, error: `${o.event}: "data" must be an object` };
  const data = o.data as Record<string, unknown>;
  for (const [key, kind] of Object.entries(SHAPES[o.event] as Record<string, Kind>)) {
    const got = kindOf(data[key]);
    if (got !== kind && !(kind === 'number' && got === 'null'))
      return {
        ok: false,
        error: `${o.event}: data.${key} must be ${kind === 'array' ? 'an' : 'a'} ${kind} (got ${got})`,
      };
  }
  // checked above: the name is a RunEventName and the payload has that event's fields
  return { ok: true, line: { v, event: o.event, t: o.t, data } as RunEventLine };
}

/** A small typed EventEmitter; `onAny` and `subscribe` see every event in order (NDJSON, logs, views). */
export class TypedEmitter<E extends { [K in keyof E]: unknown }> {
  private readonly ee = new EventEmitter();
  private readonly any: ((name: keyof E, data: E[keyof E]) => void)[] = [];
  private readonly subs = new Set<(e: EventOf<E>) => void>();

  constructor() {
    this.ee.setMaxListeners(100);
  }

  on<K extends keyof E & string>(name: K, fn: (data: E[K]) => void): this {
    this.ee.on(name, fn);
    return this;
  }

  once<K extends keyof E & string>(name: K, fn: (data: E[K]) => void): this {
    this.ee.once(name, fn);
    return this;
  }

  off<K extends keyof E & string>(name: K, fn: (data: E[K]) => void): this {
    this.ee.off(name, fn);
    return this;
  }

  onAny(fn: <K extends keyof E>(name: K, data: E[K]) => void): this {
    this.any.push(fn as (name: keyof E, data: E[keyof E]) => void);
    return this;
  }

  /** Every event as one tagged value, in order; dispose() to stop. */
  subscribe(fn: (e: EventOf<E>) => void): Disposable {
    this.subs.add(fn);
    return { dispose: () => void this.subs.delete(fn) };
  }

  /** `on` that returns a Disposable instead of the emitter. */
  listen<K extends keyof E & string>(name: K, fn: (data: E[K]) => void): Disposable {
    this.ee.on(name, fn);
    return { dispose: () => void this.ee.off(name, fn) };
  }

  /** `once` that returns a Disposable (dispose before it fired removes it). */
  listenOnce<K extends keyof E & string>(name: K, fn: (data: E[K]) => void): Disposable {
    this.ee.once(name, fn);
    return { dispose: () => void this.ee.off(name, fn) };
  }

  /** How many listeners are attached (tests check that disposing leaks nothing). */
  listenerCount(): number {
    return (
      this.any.length +
      this.subs.size +
      this.ee.eventNames().reduce((n, k) => n + this.ee.listenerCount(k), 0)
    );
  }

  emit<K extends keyof E & string>(name: K, data: E[K]): void {
    for (const fn of this.any) fn(name, data);
    // the pair is an EventOf<E> member by construction; TypeScript cannot correlate K across the mapped union
    if (this.subs.size) {
      const e = { event: name, data } as EventOf<E>;
      for (const fn of [...this.subs]) fn(e);
    }
    this.ee.emit(name, data);
  }

  /** Resolves with the first `name` event whose payload passes `pred` (tests wait on events, never sleep). */
  waitFor<K extends keyof E & string>(name: K, pred: (data: E[K]) => boolean = () => true): Promise<E[K]> {
    return new Promise((resolve) => {
      const fn = (data: E[K]) => {
        if (!pred(data)) return;
        this.off(name, fn);
        resolve(data);
      };
      this.on(name, fn);
    });
  }
}

export class RunEmitter extends TypedEmitter<RunEvents> {}
