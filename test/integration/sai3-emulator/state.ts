// The sai3-bench v0.8.97 agent's shared state, as the emulator keeps it: one per agent process, shared by every
// stream (agent.rs:165-375). Line references are to src/bin/agent.rs at d5c9954 unless named otherwise.
import { EventEmitter } from 'node:events';

export type AgentStateKind =
  | { kind: 'Idle' }
  | { kind: 'AtStage'; index: number; name: string; readyForNext: boolean }
  | { kind: 'Completed' }
  | { kind: 'Failed' }
  | { kind: 'Aborting' };

export interface EmulatorOptions {
  /** the agent's own environment (distributed_env never overwrites a key set here, agent.rs:690-694) */
  env?: Record<string, string>;
  /** the stats writer's poll for READY (agent.rs:1999: 100 ms) */
  pollMs?: number;
  /** READY re-send and RUNNING cadence (agent.rs:2090, 2213: 1 s) */
  tickMs?: number;
  /** the stats writer gives up waiting at barrier 0 after this (agent.rs:2091: MAX_WAIT_SECS = 60) */
  readyGiveUpMs?: number;
  /** extra time between the flip to ready_for_next and subscribe_barrier_release (agent.rs:4098-4112 vs 4265),
   *  widened on purpose: in sai3 it is µs-ms */
  subscribeGapMs?: number;
  /** how long one second of `agent_barrier_timeout` lasts (tests shrink it) */
  barrierSecondMs?: number;
  /** AGENT_ERROR_FLUSH_DELAY_SECS (constants.rs:321: 5 s) and the AbortWorkload reset (agent.rs:1812: 5 s) */
  flushMs?: number;
  /** MIN_STATS_DURATION_SECS (agent.rs:2272: 3 s of RUNNING before COMPLETED) */
  minStatsMs?: number;
  /**
   * Where a rejected START leaves the agent. Reading agent.rs:242-365, Idle → Failed is not an allowed
   * transition and `let _ = transition_to(Failed)` (agent.rs:2792, 2813) drops the refusal: the agent stays
   * Idle with its error stored but not reported. The wire audit describes it as Failed (QueryAgentStatus then
   * says PHASE_FAILED with the error, agent.rs:1048). Both are emulated; default: what the code says.
   */
  rejectedStartState?: 'Idle' | 'Failed';
  /** how long each stage type runs here (execute: the stage's `duration` unless set) */
  stageMs?: Partial<Record<'validation' | 'prepare' | 'execute' | 'cleanup' | 'custom' | 'hybrid', number>>;
}

export const DEFAULTS = {
  pollMs: 100,
  tickMs: 1000,
  readyGiveUpMs: 60_000,
  subscribeGapMs: 0,
  barrierSecondMs: 1000,
  flushMs: 5000,
  minStatsMs: 3000,
  rejectedStartState: 'Idle' as 'Idle' | 'Failed',
};

/** Counters of the stage being run (LiveStatsTracker, reset at each stage start, agent.rs:3710). */
export interface Tracker {
  createdMs: number;
  stageStartMs: number;
  stageName: string;
  stageType: string;
  getOps: number;
  getBytes: number;
  putOps: number;
  putBytes: number;
  metaOps: number;
  progress: number;
  progressTotal: number;
  /** latencies (µs) by op class and size bucket, for the stage summary */
  lat: { get: Map<number, number[]>; put: Map<number, number[]>; meta: Map<number, number[]> };
}

export function newTracker(createdMs: number): Tracker {
  return {
    createdMs,
    stageStartMs: createdMs,
    stageName: '',
    stageType: '',
    getOps: 0,
    getBytes: 0,
    putOps: 0,
    putBytes: 0,
    metaOps: 0,
    progress: 0,
    progressTotal: 0,
    lat: { get: new Map(), put: new Map(), meta: new Map() },
  };
}

/** The allowed transitions (agent.rs:238-375); RESET and SYNC_STATE bypass them. */
function allowed(from: AgentStateKind, to: AgentStateKind): boolean {
  if (to.kind === 'Aborting') return true;
  switch (from.kind) {
    case 'Idle':
      return (to.kind === 'AtStage' && to.index === 0) || to.kind === 'Idle';
    case 'AtStage':
      if (!from.readyForNext)
        return (
          (to.kind === 'AtStage' && to.index === from.index && to.readyForNext) ||
          (from.index === 0 && to.kind === 'AtStage' && to.index === 1 && !to.readyForNext) ||
          to.kind === 'Failed'
        );
      return (
        (to.kind === 'AtStage' && to.index === from.index + 1 && !to.readyForNext) ||
        to.kind === 'Completed' ||
        to.kind === 'Idle' ||
        to.kind === 'Failed'
      );
    case 'Completed':
      return to.kind === 'Idle';
    case 'Failed':
      return to.kind === 'Idle' || to.kind === 'Failed';
    case 'Aborting':
      return to.kind === 'Idle';
  }
}

export class AgentState {
  state: AgentStateKind = { kind: 'Idle' };
  error: string | undefined;
  agentId = '';
  tracker: Tracker | undefined;
  /** the agent's environment after forwarded credentials were applied */
  readonly env: Map<string, string>;
  /** barrier releases: a broadcast without replay (tokio::sync::broadcast, agent.rs:3148-3161) */
  readonly releases = new EventEmitter();
  /** abort broadcast, only looked at between stages (agent.rs:3656-3665) */
  abortRequested = false;
  /** true while a stage does "I/O" (B7: it keeps going after an abort) */
  stageRunning = false;
  /** every START, pre-flight and control message seen, for tests */
  readonly seen: { command: string; detail?: string }[] = [];

  constructor(readonly opts: Required<Omit<EmulatorOptions, 'env' | 'stageMs'>> & EmulatorOptions) {
    this.env = new Map(Object.entries(opts.env ?? {}));
    this.releases.setMaxListeners(100);
  }

  /** transition_to: refuses what the table does not allow (agent.rs:238-375). */
  transition(to: AgentStateKind): boolean {
    const same = JSON.stringify(this.state) === JSON.stringify(to);
    if (same) return true;
    if (!allowed(this.state, to)) return false;
    this.state = to;
    return true;
  }

  /** apply_distributed_env: keys already set locally win (agent.rs:678-715). */
  applyDistributedEnv(env: unknown): void {
    if (typeof env !== 'object' || env === null) return;
    for (const [k, v] of Object.entries(env as Record<string, unknown>))
      if (!this.env.has(k) && typeof v === 'string') this.env.set(k, v);
  }

  /** QueryAgentStatus's phase and message (agent.rs:982-1075). */
  phase(): { phase: number; message: string } {
    const s = this.state;
    switch (s.kind) {
      case 'Idle':
        return { phase: 0, message: 'Idle, ready for work' };
      case 'AtStage':
        return s.readyForNext
          ? { phase: 2, message: `At stage ${s.index} (${s.name}), waiting at barrier` }
          : { phase: 5, message: `Executing stage ${s.index} (${s.name})` };
      case 'Completed':
        return { phase: 8, message: 'All phases completed successfully' };
      case 'Failed':
        return { phase: 9, message: this.error ?? 'Agent in failed state' }; // agent.rs:1048-1056
      case 'Aborting':
        return { phase: 10, message: 'Aborting workload' };
    }
  }
}
