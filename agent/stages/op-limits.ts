// Per-op `concurrency` (spec §1.4, sai3 workload.rs:2169-2190): an op whose own concurrency is below the global
// one gets a semaphore with that many permits; a worker that picked the op waits for a permit before it starts
// (after the io_rate wait, as sai3), so at most that many of the op are ever in flight.
import type { WorkloadOp } from '../../core/model';

export class Semaphore {
  private waiters: (() => void)[] = [];
  inFlight = 0;
  /** most in flight at once (observability for tests and summaries) */
  peak = 0;
  constructor(readonly permits: number) {}
  async acquire(): Promise<void> {
    while (this.inFlight >= this.permits) await new Promise<void>((r) => this.waiters.push(r));
    this.inFlight++;
    if (this.inFlight > this.peak) this.peak = this.inFlight;
  }
  release(): void {
    this.inFlight--;
    this.waiters.shift()?.();
  }
}

/** A semaphore per op that needs one (concurrency < global), else undefined. */
export function opSemaphores(ops: WorkloadOp[], global: number): Map<WorkloadOp, Semaphore> {
  const out = new Map<WorkloadOp, Semaphore>();
  for (const o of ops)
    if (o.concurrency !== undefined && o.concurrency >= 1 && o.concurrency < global)
      out.set(o, new Semaphore(o.concurrency));
  return out;
}
