// BenchModel from the plain JS value of the YAML (aliases resolved). Lenient on purpose: a broken field falls
// back to its sai3 default or to undefined and extraction never throws — reporting *why* is the job of the
// diagnostics in ./index.ts, while editors and estimates keep working on a half-typed file.
// Defaults are sai3-bench's (spec §1.3, §1.5–§1.7).
import type {
  AgentSpec,
  BenchModel,
  CleanupMode,
  EnsureSpec,
  Fill,
  OpKind,
  PrepareStrategy,
  SizeSpec,
  StageSpec,
  StageType,
  TreeSpec,
  WorkloadOp,
} from '../model';
import { parseCount, parseHumantime, parseSeconds, parseSize, type Parsed } from '../units';
import { DEFAULT_DIR_MASK } from '../tree/names';
import { extractRunOptions } from './run-options';

type Obj = Record<string, unknown>;

const DEFAULT_DURATION_MS = 60_000; // constants.rs:97
const DEFAULT_CONCURRENCY = 16; // constants.rs:100
const DEFAULT_AGENT_READY_TIMEOUT_S = 120; // config.rs agent_ready_timeout
const MIB = 1n << 20n; // legacy min_size/max_size default (constants.rs:329-333)
const U64_MAX = (1n << 64n) - 1n;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Obj | undefined => (isObj(v) ? v : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const value = <T>(p: Parsed<T>): T | undefined => (p.ok ? p.value : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const bool = (v: unknown, dflt: boolean): boolean => (typeof v === 'boolean' ? v : dflt);
const uint = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined;
/** u64 fields that take plain integers only (object_size, min_size, max_size). */
const u64 = (v: unknown): bigint | undefined =>
  typeof v === 'bigint' && v >= 0n ? v : uint(v) !== undefined ? BigInt(v as number) : undefined;
const oneOf = <T extends string>(v: unknown, allowed: readonly T[]): T | undefined =>
  typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
/** Counts with separators (§1.2d) that must fit a JS number (tree width/depth/files_per_dir). */
const smallCount = (v: unknown): number | undefined => {
  const n = value(parseCount(v));
  return n !== undefined && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : undefined;
};

const OPS = ['get', 'put', 'list', 'stat', 'delete', 'mkdir', 'rmdir'] as const satisfies readonly OpKind[];
const STAGE_TYPES = [
  'execute',
  'prepare',
  'cleanup',
  'custom',
  'hybrid',
  'validation',
] as const satisfies readonly StageType[];
const FILLS = ['zero', 'random', 'prand'] as const satisfies readonly Fill[];
const STRATEGIES = ['sequential', 'parallel'] as const satisfies readonly PrepareStrategy[];
const CLEANUP_MODES = ['strict', 'tolerant', 'besteffort'] as const satisfies readonly CleanupMode[];

/** SizeSpec (§1.5): an integer is fixed bytes; a map is uniform or lognormal with generation-time defaults. */
export function extractSizeSpec(v: unknown): SizeSpec | undefined {
  const fixed = u64(v);
  if (fixed !== undefined) return { kind: 'fixed', bytes: fixed };
  const m = obj(v);
  if (!m) return undefined;
  const size = (k: string) => (m[k] === undefined || m[k] === null ? undefined : value(parseSize(m[k])));
  if (m.type === 'uniform') return { kind: 'uniform', min: size('min') ?? 1024n, max: size('max') ?? MIB };
  if (m.type === 'lognormal') {
    const mean = size('mean');
    const stdDev = size('std_dev');
    if (mean === undefined || stdDev === undefined) return undefined;
    return { kind: 'lognormal', mean, stdDev, min: size('min') ?? 1n, max: size('max') ?? U64_MAX };
  }
  return undefined;
}

function extractEnsure(v: unknown): EnsureSpec | undefined {
  const e = obj(v);
  if (!e) return undefined;
  // size_spec and its alias size_distribution; else legacy min_size/max_size → fixed if equal, else uniform.
  let size = extractSizeSpec(e.size_spec ?? e.size_distribution);
  if (!size) {
    const min = u64(e.min_size) ?? MIB;
    const max = u64(e.max_size) ?? MIB;
    size = min === max ? { kind: 'fixed', bytes: min } : { kind: 'uniform', min, max };
  }
  return {
    baseUri: str(e.base_uri),
    count: value(parseCount(e.count)) ?? 0n,
    size,
    fill: oneOf(e.fill, FILLS) ?? 'random',
    dedupFactor: uint(e.dedup_factor) ?? 1,
    compressFactor: uint(e.compress_factor) ?? 1,
  };
}

/** directory_structure (§1.6): width and depth are required; without both there is no tree. */
export function extractTree(v: unknown): TreeSpec | undefined {
  const d = obj(v);
  if (!d) return undefined;
  const width = smallCount(d.width);
  const depth = smallCount(d.depth);
  if (width === undefined || depth === undefined) return undefined;
  return {
    width,
    depth,
    filesPerDir: smallCount(d.files_per_dir) ?? 0,
    distribution: oneOf(d.distribution, ['bottom', 'all'] as const) ?? 'bottom',
    dirMask: str(d.dir_mask) ?? DEFAULT_DIR_MASK,
  };
}

function extractPrepare(v: unknown): BenchModel['prepare'] {
  const p = obj(v);
  if (!p) return undefined;
  const ensure: EnsureSpec[] = [];
  for (const e of arr(p.ensure_objects)) {
    const spec = extractEnsure(e);
    if (spec) ensure.push(spec);
  }
  return {
    ensure,
    tree: extractTree(p.directory_structure),
    strategy: oneOf(p.prepare_strategy, STRATEGIES) ?? 'sequential',
    skipVerification: bool(p.skip_verification, false),
    forceOverwrite: bool(p.force_overwrite, false),
    cleanup: bool(p.cleanup, false),
    cleanupOnly: bool(p.cleanup_only, false),
    cleanupMode: oneOf(p.cleanup_mode, CLEANUP_MODES) ?? 'tolerant',
    postPrepareDelayS: value(parseSeconds(p.post_prepare_delay)) ?? 0,
  };
}

function extractOp(v: unknown): WorkloadOp | undefined {
  const w = obj(v);
  const op = oneOf(w?.op, OPS);
  if (!w || !op) return undefined; // without a known op there is nothing to run
  const out: WorkloadOp = { op, weight: uint(w.weight) ?? 0, path: str(w.path) ?? '' };
  const concurrency = uint(w.concurrency);
  if (concurrency !== undefined) out.concurrency = concurrency;
  const objectSize = u64(w.object_size);
  if (objectSize !== undefined) out.objectSize = objectSize;
  const size = extractSizeSpec(w.size_spec ?? w.size_distribution);
  if (size) out.size = size;
  if (typeof w.recursive === 'boolean') out.recursive = w.recursive;
  const dedup = uint(w.dedup_factor);
  if (dedup !== undefined && dedup > 1) out.dedupFactor = dedup;
  const compress = uint(w.compress_factor);
  if (compress !== undefined && compress > 1) out.compressFactor = compress;
  return out;
}

function extractStage(v: unknown, position: number): StageSpec | undefined {
  const s = obj(v);
  const type = oneOf(s?.type, STAGE_TYPES);
  if (!s || !type) return undefined;
  const barrier = obj(s.barrier);
  const stage: StageSpec = {
    name: str(s.name) ?? `stage-${position + 1}`,
    order: uint(s.order) ?? position,
    type,
    completion: str(s.completion) ?? 'duration',
    hasBarrier: barrier !== undefined,
  };
  const duration = value(parseHumantime(s.duration));
  if (duration !== undefined) stage.durationMs = duration;
  const maxDuration = value(parseHumantime(s.max_duration));
  if (maxDuration !== undefined) stage.maxDurationMs = maxDuration;
  if (typeof s.command === 'string') stage.command = s.command;
  if (Array.isArray(s.args)) stage.args = s.args.map((a) => String(a));
  const barrierTimeout = barrier ? value(parseSeconds(barrier.agent_barrier_timeout)) : undefined;
  if (barrierTimeout !== undefined) stage.barrierTimeoutS = barrierTimeout;
  return stage;
}

function endpointsOf(v: unknown): string[] | undefined {
  const m = obj(v);
  if (!m || !Array.isArray(m.endpoints)) return undefined;
  return m.endpoints.filter((e): e is string => typeof e === 'string');
}

function extractDistributed(v: unknown, top: Pick<BenchModel, 'concurrency' | 'target' | 'endpoints'>) {
  const d = obj(v);
  if (!d) return undefined;
  // Agents keep their YAML position as index (it is sai3's agent_index), even when an entry is malformed.
  const agents: AgentSpec[] = arr(d.agents).map((raw, index) => {
    const a = obj(raw) ?? {};
    const spec: AgentSpec = {
      index,
      address: str(a.address) ?? '',
      concurrency: uint(a.concurrency_override) ?? top.concurrency,
      endpoints: endpointsOf(a.multi_endpoint) ?? top.endpoints,
    };
    const id = str(a.id);
    if (id !== undefined) spec.id = id;
    const target = str(a.target_override) ?? top.target;
    if (target !== undefined) spec.target = target;
    return spec;
  });
  const stages = arr(d.stages)
    .map(extractStage)
    .filter((s): s is StageSpec => s !== undefined)
    .sort((a, b) => a.order - b.order); // Array.prototype.sort is stable: equal orders keep YAML order
  const barrierSync = obj(d.barrier_sync);
  return {
    sharedFilesystem: typeof d.shared_filesystem === 'boolean' ? d.shared_filesystem : undefined,
    treeCreationMode: str(d.tree_creation_mode),
    pathSelection: str(d.path_selection),
    agents,
    stages,
    barrierSyncEnabled: barrierSync?.enabled === true,
    agentReadyTimeoutS: value(parseSeconds(d.agent_ready_timeout)) ?? DEFAULT_AGENT_READY_TIMEOUT_S,
  };
}

export function extractModel(root: unknown): BenchModel | undefined {
  const v = obj(root);
  if (!v) return undefined;
  // sai3 coerces a YAML number into the top-level `target` string (§1.1).
  const target = typeof v.target === 'number' ? String(v.target) : str(v.target);
  const top = {
    concurrency: uint(v.concurrency) ?? DEFAULT_CONCURRENCY,
    target,
    endpoints: endpointsOf(v.multi_endpoint) ?? [],
  };
  const model: BenchModel = {
    durationMs: value(parseHumantime(v.duration)) ?? DEFAULT_DURATION_MS,
    options: extractRunOptions(v),
    concurrency: top.concurrency,
    endpoints: top.endpoints,
    workload: arr(v.workload)
      .map(extractOp)
      .filter((o): o is WorkloadOp => o !== undefined),
  };
  if (target !== undefined) model.target = target;
  const env = obj(v.distributed_env);
  if (env) {
    const e: Record<string, string> = {};
    for (const [k, x] of Object.entries(env))
      if (['string', 'number', 'boolean'].includes(typeof x)) e[k] = String(x);
    model.distributedEnv = e;
  }
  const prepare = extractPrepare(v.prepare);
  if (prepare) model.prepare = prepare;
  const distributed = extractDistributed(v.distributed, top);
  if (distributed) model.distributed = distributed;
  return model;
}
