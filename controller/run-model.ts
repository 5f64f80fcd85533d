// What a run over the agents' streams takes and gives back, and the per-agent state it keeps: the types
// shared by controller/run.ts (the stream run) and its callers (session, CLI, tests).
import type * as grpc from '@grpc/grpc-js';
import type { ControlMessage, LiveStats__Output } from '../proto';
import type { Connection } from './connect';
import type { AgentRef, RunEmitter, StageRef } from './events';
import type { AgentPlan, RunPlan } from './per-agent-config';
import type { ResultsWriter } from './results';
import type { MergedStage } from './summary';

export type Stream = grpc.ClientDuplexStream<ControlMessage, LiveStats__Output>;

export interface RunStreamsOptions {
  plan: RunPlan;
  connections: Connection[]; // same order as plan.agents
  emitter: RunEmitter;
  results?: ResultsWriter;
  /** READY wait after START (sai3 agent_ready_timeout, default 120 s) */
  readyTimeoutMs?: number;
  /** live-stats period */
  tickMs?: number;
  /** warn after this long without a message from an agent; fail after `stallFailMs` */
  stallWarnMs?: number;
  stallFailMs?: number;
  /** how long to wait for agents to confirm an abort, then to report Idle */
  abortWaitMs?: number;
  idleWaitMs?: number;
  /** after the last barrier: wait this long for COMPLETED, then ask QueryAgentStatus (sai3's writer may be gone) */
  completionGraceMs?: number;
  /** warn once the first and the last READY are this far apart (sai3's writer gives up at 60 s) */
  readySpreadWarnMs?: number;
  signal?: AbortSignal;
  now?: () => number;
}

export interface AgentOutcome {
  id: string;
  completed: boolean;
  aborted: boolean;
  error?: string;
  clockOffsetMs?: number;
  prepareSummary?: LiveStats__Output['prepare_summary'];
  finalSummary?: LiveStats__Output['final_summary'];
}

export interface RunStreamsOutcome {
  ok: boolean;
  reason?: string;
  wallSeconds: number;
  stages: MergedStage[];
  agents: AgentOutcome[];
}

export interface AgentState {
  ref: AgentRef;
  plan: AgentPlan;
  conn: Connection;
  stream?: Stream;
  out: AgentOutcome;
  ready: boolean;
  /** its own RUNNING + at_barrier + barrier_sequence 0 came: it listens for releases (barrier 0 needs both) */
  atBarrier0: boolean;
  /** sai3's stats writer gave up on it (READY spread): no samples, no COMPLETED; liveness by QueryAgentStatus */
  quietExpected: boolean;
  /** releases re-sent per barrier (an agent that reports a released barrier again did not get it) */
  resent: Map<number, number>;
  ended: boolean;
  lastMsgAt: number;
  warnedStall: boolean;
  /** stage index for which failed operations were already reported (once per agent and stage) */
  warnedErrorsStage: number;
  progress: { current: number; total: number; label: string };
}

export function agentRefs(plan: RunPlan): AgentRef[] {
  return plan.agents.map((a) => ({ id: a.id, index: a.index, address: a.address }));
}

export function stageRefs(plan: RunPlan): StageRef[] {
  return plan.stages.map((s) => ({
    index: s.index,
    name: s.name,
    type: s.type,
    ...(s.durationMs !== undefined ? { durationMs: s.durationMs } : {}),
  }));
}
