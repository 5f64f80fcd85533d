// The benchmark config as the rest of the system uses it: real units, defaults applied, one per concern.
// Built from the parsed YAML value by core/config/model-extract.ts (lenient: a broken field becomes undefined,
// the diagnostics say why). Tree, estimate, ladder, agent and controller all consume this, never raw YAML.
import type { RunOptions } from './config/run-options';

export type Distribution = 'bottom' | 'all';

export interface TreeSpec {
  width: number; // ≥ 1
  depth: number; // ≥ 1
  filesPerDir: number; // ≥ 0
  distribution: Distribution;
  dirMask: string; // default 'sai3bench.d%d_w%d.dir'
}

export type SizeSpec =
  | { kind: 'fixed'; bytes: bigint }
  | { kind: 'uniform'; min: bigint; max: bigint }
  | { kind: 'lognormal'; mean: bigint; stdDev: bigint; min: bigint; max: bigint };

export type Fill = 'zero' | 'random' | 'prand';

export interface EnsureSpec {
  baseUri?: string;
  count: bigint; // as written (0 = auto from the tree)
  size: SizeSpec; // legacy min_size/max_size folded in (default fixed 1 MiB)
  fill: Fill;
  dedupFactor: number;
  compressFactor: number;
}

export type OpKind = 'get' | 'put' | 'list' | 'stat' | 'delete' | 'mkdir' | 'rmdir';

export interface WorkloadOp {
  op: OpKind;
  weight: number;
  path: string;
  concurrency?: number;
  objectSize?: bigint;
  size?: SizeSpec;
  recursive?: boolean;
  /** put: sai3's data reduction factors (absent = 1) */
  dedupFactor?: number;
  compressFactor?: number;
}

export type StageType = 'execute' | 'prepare' | 'cleanup' | 'custom' | 'hybrid' | 'validation';

export interface StageSpec {
  name: string;
  order: number;
  type: StageType;
  completion: string;
  durationMs?: number; // execute
  maxDurationMs?: number; // hybrid
  command?: string;
  args?: string[];
  barrierTimeoutS?: number; // barrier.agent_barrier_timeout, when given
  hasBarrier: boolean;
}

export interface AgentSpec {
  index: number; // 0-based position in distributed.agents
  address: string;
  id?: string;
  target?: string; // target_override ?? target
  concurrency: number; // concurrency_override ?? concurrency
  endpoints: string[]; // agent multi_endpoint ?? top-level multi_endpoint ?? []
}

export type PrepareStrategy = 'sequential' | 'parallel';
export type CleanupMode = 'strict' | 'tolerant' | 'besteffort';

export interface BenchModel {
  durationMs: number; // default 60 s
  /** io_rate, error_handling, warmup_period, dynamic_put_pool (core/config/run-options.ts) */
  options: RunOptions;
  concurrency: number; // default 16
  target?: string;
  endpoints: string[]; // top-level multi_endpoint.endpoints
  /** `distributed_env`: credentials the controller forwards (values as strings; never log them). */
  distributedEnv?: Record<string, string>;
  workload: WorkloadOp[];
  prepare?: {
    ensure: EnsureSpec[];
    tree?: TreeSpec;
    strategy: PrepareStrategy;
    skipVerification: boolean;
    forceOverwrite: boolean;
    cleanup: boolean;
    cleanupOnly: boolean;
    cleanupMode: CleanupMode;
    postPrepareDelayS: number;
  };
  distributed?: {
    sharedFilesystem?: boolean;
    treeCreationMode?: string;
    pathSelection?: string;
    agents: AgentSpec[];
    stages: StageSpec[]; // sorted by order; [] when absent
    barrierSyncEnabled: boolean;
    agentReadyTimeoutS: number;
  };
}
