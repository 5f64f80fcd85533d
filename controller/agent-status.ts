// What an agent says about itself outside the stream (QueryAgentStatus), and bringing a sai3-bench agent back to
// Idle. sai3's agent rejects a START without sending anything — it stores the error, goes to `Failed` and ends
// the stream (agent.rs:2779-2821, 2952-2954) — and nothing but a RESET- or GOODBYE-only stream moves it back
// (agent.rs:3162-3221); the same holds for `Completed` when its stats writer gave up before sending COMPLETED.
// QueryAgentStatus carries the stored error (agent.rs:1048: PHASE_FAILED with the message).
import { Command, WorkloadPhase, type LiveStats__Output } from '../proto';
import type { Connection } from './connect';
import type { Stream } from './run-model';

export interface AgentStatus {
  phase: number;
  /** the agent's own words: sai3 puts the stored error of a Failed agent here */
  message: string;
}

/** Our agent names itself in Ping; anything else is treated as a sai3-bench agent. */
export const isIobenchAgent = (version: string): boolean => version.startsWith('iobench-agent');

/** QueryAgentStatus, bounded; undefined when the agent does not answer. */
export function queryStatus(c: Connection, agentId: string, reason: string, timeoutMs = 2_000) {
  return new Promise<AgentStatus | undefined>((resolve) =>
    c.client.QueryAgentStatus(
      { agent_id: agentId, reason },
      c.metadata(),
      { deadline: new Date(Date.now() + timeoutMs) },
      (e, r) => {
        if (e || !r) return resolve(undefined);
        const p = r.current_progress;
        resolve({
          phase: p?.current_phase ?? WorkloadPhase.IDLE,
          message: p?.current_operation || r.status_message || '',
        });
      },
    ),
  );
}

/** A stream with only RESET then GOODBYE: back to Idle from Failed or Completed. Resolves when it is over. */
export function resetAgent(c: Connection, agentId: string, timeoutMs = 3_000): Promise<void> {
  return new Promise((resolve) => {
    const s = c.client.ExecuteWorkload(c.metadata()) as Stream;
    let done = false;
    const end = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      try {
        s.write({ command: Command.GOODBYE, agent_id: '' });
        s.end();
      } catch {
        // already closed
      }
      setTimeout(() => s.cancel(), 500).unref();
      resolve();
    };
    const timer = setTimeout(end, timeoutMs);
    // RESET answers "Reset complete - back to Idle" (status 1) on both sai3's agent and ours
    s.on('data', (_m: LiveStats__Output) => end());
    s.on('error', end);
    s.on('end', end);
    s.write({ command: Command.RESET, agent_id: agentId });
  });
}

const LEFT_OVER = new Set<number>([WorkloadPhase.FAILED, WorkloadPhase.COMPLETED]);

/**
 * Polls until the agent reports IDLE (true), gives no answer (false) or `ms` pass (false). A Failed or
 * Completed agent — a state only a new stream gets it out of — is reset once on the way.
 */
export async function settleIdle(c: Connection, agentId: string, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  let reset = false;
  while (Date.now() < end) {
    const st = await queryStatus(c, agentId, 'abort');
    if (!st) return false;
    if (st.phase === WorkloadPhase.IDLE) return true;
    if (LEFT_OVER.has(st.phase) && !reset) {
      reset = true;
      await resetAgent(c, agentId);
      continue;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

/**
 * Before START: an agent left Failed or Completed by an earlier run is reset (returns a line to tell the user);
 * one that is busy with another run is refused. An agent that does not answer QueryAgentStatus is left alone
 * (START will tell).
 */
export async function readyForStart(
  c: Connection,
  agentId: string,
): Promise<{ ok: true; note?: string } | { ok: false; message: string }> {
  const st = await queryStatus(c, agentId, 'pre-start');
  if (!st || st.phase === WorkloadPhase.IDLE) return { ok: true };
  if (LEFT_OVER.has(st.phase)) {
    await resetAgent(c, agentId);
    const after = await queryStatus(c, agentId, 'pre-start');
    const was = st.phase === WorkloadPhase.FAILED ? `Failed (${st.message || 'no message'})` : 'Completed';
    if (!after || after.phase === WorkloadPhase.IDLE)
      return { ok: true, note: `${agentId} was left ${was} by an earlier run; it was reset to Idle` };
    return { ok: false, message: `the agent was left ${was} by an earlier run and did not reset to Idle` };
  }
  if (st.phase === WorkloadPhase.ABORTING)
    return {
      ok: false,
      message:
        'the agent is still aborting an earlier run (a sai3-bench agent finishes the running stage first); try again when it is idle',
    };
  return {
    ok: false,
    message: `the agent is busy (${st.message || `phase ${st.phase}`}): another run is using it; abort that run or wait`,
  };
}
