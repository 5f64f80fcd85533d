// What a stream run does for sai3-bench agents whose stats writer gives up (agent.rs:2087-2190): it stops for
// good once an agent has been READY for 60 s without a release, or when it never samples a running stage (every
// stage shorter than its 1 s tick) — then no RUNNING and no COMPLETED come, although every barrier does.
// READY spread: warned about once, such agents are then kept alive by QueryAgentStatus. After the last release:
// QueryAgentStatus decides for agents that sent no COMPLETED.
import { WorkloadPhase } from '../proto';
import { SAI3_READY_GIVE_UP_S } from '../core/sai3-protocol';
import { isIobenchAgent, queryStatus } from './agent-status';
import type { AgentState } from './run-model';

export interface WatchHost {
  running(): boolean;
  fail(a: AgentState, message: string): void;
  complete(a: AgentState): void;
  warn(message: string): void;
  later(fn: () => void, ms: number): void;
}

export class Sai3Watch {
  private firstReadyAt = 0;
  private warned = false;

  constructor(private readonly host: WatchHost) {}

  onReady(now: number): void {
    this.firstReadyAt ||= now;
  }

  /** Each tick before barrier 0 is released: READY this long ago while others are not yet READY. */
  checkSpread(agents: AgentState[], notAtBarrier0: string[], now: number, warnMs: number): void {
    if (!this.firstReadyAt || now - this.firstReadyAt < warnMs) return;
    const early = agents.filter((a) => a.ready && !isIobenchAgent(a.conn.version));
    for (const a of early) a.quietExpected = true;
    if (this.warned || !early.length) return;
    this.warned = true;
    const late = [...new Set(notAtBarrier0.concat(agents.filter((a) => !a.ready).map((a) => a.plan.id)))];
    this.host.warn(
      `${early.map((a) => a.plan.id).join(', ')} READY for ${Math.round((now - this.firstReadyAt) / 1000)} s while ${late.join(', ')} ` +
        `is not: a sai3-bench agent stops sending statistics after ${SAI3_READY_GIVE_UP_S} s at the start barrier and ` +
        'never sends COMPLETED; the run goes on, and completion is confirmed with QueryAgentStatus',
    );
  }

  /** An agent expected to be silent: alive (and not failed) per QueryAgentStatus counts as a message. */
  async probe(a: AgentState, now: () => number): Promise<void> {
    const st = await queryStatus(a.conn, a.plan.id, 'liveness');
    if (!this.host.running()) return;
    if (!st) return this.host.fail(a, 'no message, and no answer to QueryAgentStatus');
    if (st.phase === WorkloadPhase.FAILED) return this.host.fail(a, `the agent failed: ${st.message}`);
    a.lastMsgAt = now();
  }

  /** After the last release: poll agents without COMPLETED every second, after `graceMs` (0 for quiet ones). */
  watchCompletion(agents: AgentState[], graceMs: number): void {
    const poll = async () => {
      for (const a of agents.filter((x) => !x.out.completed)) {
        if (!this.host.running()) return;
        const st = await queryStatus(a.conn, a.plan.id, 'completion');
        if (!this.host.running() || a.out.completed || !st) continue;
        if (st.phase === WorkloadPhase.FAILED) return this.host.fail(a, `the agent failed: ${st.message}`);
        if (st.phase === WorkloadPhase.COMPLETED || st.phase === WorkloadPhase.IDLE) {
          this.host.warn(
            `${a.plan.id}: every stage was released but the agent sent no COMPLETED; its status says ${st.phase === WorkloadPhase.IDLE ? 'Idle' : 'Completed'} — counted as completed, without its final summary`,
          );
          this.host.complete(a);
        }
      }
      if (this.host.running()) this.host.later(() => void poll(), 1_000);
    };
    this.host.later(() => void poll(), agents.some((a) => a.quietExpected) ? 0 : graceMs);
  }
}
