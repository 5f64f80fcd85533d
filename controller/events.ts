// The controller's typed events: everything a run does is told through these, so the CLI, `--json`, detached
// runs (events.ndjson) and the VS Code client all render the same stream. Payloads are plain JSON values (no
// bigint, no Buffer), so an event written as NDJSON reads back identical.
import { EventEmitter } from 'node:events';
import type { StageType } from '../core/model';

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
  /** ok = the agent confirmed the abort; idle = it then reported PHASE_IDLE (ready for the next run) */
  aborted: { reason: string; agents: { id: string; ok: boolean; idle: boolean; message?: string }[] };
  completed: { ok: boolean; wallSeconds: number; stages: number; message?: string };
  'results-written': { dir: string; files: string[] };
}

export type RunEventName = keyof RunEvents;
export type AnyRunEvent = { [K in RunEventName]: { event: K; data: RunEvents[K] } }[RunEventName];

/** A small typed EventEmitter; `onAny` sees every event in order (NDJSON, logs). */
export class TypedEmitter<E extends { [K in keyof E]: unknown }> {
  private readonly ee = new EventEmitter();
  private readonly any: ((name: keyof E, data: E[keyof E]) => void)[] = [];

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

  emit<K extends keyof E & string>(name: K, data: E[K]): void {
    for (const fn of this.any) fn(name, data);
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
