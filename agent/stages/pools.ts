// Object pools of flat (non-tree) prepared data (spec §1.4, sai3 workload.rs:575-619, prepare/sequential.rs:50-76):
// a workload with delete (or rmdir) *and* get (or stat) gets two pools of `count` objects each — `prepared-*`
// read by get/stat and never deleted, and `deletable-*` consumed by deletes — so deletes never make reads fail.
// Deletes take each object of their pool once (random order); when the pool is used up further deletes are
// skipped (sai3 would delete missing keys and count errors).
import type { BenchModel } from '../../core/model';
import type { RunPlan } from '../plan';

export type PoolName = 'prepared' | 'deletable';

/** Whether prepare makes the deletable pool too (flat mode only: in tree mode sai3 picks tree files). */
export function needsSeparatePools(model: BenchModel, tree: boolean): boolean {
  if (tree) return false;
  const live = model.workload.filter((o) => o.weight > 0);
  return (
    live.some((o) => o.op === 'delete' || o.op === 'rmdir') &&
    live.some((o) => o.op === 'get' || o.op === 'stat')
  );
}

/** The pools prepare creates and cleanup removes. */
export function poolsOf(plan: RunPlan): PoolName[] {
  return plan.pools ? ['prepared', 'deletable'] : ['prepared'];
}

export function poolName(pool: PoolName, i: number): string {
  return `${pool}-${String(i).padStart(8, '0')}.dat`;
}

/** Indices of this agent's share of a pool, handed out once each in random order. */
export class ConsumablePool {
  private readonly left: Uint32Array | Float64Array;
  private n: number;
  constructor(total: number, share?: { index: number; count: number }) {
    const step = share?.count ?? 1;
    const first = share?.index ?? 0;
    this.n = total > first ? Math.ceil((total - first) / step) : 0;
    this.left = total < 2 ** 32 ? new Uint32Array(this.n) : new Float64Array(this.n);
    for (let k = 0; k < this.n; k++) this.left[k] = first + k * step;
  }
  get size(): number {
    return this.n;
  }
  /** A random remaining index, removed from the pool; undefined when empty. */
  take(random: () => number = Math.random): number | undefined {
    if (!this.n) return undefined;
    const k = Math.floor(random() * this.n);
    const v = this.left[k];
    this.left[k] = this.left[--this.n];
    return v;
  }
}
