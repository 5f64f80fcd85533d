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

/**
 * Indices of this agent's share of a pool, each handed out once, in a scrambled order: k-th take → share slot
 * (a·k + c) mod n with a coprime to n (a bijection), so the pool needs no memory whatever its size.
 */
export class ConsumablePool {
  private readonly n: number;
  private readonly a: number;
  private readonly c: number;
  private k = 0;
  constructor(
    total: number,
    private readonly share?: { index: number; count: number },
    random: () => number = Math.random,
  ) {
    const step = share?.count ?? 1;
    const first = share?.index ?? 0;
    this.n = total > first ? Math.ceil((total - first) / step) : 0;
    let a = this.n > 1 ? Math.max(1, Math.floor(this.n * 0.618 + random() * 1000)) : 1;
    while (gcd(a, this.n) !== 1) a++;
    this.a = a;
    this.c = Math.floor(random() * Math.max(1, this.n));
  }
  get size(): number {
    return this.n - this.k;
  }
  /** The next index, removed from the pool; undefined when empty. */
  take(): number | undefined {
    if (this.k >= this.n) return undefined;
    const slot = mulmod(this.a, this.k++, this.n, this.c);
    return (this.share?.index ?? 0) + slot * (this.share?.count ?? 1);
  }
}

function gcd(x: number, y: number): number {
  while (y) [x, y] = [y, x % y];
  return x;
}

/** (a·k + c) mod n for integers below 2^53. */
function mulmod(a: number, k: number, n: number, c: number): number {
  if (a * k < Number.MAX_SAFE_INTEGER) return (((a * k) % n) + c) % n;
  return Number((((BigInt(a) * BigInt(k)) % BigInt(n)) + BigInt(c)) % BigInt(n));
}
