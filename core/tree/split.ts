// How prepare work is split among agents (spec §2.6), as pure functions with exact counts.
import type { BenchModel, TreeSpec } from '../model';
import { treeCounts } from './counts';
import type { TreeIndex } from './geometry';

/**
 * 'modulo': agent a creates file i iff i mod N = a (sequential prepare always; parallel on shared storage).
 * 'all': parallel prepare on isolated storage — every agent creates every file on its own endpoints.
 */
export type SplitMode = 'modulo' | 'all';

const mod = (i: TreeIndex, n: number): number => (typeof i === 'bigint' ? Number(i % BigInt(n)) : i % n);

/** Agent (0-based agent_index) that creates / cleans up / lists file i under the modulo split. */
export function fileOwner(fileIndex: TreeIndex, numAgents: number): number {
  return numAgents > 1 ? mod(fileIndex, numAgents) : 0;
}

/** Agent that owns directory j of the breadth-first list (sai3 `assign_agents`; listing and PathSelector). */
export function dirOwner(dirOrdinal: TreeIndex, numAgents: number): number {
  return numAgents > 1 ? mod(dirOrdinal, numAgents) : 0;
}

/** How many of 0..total−1 are ≡ agentIndex (mod numAgents); exact. */
export function moduloShare(total: bigint, agentIndex: number, numAgents: number): bigint {
  if (numAgents <= 1) return total;
  const a = BigInt(agentIndex);
  if (total <= a) return 0n;
  return (total - a + BigInt(numAgents) - 1n) / BigInt(numAgents);
}

export function agentFileCount(
  tree: TreeSpec,
  agentIndex: number,
  numAgents: number,
  mode: SplitMode,
): bigint {
  const files = treeCounts(tree).files;
  return mode === 'all' ? files : moduloShare(files, agentIndex, numAgents);
}

/** Directories an agent owns (j mod N). Note every agent still mkdirs *all* directories (§2.6). */
export function agentDirCount(tree: TreeSpec, agentIndex: number, numAgents: number): bigint {
  return moduloShare(treeCounts(tree).totalDirs, agentIndex, numAgents);
}

/** Split mode of a config: parallel prepare on non-shared storage → 'all', otherwise 'modulo'. */
export function prepareSplitMode(model: BenchModel): SplitMode {
  const parallel = model.prepare?.strategy === 'parallel';
  // sai3: shared_storage = --shared-prepare || distributed.shared_filesystem; absent counts as not shared.
  const shared = model.distributed?.sharedFilesystem === true;
  return parallel && !shared && (model.distributed?.agents.length ?? 0) > 1 ? 'all' : 'modulo';
}
