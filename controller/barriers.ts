// Numeric barrier bookkeeping (spec §3.7 step 14, without sai3's address/agent_id mix-up): agents report
// `at_barrier` with `barrier_sequence = k` after finishing stage k; once every agent is at k, each gets
// RELEASE_BARRIER k — exactly once, even though agents re-send their barrier message while they wait.
export class BarrierBook {
  private readonly at = new Map<number, Set<string>>();
  private readonly released = new Set<number>();

  constructor(private readonly agentIds: readonly string[]) {}

  /**
   * Records that `agentId` waits at barrier `k`. Returns true when this arrival completes the barrier (every
   * agent is there and it was not released before): the caller then releases it to every agent.
   */
  arrive(agentId: string, k: number): boolean {
    if (!this.agentIds.includes(agentId) || this.released.has(k)) return false;
    const set = this.at.get(k) ?? new Set<string>();
    set.add(agentId);
    this.at.set(k, set);
    if (set.size < this.agentIds.length) return false;
    this.released.add(k);
    return true;
  }

  /** How many agents wait at barrier k (for progress lines). */
  waiting(k: number): number {
    return this.at.get(k)?.size ?? 0;
  }

  /** Agents not yet at barrier k. */
  missing(k: number): string[] {
    const set = this.at.get(k);
    return this.agentIds.filter((id) => !set?.has(id));
  }

  isReleased(k: number): boolean {
    return this.released.has(k);
  }
}
