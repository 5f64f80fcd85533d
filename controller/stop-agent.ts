// Stopping one agent of a run, and explaining a stream that ended early: the parts of a stream run that talk to
// an agent outside its stream (the unary AbortWorkload and QueryAgentStatus, agent-status.ts).
import { Command, WorkloadPhase, type ControlMessage } from '../proto';
import { queryStatus, settleIdle } from './agent-status';
import type { AgentState } from './run-model';

/** Resolves true as soon as cond() holds, false after ms. */
function until(cond: () => boolean, ms: number): Promise<boolean> {
  return new Promise((res) => {
    if (cond()) return res(true);
    const start = Date.now();
    const iv = setInterval(() => {
      if (cond()) {
        clearInterval(iv);
        res(true);
      } else if (Date.now() - start >= ms) {
        clearInterval(iv);
        res(false);
      }
    }, 50);
  });
}

export interface StopOptions {
  waitMs: number;
  idleWaitMs: number;
  /** the stage a sai3 agent is still inside (it checks for an abort only between stages), if any */
  midStage?: string;
  send: (a: AgentState, m: ControlMessage) => void;
}

/** ABORT on the stream and the unary AbortWorkload, then the confirmation, then Idle (bounded). */
export async function stopAgent(
  a: AgentState,
  o: StopOptions,
): Promise<{ id: string; ok: boolean; idle: boolean; message?: string }> {
  o.send(a, { command: Command.ABORT, agent_id: a.plan.id });
  const rpc = new Promise<string | undefined>((res) =>
    a.conn.client.AbortWorkload({}, a.conn.metadata(), { deadline: new Date(Date.now() + o.waitMs) }, (e) =>
      res(e ? e.details || e.message : undefined),
    ),
  );
  const confirmed = await until(() => a.out.aborted || a.ended || a.out.completed, o.waitMs);
  const rpcError = await rpc;
  const ok = !rpcError || confirmed;
  // sai3 agents go back to Idle ~5 s after an abort (§3.11), or never from Failed without a reset; ours at
  // once. Confirm, bounded. One stopped mid-stage goes on with the stage's I/O although it says Idle (§B7).
  const idle = (await settleIdle(a.conn, a.plan.id, o.idleWaitMs)) && !o.midStage;
  const message = !ok
    ? rpcError
    : o.midStage
      ? `sai3-bench agents stop only between stages: '${o.midStage}' keeps doing I/O until it ends`
      : undefined;
  return { id: a.plan.id, ok, idle, ...(message ? { message } : {}) };
}

/** Why a stream ended without COMPLETED: a sai3 agent that rejected START says why only when asked (§B2). */
export async function explainStreamEnd(a: AgentState): Promise<string> {
  const st = await queryStatus(a.conn, a.plan.id, 'stream ended');
  if (st?.phase === WorkloadPhase.FAILED && st.message)
    return `${a.ready ? 'the agent failed' : 'the agent rejected the run'}: ${st.message}`;
  if (!a.ready && st?.phase === WorkloadPhase.IDLE)
    return (
      'the agent rejected START without a word and is Idle: a sai3-bench agent does this when a START-time ' +
      'check fails (e.g. a GET on a file:// glob that matches no files yet — it checks before any prepare ' +
      'stage runs) and keeps the reason in its own log'
    );
  if (!a.ready && st) return `the agent refused START: ${st.message || `it is in phase ${st.phase}`}`;
  return 'the agent closed the stream before completing';
}
