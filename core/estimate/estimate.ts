// What a config will create and how long prepare will take, at every depth 1..depth (the ladder view), per
// agent. Closed forms only — no loop over files or directories — so it runs on every keystroke (< 1 ms).
import type { BenchModel, EnsureSpec, SizeSpec, TreeSpec } from '../model';
import { treeCounts, type TreeCounts } from '../tree/counts';
import { moduloShare, prepareSplitMode, type SplitMode } from '../tree/split';
import { formatBytes, formatCount } from '../units';
import { ratesFor, type Calibration, type RateModel } from './rates';
import { treeLimit } from '../config/limits';
import { totalBytes } from './sizes';
import { DEFAULT_NOISE, predictAgent, withRange, type TimeTerms } from './time-model';

/** [low, high] of a 90 % range, seconds */
export type Range = [number, number];

/** Fitted time terms per agent id (docs/time-model.md) and a sentence saying where they come from. */
export interface TimeModelInput {
  agents: Record<string, TimeTerms>;
  source: string;
  /** run-to-run relative noise (from the history's prediction errors), default DEFAULT_NOISE */
  noise?: number;
  /** agents share one storage (local agents on one machine; default: shared_filesystem) */
  shared?: boolean;
}

export interface EstimateOptions {
  /** overrides of the default rates, for every agent */
  rates?: Partial<RateModel>;
  /** measured per-agent rates (by agent id), applied over `rates` */
  calibration?: Calibration;
  /** fitted time terms; agents without terms use the rate model (measured rates or defaults) */
  timeModel?: TimeModelInput;
}

/** Measured rates hold to about ±30 %; the default rates are a guess (the seed's documents were off by 4×). */
const RATES_NOISE = 0.3;
const DEFAULT_FACTOR = 3;

export interface LevelEstimate {
  depth: number;
  leafDirs: bigint;
  totalDirs: bigint;
  files: bigint;
  bytes: bigint;
  treeSeconds: number; // slowest agent
  prepareSeconds: number; // slowest agent
  treeRange: Range;
  prepareRange: Range;
}

export interface AgentEstimate {
  id: string;
  dirs: bigint; // directories this agent owns (j mod N: listing, PathSelector); mkdir still covers all
  files: bigint; // files this agent creates
  bytes: bigint;
  treeSeconds: number;
  prepareSeconds: number;
  treeRange: Range;
  prepareRange: Range;
  rates: RateModel;
  /** `terms` (fitted time model), `measured` (calibration rates) or `default` */
  model: 'terms' | 'measured' | 'default';
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
    treeRange: Range;
    prepareRange: Range;
  };
  perAgent: AgentEstimate[];
  splitMode: SplitMode;
  /** where the times come from: `default model`, `measured 3 runs ago on these agents`, … */
  ratesSource: string;
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
  terms?: TimeTerms;
  measured: boolean;
}

interface TimeContext {
  levels: number;
  concurrency: number;
  agents: number;
  shared: boolean;
  noise: number;
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
    ...(opts.timeModel?.agents[id] ? { terms: opts.timeModel.agents[id] } : {}),
    measured: !!opts.calibration?.agents[id],
  }));
}

const range = (p: { lo: number; hi: number }): Range => [p.lo, p.hi];

/**
 * One agent's time for its share. With fitted terms: the time model (fixed + levels + dirs + files + bytes).
 * Otherwise the rate model: tree = mkdir of every directory; then files, bound by creates or bytes.
 */
function agentSeconds(a: AgentInfo, dirs: bigint, files: bigint, bytes: bigint, t: TimeContext) {
  if (a.terms) {
    const p = predictAgent(
      a.terms,
      {
        levels: a.mkdirs ? t.levels : 0,
        dirs: a.mkdirs ? Number(dirs) : 0,
        files: Number(files),
        bytes: Number(bytes),
      },
      t,
      t.noise,
    );
    return {
      treeSeconds: p.tree.seconds,
      prepareSeconds: p.prepare.seconds,
      treeRange: range(p.tree),
      prepareRange: range(p.prepare),
      model: 'terms' as const,
    };
  }
  const treeSeconds = a.mkdirs ? Number(dirs) / a.rates.mkdirPerSec : 0;
  const write = Math.max(Number(files) / a.rates.createsPerSec, Number(bytes) / a.rates.bytesPerSec);
  const prepareSeconds = treeSeconds + write;
  const within = (s: number): Range =>
    a.measured ? range(withRange(s, RATES_NOISE * s, 0)) : [s / DEFAULT_FACTOR, s * DEFAULT_FACTOR];
  return {
    treeSeconds,
    prepareSeconds,
    treeRange: within(treeSeconds),
    prepareRange: within(prepareSeconds),
    model: a.measured ? ('measured' as const) : ('default' as const),
  };
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

function perAgentOf(shape: Shape, agents: AgentInfo[], t: TimeContext): AgentEstimate[] {
  const allDirs = shape.counts?.totalDirs ?? 0n;
  return agents.map((a, i) => {
    const s = shape.share(i);
    return { id: a.id, ...s, ...agentSeconds(a, allDirs, s.files, s.bytes, t), rates: a.rates };
  });
}

const slowest = (xs: AgentEstimate[], k: 'treeSeconds' | 'prepareSeconds') =>
  xs.reduce((m, x) => Math.max(m, x[k]), 0);

/** The range of the slowest agent: max of the lows, max of the highs (agents run in parallel). */
const slowestRange = (xs: AgentEstimate[], k: 'treeRange' | 'prepareRange'): Range =>
  xs.reduce<Range>((m, x) => [Math.max(m[0], x[k][0]), Math.max(m[1], x[k][1])], [0, 0]);

function sourceOf(agents: AgentInfo[], opts: EstimateOptions): string {
  if (agents.some((a) => a.terms) && opts.timeModel) return opts.timeModel.source;
  if (agents.some((a) => a.measured)) return 'measured rates (calibration file)';
  if (opts.rates && Object.keys(opts.rates).length) return 'rates from settings';
  return 'default model';
}

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
  const time = (levels: number): TimeContext => ({
    levels,
    concurrency: model.concurrency,
    agents: n,
    shared: opts.timeModel?.shared ?? model.distributed?.sharedFilesystem ?? false,
    noise: opts.timeModel?.noise ?? DEFAULT_NOISE,
  });
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
      const pa = perAgentOf(s, agents, time(k));
      levels.push({
        depth: k,
        leafDirs: s.counts!.leafDirs,
        totalDirs: s.counts!.totalDirs,
        files: s.files,
        bytes: s.bytes,
        treeSeconds: slowest(pa, 'treeSeconds'),
        prepareSeconds: slowest(pa, 'prepareSeconds'),
        treeRange: slowestRange(pa, 'treeRange'),
        prepareRange: slowestRange(pa, 'prepareRange'),
      });
    }
    shape = treeShape(validTree, size, mode, n);
    perAgent = perAgentOf(shape, agents, time(validTree.depth));
    treeWarnings(validTree, ensure, shape.counts!, warnings);
  } else {
    shape = flatShape(ensure, mode, n);
    perAgent = perAgentOf(shape, agents, time(0));
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
      treeRange: slowestRange(perAgent, 'treeRange'),
      prepareRange: slowestRange(perAgent, 'prepareRange'),
    },
    perAgent,
    splitMode: mode,
    ratesSource: sourceOf(agents, opts),
    warnings,
  };
}
