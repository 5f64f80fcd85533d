// distributed.path_selection (spec §2.6, sai3 prepare/directory_tree.rs:554-781): in tree mode an op picks a
// directory that holds files, then a file uniformly inside it. Directory j (breadth-first over the whole tree)
// belongs to agent j mod num_agents.
//   random      — any directory;
//   partitioned — the agent's own directories 70 % of the time, any directory 30 % (sai3 ignores
//                 partition_overlap here);
//   exclusive   — own directories only (any, when the agent owns none);
//   weighted    — own with probability 1 − partition_overlap, else one the agent does not own.
// sai3's workload passes agent 0 to its PathSelector on every agent (a TODO in workload.rs:2301-2334), so all
// agents share agent 0's partition; we use each agent's own partition, as the strategies are documented.
import { treeCounts } from '../../core/tree';
import type { TreeSpec } from '../../core/model';

export type PathSelection = 'random' | 'partitioned' | 'exclusive' | 'weighted';

/** A file index chooser for tree mode. */
export function fileSelector(
  tree: TreeSpec,
  selection: string | undefined,
  agent: { index: number; count: number },
  overlap = 0.3,
  random: () => number = Math.random,
): () => number {
  const c = treeCounts(tree);
  const dirs = Number(c.totalDirs);
  const fileDirs = Number(c.fileDirs);
  const first = dirs - fileDirs; // breadth-first index of the first directory with files
  const F = tree.filesPerDir;
  const n = Math.max(1, agent.count);
  const a = ((agent.index % n) + n) % n;
  // own directories among [first, dirs): first + off, first + off + n, …
  const off = (((a - first) % n) + n) % n;
  const owned = fileDirs > off ? Math.ceil((fileDirs - off) / n) : 0;
  const anyDir = () => first + Math.floor(random() * fileDirs);
  const ownDir = () => (owned ? first + off + n * Math.floor(random() * owned) : anyDir());
  const otherDir = () => {
    if (owned >= fileDirs) return anyDir();
    for (;;) {
      const j = anyDir();
      if (j % n !== a) return j;
    }
  };
  const pick: () => number =
    selection === 'exclusive'
      ? ownDir
      : selection === 'partitioned'
        ? () => (random() < 0.7 ? ownDir() : anyDir())
        : selection === 'weighted'
          ? () => (random() < 1 - overlap ? ownDir() : otherDir())
          : anyDir;
  return () => (pick() - first) * F + Math.floor(random() * F);
}
