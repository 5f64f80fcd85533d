// dynamic_put_pool (spec §1.3, sai3 workload.rs:2764-2777): outside tree mode, an object a PUT has written joins
// the read set of the first get op whose path covers it, so later gets read it too (warp's behaviour). sai3
// matches by URI prefix; we use the get path's own rule (key, folder, or * pattern — read-set.ts). The added
// objects are bounded by MAX_READ_SET, like a listed read set.
import type { WorkloadOp } from '../../core/model';
import { matches, MAX_READ_SET, readSpec, type ReadSpec } from './read-set';

export class DynamicPutPool {
  private readonly gets: { op: WorkloadOp; spec: ReadSpec; into: string[] }[] = [];
  private added = 0;

  /**
   * `readSets`: the listed read sets (existing-data mode), extended in place; other get ops get their own list
   * (`extra`), which the caller draws from besides the prepared objects.
   */
  constructor(
    ops: WorkloadOp[],
    base: string,
    resolve: (uri: string) => string,
    readSets: Map<WorkloadOp, string[]>,
    readonly extra = new Map<WorkloadOp, string[]>(),
  ) {
    for (const op of ops) {
      if (op.op !== 'get') continue;
      let into = readSets.get(op);
      if (!into) extra.set(op, (into = []));
      this.gets.push({ op, spec: readSpec(op.path, base, resolve), into });
    }
  }

  /** A PUT finished writing `path`. */
  add(path: string): void {
    if (this.added >= MAX_READ_SET) return;
    const g = this.gets.find((x) => matches(x.spec, path));
    if (!g) return;
    g.into.push(path);
    this.added++;
  }
}
