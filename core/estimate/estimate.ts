// What a config will create and how long prepare will take, at every depth 1..depth (the ladder view), per
// agent. Closed forms only — no loop over files or directories — so it runs on every keystroke (< 1 ms).
import type { BenchModel, EnsureSpec, SizeSpec, TreeSpec } from '../model';
import { treeCounts, type TreeCounts } from '../tree/counts';
import { moduloShare, prepareSplitMode, type SplitMode } from '../tree/split';
import { formatBytes, formatCount } from '../units';
import { ratesFor, type Calibration, type RateModel } from './rates';
import { totalBytes } from './sizes';
import { treeLimit } from '../config/limits';

export interface EstimateOptions {
  /** overrides of the default rates, for every agent */
  rates?: Partial<RateModel>;
  /** measured per-agent rates (by agent id), applied over `rates` */
  calibration?: Calibration;
}

export interface LevelEstimate {
  depth: number;
  leafDirs: bigint;
  totalDirs: bigint;
  files: bigint;
  bytes: bigint;
  treeSeconds: number; // slowest agent
  prepareSeconds: number; // slowest agent
}

export interface AgentEstimate {
  id: string;
  dirs: bigint; // directories this agent owns (j mod N: listing, PathSelector); mkdir still covers all
  files: bigint; // files this agent creates
  bytes: bigint;
  treeSeconds: number;
  prepareSeconds: number;
  rates: RateModel;
}

export interface Estimate {
  tree: TreeSpec | null;
  levels: LevelEstimate[]; // levels[k-1] = same config at depth k; [] without a tree
  total: {
    dirs: bigint;
    leafDirs: bigint;
    files: bigint;
    bytes: bigint;
    treeSeconds: number;
    prepareSeconds: number;
  };
  perAgent: AgentEstimate[];
  splitMode: SplitMode;
  warnings: string[];
}

const DEFAULT_SIZE: SizeSpec = { kind: 'fixed', bytes: 1n << 20n };
const HUGE_DIRS = 100_000n; // where sai3's own tree phase turned into minutes (§2.9, §7)
const HUGE_FILES = 10_000_000n;
const OBJECT_STORE = /^(s3|gs|gcs|az):\/\//;

interface AgentInfo {
  id: string;
  /** mkdir only happens on file backends (file://, direct://); object stores skip it (§2.6). */
  mkdirs: boolean;
  rates: RateModel;
}

function agentsOf(model: BenchModel, opts: EstimateOptions): AgentInfo[] {
  const base0 = model.prepare?.ensure[0]?.baseUri;
  const list = model.distributed?.agents.length
    ? model.distributed.agents.map((a) => ({
        id: a.id ?? `agent-${a.index + 1}`,
        base: base0 ?? a.endpoints[0] ?? a.target ?? '',
      }))
    : [{ id: 'local', base: base0 ?? model.endpoints[0] ?? model.target ?? '' }];
  return list.map(({ id, base }) => ({
    id,
    mkdirs: !OBJECT_STORE.test(base),
    rates: ratesFor(id, opts.rates, opts.calibration),
  }));
}

/** One agent's time for its share: tree = mkdir of every directory; then files, bound by creates or bytes. */
function agentSeconds(a: AgentInfo, dirs: bigint, files: bigint, bytes: bigint) {
  const treeSeconds = a.mkdirs ? Number(dirs) / a.rates.mkdirPerSec : 0;
  const write = Math.max(Number(files) / a.rates.createsPerSec, Number(bytes) / a.rates.bytesPerSec);
  return { treeSeconds, prepareSeconds: treeSeconds + write };
}

interface Shape {
  counts: TreeCounts | undefined;
  files: bigint;
  bytes: bigint;
  /** file and byte share of agent a */
  share: (a: number) => { files: bigint; bytes: bigint; dirs: bigint };
}

function treeShape(tree: TreeSpec, size: SizeSpec, mode: SplitMode, n: number): Shape {
  const counts = treeCounts(tree);
  return {
    counts,
    files: counts.files,
    bytes: totalBytes(counts.files, size),
    share: (a) => {
      const files = mode === 'all' ? counts.files : moduloShare(counts.files, a, n);
      return { files, bytes: totalBytes(files, size), dirs: moduloShare(counts.totalDirs, a, n) };
    },
  };
}

function flatShape(ensure: EnsureSpec[], mode: SplitMode, n: number): Shape {
  const sum = (pick: (e: EnsureSpec) => bigint) => ensure.reduce((s, e) => s + pick(e), 0n);
  const shareOf = (e: EnsureSpec, a: number) => (mode === 'all' ? e.count : moduloShare(e.count, a, n));
  return {
    counts: undefined,
    files: sum((e) => e.count),
    bytes: sum((e) => totalBytes(e.count, e.size)),
    share: (a) => ({
      files: sum((e) => shareOf(e, a)),
      bytes: sum((e) => totalBytes(shareOf(e, a), e.size)),
      dirs: 0n,
    }),
  };
}

function perAgentOf(shape: Shape, agents: AgentInfo[]): AgentEstimate[] {
  const allDirs = shape.counts?.totalDirs ?? 0n;
  return agents.map((a, i) => {
    const s = shape.share(i);
    return { id: a.id, ...s, ...agentSeconds(a, allDirs, s.files, s.bytes), rates: a.rates };
  });
}

const slowest = (xs: AgentEstimate[], k: 'treeSeconds' | 'prepareSeconds') =>
  xs.reduce((m, x) => Math.max(m, x[k]), 0);

function treeWarnings(tree: TreeSpec, ensure: EnsureSpec[], counts: TreeCounts, out: string[]): void {
  if (ensure.length === 0)
    out.push(
      'directory_structure requires at least one ensure_objects entry (sai3 refuses to prepare); sizes assume 1 MiB',
    );
  ensure.forEach((e, i) => {
    if (e.count !== 0n && e.count !== counts.files)
      out.push(
        `ensure_objects[${i}].count (${formatCount(e.count)}) does not match the directory tree's ${formatCount(counts.files)} files; set it to ${counts.files} or 0`,
      );
  });
  if (ensure.length > 1)
    out.push(
      `${ensure.length} ensure_objects entries all map to the same tree files (file i → one path); the tree is counted once, with entry 0's size`,
    );
  if (tree.filesPerDir === 0) out.push('files_per_dir is 0: the tree holds no files');
  if (counts.totalDirs > HUGE_DIRS || counts.files > HUGE_FILES)
    out.push(
      `huge tree: ${formatCount(counts.totalDirs)} directories, ${formatCount(counts.files)} files; run a smaller depth first (iobench ladder)`,
    );
}

export function estimate(model: BenchModel, opts: EstimateOptions = {}): Estimate {
  const warnings: string[] = [];
  const agents = agentsOf(model, opts);
  const n = agents.length;
  const mode = prepareSplitMode(model);
  const ensure = model.prepare?.ensure ?? [];
  const tree = model.prepare?.tree;
  // Over the limits (depth, folders, files): nothing is counted, so an absurd tree costs nothing here either.
  const overLimit = tree && treeLimit(tree);
  const validTree = tree && tree.width >= 1 && tree.depth >= 1 && !overLimit ? tree : undefined;
  if (overLimit) warnings.push(`${overLimit.message}; no tree estimated`);
  else if (tree && !validTree)
    warnings.push('directory_structure needs width ≥ 1 and depth ≥ 1; no tree estimated');

  const levels: LevelEstimate[] = [];
  let shape: Shape;
  let perAgent: AgentEstimate[];
  if (validTree) {
    const size = ensure[0]?.size ?? DEFAULT_SIZE;
    for (let k = 1; k <= validTree.depth; k++) {
      const s = treeShape({ ...validTree, depth: k }, size, mode, n);
      const pa = perAgentOf(s, agents);
      levels.push({
        depth: k,
        leafDirs: s.counts!.leafDirs,
        totalDirs: s.counts!.totalDirs,
        files: s.files,
        bytes: s.bytes,
        treeSeconds: slowest(pa, 'treeSeconds'),
        prepareSeconds: slowest(pa, 'prepareSeconds'),
      });
    }
    shape = treeShape(validTree, size, mode, n);
    perAgent = perAgentOf(shape, agents);
    treeWarnings(validTree, ensure, shape.counts!, warnings);
  } else {
    shape = flatShape(ensure, mode, n);
    perAgent = perAgentOf(shape, agents);
  }
  if (mode === 'all' && n > 1 && shape.files > 0n)
    warnings.push(
      `prepare_strategy parallel on isolated storage (shared_filesystem false): each of the ${n} agents writes every file, so the cluster writes ${n}× — ${formatCount(shape.files * BigInt(n))} files, ${formatBytes(shape.bytes * BigInt(n))}`,
    );
  const last = shape.counts;
  return {
    tree: validTree ? { ...validTree } : null,
    levels,
    total: {
      dirs: last?.totalDirs ?? 0n,
      leafDirs: last?.leafDirs ?? 0n,
      files: shape.files,
      bytes: shape.bytes,
      treeSeconds: slowest(perAgent, 'treeSeconds'),
      prepareSeconds: slowest(perAgent, 'prepareSeconds'),
    },
    perAgent,
    splitMode: mode,
    warnings,
  };
}
