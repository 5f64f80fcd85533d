// Lazy enumeration in creation order (spec §2.3 order of `all_directories`, §2.4 file numbering). Generators
// yield one small object at a time; nothing proportional to the tree is held.
import type { TreeSpec } from '../model';
import { geometry, type TreeIndex } from './geometry';
import { fileName, SegmentNames } from './names';
import { LevelOdometer } from './odometer';

/** Restrict to what one agent owns: directory position j or file index i with (j|i) mod count = index. */
export interface AgentFilter {
  index: number; // 0-based agent_index
  count: number; // num_agents
}

export interface IterOptions {
  agent?: AgentFilter;
}

export interface TreeDir {
  level: number; // 1..depth
  index: TreeIndex; // 0-based within the level
  ordinal: TreeIndex; // 0-based breadth-first position (what dirOwner takes)
  path: string;
}

export interface TreeFile {
  index: TreeIndex; // global file index (number when the tree is < 2^53, else bigint)
  path: string; // dir + '/' + file name
  dir: string; // the directory's path
}

function checkAgent(a: AgentFilter | undefined): void {
  if (!a) return;
  if (!Number.isInteger(a.count) || a.count < 1) throw new RangeError(`agent count ${a.count} must be ≥ 1`);
  if (!Number.isInteger(a.index) || a.index < 0 || a.index >= a.count)
    throw new RangeError(`agent index ${a.index} outside 0..${a.count - 1}`);
}

const valid = (t: TreeSpec) =>
  Number.isInteger(t.width) && t.width >= 1 && Number.isInteger(t.depth) && t.depth >= 1;

/** Counter that is a number while exact, a BigInt otherwise (one type per tree, decided up front). */
function counter(safe: boolean) {
  return safe
    ? {
        zero: 0 as TreeIndex,
        inc: (x: TreeIndex) => (x as number) + 1,
        mod: (x: TreeIndex, n: number) => (x as number) % n,
      }
    : {
        zero: 0n as TreeIndex,
        inc: (x: TreeIndex) => (x as bigint) + 1n,
        mod: (x: TreeIndex, n: number) => Number((x as bigint) % BigInt(n)),
      };
}

/** Every directory, level by level, within a level by global index (sai3's mkdir order). */
export function* iterDirs(tree: TreeSpec, opts: IterOptions = {}): Generator<TreeDir> {
  checkAgent(opts.agent);
  if (!valid(tree)) return;
  const g = geometry(tree);
  const c = counter(g.safe);
  const names = new SegmentNames(tree.dirMask);
  const a = opts.agent;
  let ordinal = c.zero;
  for (let L = 1; L <= g.depth; L++) {
    const odo = new LevelOdometer(names, L, g.width);
    let index = c.zero;
    do {
      if (!a || c.mod(ordinal, a.count) === a.index) yield { level: L, index, ordinal, path: odo.path() };
      ordinal = c.inc(ordinal);
      index = c.inc(index);
    } while (odo.next());
  }
}

/** Just the directory paths, in the same order (the cheapest form for printing or mkdir). */
export function* iterDirPaths(tree: TreeSpec, opts: IterOptions = {}): Generator<string> {
  for (const d of iterDirs(tree, opts)) yield d.path;
}

/** Every file in index order (bottom: leaves only; all: every directory, upper levels first). */
export function* iterFiles(tree: TreeSpec, opts: IterOptions = {}): Generator<TreeFile> {
  checkAgent(opts.agent);
  if (!valid(tree) || tree.filesPerDir < 1) return;
  const g = geometry(tree);
  const a = opts.agent;
  const names = new SegmentNames(tree.dirMask);
  const first = g.distribution === 'all' ? 1 : g.depth;
  if (g.safe) {
    const F = g.filesPerDir;
    const step = a ? a.count : 1;
    let base = 0; // first file index of the current directory
    for (let L = first; L <= g.depth; L++) {
      const odo = new LevelOdometer(names, L, g.width);
      do {
        // first owned index ≥ base: base + ((a.index − base) mod count)
        let i = a ? base + ((((a.index - base) % step) + step) % step) : base;
        const end = base + F;
        if (i < end) {
          const dir = odo.path();
          const prefix = `${dir}/`;
          for (; i < end; i += step) yield { index: i, path: prefix + fileName(i), dir };
        }
        base = end;
      } while (odo.next());
    }
    return;
  }
  // Past 2^53: same walk with BigInt indices (only reachable for absurd trees; kept exact, not fast).
  const F = BigInt(g.filesPerDir);
  const step = BigInt(a ? a.count : 1);
  const want = BigInt(a ? a.index : 0);
  let base = 0n;
  for (let L = first; L <= g.depth; L++) {
    const odo = new LevelOdometer(names, L, g.width);
    do {
      let i = a ? base + ((((want - base) % step) + step) % step) : base;
      const end = base + F;
      if (i < end) {
        const dir = odo.path();
        for (; i < end; i += step) yield { index: i, path: `${dir}/${fileName(i)}`, dir };
      }
      base = end;
    } while (odo.next());
  }
}
