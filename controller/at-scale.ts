// What a run with many agents reports instead of one line per agent: who is slowest right now, who arrived
// last at a barrier (and how long after the first), who was slowest to connect. Pure bookkeeping over the
// events, shared by the terminal and the extension.
import type { RunEvents, StatsRow } from './events';

const opsOf = (r: StatsRow) => r.get.opsPerSec + r.put.opsPerSec + r.meta.opsPerSec;

/** The agent with the fewest operations per second in this live-stats second (undefined with < 2 agents). */
export function slowestAgent(e: RunEvents['live-stats']): { id: string; opsPerSec: number } | undefined {
  if (e.agents.length < 2) return undefined;
  let min = e.agents[0];
  for (const a of e.agents) if (opsOf(a) < opsOf(min)) min = a;
  return { id: min.id, opsPerSec: opsOf(min) };
}

/** Per barrier: when the first agent arrived and which agent came last. */
export class BarrierArrivals {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, { id: string; at: number }>();

  reached(e: RunEvents['barrier-reached'], at: number): void {
    if (!this.first.has(e.index)) this.first.set(e.index, at);
    this.last.set(e.index, { id: e.agent.id, at });
  }

  /** The last agent to arrive and its lag behind the first, in seconds. */
  released(index: number): { id: string; lagS: number } | undefined {
    const f = this.first.get(index);
    const l = this.last.get(index);
    this.first.delete(index);
    this.last.delete(index);
    return f === undefined || !l ? undefined : { id: l.id, lagS: (l.at - f) / 1000 };
  }
}

/** Connections counted until every agent is in; then one line's worth: how many and the slowest. */
export class ConnectTally {
  private n = 0;
  private slowest?: { id: string; ms: number };

  constructor(private readonly expected: number) {}

  /** Returns the totals once the last expected agent connected. */
  add(e: RunEvents['agent-connected']): { agents: number; slowest: { id: string; ms: number } } | undefined {
    this.n++;
    if (!this.slowest || e.ms > this.slowest.ms) this.slowest = { id: e.agent.id, ms: e.ms };
    return this.n === this.expected ? { agents: this.n, slowest: this.slowest } : undefined;
  }
}
