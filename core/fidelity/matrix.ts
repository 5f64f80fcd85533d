// The fidelity matrix: for every key path of schemas/iobench.schema.json, what our agent (and controller) does
// with it compared with sai3-bench. `implemented` = does what sai3 does (spec section, and the test that
// measures it); `refused` = our agent rejects the config (editor, `iobench validate`, pre-flight and START say
// so) instead of silently ignoring the key; `inert` = sai3 itself does nothing measurable with it either.
// An implemented key may still refuse some values (`refuse`). test/unit/fidelity.test.ts fails when a schema
// key has no entry here; docs/fidelity.md is generated from this table (scripts/gen-fidelity-doc.mjs).
// Spec sections refer to ../shared/spec/sai3-facts.md (§) and sai3-bench source files at d5c9954.

export type FidelityStatus = 'implemented' | 'refused' | 'inert';

export interface FidelityEntry {
  status: FidelityStatus;
  /** where sai3's behaviour is described */
  spec: string;
  /** what our agent does, or why it refuses / why the key is inert */
  note: string;
  /** `file › test name` that measures the effect (implemented) or the refusal (refused) */
  test?: string;
  /**
   * For a present, non-null value: why our agent refuses it (the "…" of the refusal message), or undefined
   * when the value is fine. Refused keys refuse every value except the ones that behave as we do.
   */
  refuse?: (v: unknown, root: Record<string, unknown>) => string | undefined;
  /** implemented keys that refuse some values: which ones, for the table */
  refuses?: string;
}

const T_AGENT = 'test/integration/agent-fidelity.test.ts';
const T_DATA = 'test/integration/agent-fidelity-data.test.ts';
const T_REFUSE = 'test/integration/fidelity-refusal.test.ts';
const T_PROTO = 'test/integration/agent-protocol.test.ts';
const T_PREP = 'test/integration/agent-prepare.test.ts';
const T_CTRL = 'test/integration/controller-run.test.ts';
const T_SSH = 'test/integration/ssh-deploy.test.ts';
// the data-shaping keys write the same data on every backend; s3:// is measured against s3rver here
const ON_S3 = 'file://, direct:// and s3:// alike (s3://: test/integration/agent-s3.test.ts)';
const t = (file: string, name: string) => `${file} › ${name}`;

const impl = (spec: string, note: string, test?: string): FidelityEntry => ({
  status: 'implemented',
  spec,
  note,
  ...(test ? { test } : {}),
});
/** Implemented for some values; `refuses` names the others. */
const partial = (
  spec: string,
  note: string,
  test: string | undefined,
  refuses: string,
  refuse: NonNullable<FidelityEntry['refuse']>,
): FidelityEntry => ({ ...impl(spec, note, test), refuses, refuse });
const inert = (spec: string, note: string): FidelityEntry => ({ status: 'inert', spec, note });
const refused = (spec: string, note: string, refuse: FidelityEntry['refuse']): FidelityEntry => ({
  status: 'refused',
  spec,
  note,
  test: t(T_REFUSE, 'every refused key is refused in the editor, by validate and by our agent'),
  refuse,
});

/** Refuse any value but the ones listed (the defaults that behave as our agent does). */
const unless =
  (why: string, ...ok: unknown[]) =>
  (v: unknown) =>
    ok.some((x) => x === v) ? undefined : why;

const SAI3_OBJECT_CLIENT = 'tunes sai3’s object-store client (s3dlio); no effect on file:// and direct://';
const LEGACY_LIVENESS =
  'legacy BarrierManager liveness; not used with stage barriers (§3.10), so no effect in current sai3';

function phaseBarrier(prefix: string): Record<string, FidelityEntry> {
  return {
    [prefix]: impl('§1.7 PhaseBarrierConfig', 'barrier after the stage; released when every agent is there'),
    [`${prefix}.type`]: partial(
      '§1.7',
      'all_or_nothing: every agent must arrive',
      t(
        T_CTRL,
        'full run, 2 agents: events in order, files as predicted, results files with the right columns',
      ),
      'majority, best_effort',
      unless('barrier types other than all_or_nothing (majority, best_effort)', 'all_or_nothing'),
    ),
    [`${prefix}.heartbeat_interval`]: inert('§1.7, §3.10', LEGACY_LIVENESS),
    [`${prefix}.missed_threshold`]: inert('§1.7, §3.10', LEGACY_LIVENESS),
    [`${prefix}.query_timeout`]: inert('§1.7, §3.10', LEGACY_LIVENESS),
    [`${prefix}.query_retries`]: inert('§1.7, §3.10', LEGACY_LIVENESS),
    [`${prefix}.agent_barrier_timeout`]: impl(
      '§1.7, §3.10 + audit',
      'the agent fails a barrier not released within 6 × timeout',
    ),
  };
}

const hasTree = (root: Record<string, unknown>) => {
  const p = root.prepare;
  return !!p && typeof p === 'object' && !!(p as Record<string, unknown>).directory_structure;
};

function multiEndpoint(prefix: string): Record<string, FidelityEntry> {
  return {
    [prefix]: impl('§1.8 multi_endpoint', 'file i lives on endpoints[i mod n] (prepare and execute)'),
    [`${prefix}.endpoints`]: impl('§1.8', 'every endpoint gets the tree; files spread i mod n'),
    [`${prefix}.strategy`]: partial(
      '§1.8, workload.rs:409-416',
      'file i on endpoint i mod n. In tree mode sai3 places files the same way whatever the strategy, so any strategy is accepted there; outside tree mode only round_robin',
      t(T_DATA, 'multi_endpoint round_robin spreads files over the endpoints'),
      'least_connections outside tree mode',
      (v, root) =>
        hasTree(root) || (typeof v === 'string' && ['round_robin', 'roundrobin'].includes(v.toLowerCase()))
          ? undefined
          : `multi_endpoint strategy '${String(v)}' without a directory tree (only round_robin is implemented there)`,
    ),
  };
}

const S3DLIO_KEYS = [
  'enable_range_downloads',
  'range_threshold_mb',
  'range_concurrency',
  'chunk_size_mb',
  'gcs_channel_count',
  'gcs_rapid_mode',
  'gcs_write_chunk_size_bytes',
  'gcs_project',
  'h2c',
  'h2_adaptive_window',
  'h2_stream_window_mb',
  'h2_conn_window_mb',
  's3dlio_rt_threads',
  'tokio_worker_threads',
  'auto_threads',
];

export const FIDELITY: Record<string, FidelityEntry> = {
  duration: impl(
    '§1.3',
    'execute stage length',
    t(T_PROTO, 'sai3-bench controller sequence: START → READY → RELEASE_BARRIER(0..3) → COMPLETED → GOODBYE'),
  ),
  concurrency: impl('§1.3', 'worker loops in execute; bulk parallelism in prepare'),
  target: impl('§1.3, §1.4', 'base URI; relative op paths are joined to it'),
  workload: impl('§1.4', 'weighted random op choice per worker iteration'),
  'workload[].op': impl('§1.4', 'get, put, list, stat, delete, mkdir, rmdir'),
  'workload[].weight': impl('§1.4', 'weighted choice; weight 0 never runs'),
  'workload[].concurrency': impl(
    '§1.4, workload.rs:2169-2190',
    'an op with concurrency below the global one never has more than that many in flight',
    t(T_AGENT, 'per-op concurrency bounds the ops in flight'),
  ),
  'workload[].path': impl(
    '§1.4',
    'get/stat: key, folder or * pattern over existing data; put: writes obj_N under it; ignored in tree mode (a tree file is picked), as sai3',
  ),
  'workload[].object_size': impl('§1.4', 'PUT size in bytes'),
  'workload[].size_spec': impl('§1.5', 'PUT size distribution (sampled per PUT)'),
  'workload[].size_distribution': impl('§1.5', 'alias of size_spec'),
  'workload[].dedup_factor': impl(
    '§1.4, data_gen_pool.rs',
    `PUT data: each 4 KiB block repeated N times in a row (1 in N unique within an object). PUTs write from one shared buffer per factor pair, so objects also repeat each other (sai3’s are unique). ${ON_S3}`,
    t(T_DATA, 'workload put dedup_factor and compress_factor shape the data'),
  ),
  'workload[].compress_factor': impl(
    '§1.4, data_gen_pool.rs',
    `PUT data: ~1/N of each 4 KiB block random, the rest zero (≈ N:1); ${ON_S3}`,
    t(T_DATA, 'workload put dedup_factor and compress_factor shape the data'),
  ),
  'workload[].recursive': impl('§1.4', 'rmdir -r'),

  prepare: impl(
    '§1.6',
    'prepare stage',
    t(
      T_PREP,
      'prepare creates exactly the directories and files core/tree predicts, sizes inside the distribution',
    ),
  ),
  'prepare.ensure_objects': partial(
    '§1.6',
    'the objects prepare creates',
    t(
      T_PREP,
      'prepare creates exactly the directories and files core/tree predicts, sizes inside the distribution',
    ),
    'more than one entry',
    (v) => (Array.isArray(v) && v.length > 1 ? 'more than one ensure_objects entry' : undefined),
  ),
  'prepare.ensure_objects[].base_uri': impl(
    '§1.6',
    'where the objects go (else the first endpoint or target)',
  ),
  'prepare.ensure_objects[].count': impl('§1.6, §2.7', 'object count (tree: 0 or the tree total)'),
  'prepare.ensure_objects[].min_size': impl('§1.5', 'legacy size range (fixed when equal, else uniform)'),
  'prepare.ensure_objects[].max_size': impl('§1.5', 'legacy size range'),
  'prepare.ensure_objects[].size_spec': impl('§1.5', 'deterministic size per object index'),
  'prepare.ensure_objects[].size_distribution': impl('§1.5', 'alias of size_spec'),
  'prepare.ensure_objects[].fill': impl(
    '§1.6, prepare/sequential.rs:474-487',
    `zero: zero bytes; random and prand (the same in current sai3): random bytes where every 4 KiB block of the data set is unique (an 8-byte stamp per block), so neither compression nor block dedup reduces it; ${ON_S3}`,
    t(T_DATA, 'fill zero writes zeros and fill random writes incompressible data'),
  ),
  'prepare.ensure_objects[].dedup_factor': impl(
    '§1.6, data_gen_pool.rs',
    `random fill: each 4 KiB block repeated N times in a row, so 1 in N blocks is unique (within an object: objects under N × 4 KiB are not reduced); zero fill ignores it, as sai3; ${ON_S3}`,
    t(T_DATA, 'ensure_objects dedup_factor and compress_factor shape the data'),
  ),
  'prepare.ensure_objects[].compress_factor': impl(
    '§1.6, data_gen_pool.rs',
    `random fill: ~1/N of each 4 KiB block random, the rest zero (≈ N:1 with a block compressor); ${ON_S3}`,
    t(T_DATA, 'ensure_objects dedup_factor and compress_factor shape the data'),
  ),
  'prepare.cleanup': impl('§1.6', 'adds a cleanup stage when the config has no stages'),
  'prepare.cleanup_only': impl('§1.6', 'skip prepare and execute, only clean up'),
  'prepare.post_prepare_delay': inert(
    '§1.6',
    'applied only by standalone sai3 and the legacy unary RunWorkload; not in stage mode, which both controllers use',
  ),
  'prepare.directory_structure': impl(
    '§2',
    'the tree',
    t(
      T_PREP,
      'prepare creates exactly the directories and files core/tree predicts, sizes inside the distribution',
    ),
  ),
  'prepare.directory_structure.width': impl('§2.1', 'subdirectories per directory'),
  'prepare.directory_structure.depth': impl('§2.1', 'levels'),
  'prepare.directory_structure.files_per_dir': impl('§2.2', 'files per (leaf) directory'),
  'prepare.directory_structure.distribution': impl('§2.2', 'bottom or all'),
  'prepare.directory_structure.dir_mask': impl('§2.3', 'directory names'),
  'prepare.prepare_strategy': impl('§2.6', 'which agent writes which files'),
  'prepare.skip_verification': impl('§1.6', 'assume the objects exist: create nothing'),
  'prepare.force_overwrite': impl('§1.6', 'create every object even when it exists'),
  'prepare.cleanup_mode': impl('§1.6', 'strict, tolerant, besteffort'),
  'prepare.key_prefix_shards': refused(
    '§1.6, prepare/sequential.rs:264-268',
    'flat keys under hex shard folders are not laid out by our agent',
    unless('key_prefix_shards (hex-sharded flat keys)', 0),
  ),

  range_engine: inert('§1.8, workload.rs:181-247', 'split GETs into ranges on GCS only; never on file://'),
  'range_engine.enabled': inert('§1.8', 'GCS range downloads only'),
  'range_engine.chunk_size': inert('§1.8', 'GCS range downloads only'),
  'range_engine.max_concurrent_ranges': inert('§1.8', 'GCS range downloads only'),
  'range_engine.min_split_size': inert('§1.8', 'GCS range downloads only'),
  'range_engine.range_timeout_secs': inert('§1.8', 'GCS range downloads only'),
  page_cache_mode: refused(
    '§1.3, workload.rs:181-205',
    'sai3 issues posix_fadvise hints on file:// (sequential, random, dontneed); Node has no fadvise, so only auto/normal (no hints) are accepted',
    unless('page_cache_mode hints (posix_fadvise sequential/random/dontneed)', 'auto', 'normal'),
  ),

  distributed: impl('§1.7', 'agents, stages and barriers, driven by the controller'),
  'distributed.agents': impl('§1.7', 'one gRPC agent per entry'),
  'distributed.agents[].address': impl('§1.7', 'host:port of the agent'),
  'distributed.agents[].id': impl('§1.7', 'agent name in logs and results'),
  'distributed.agents[].target_override': impl('§1.7', 'this agent’s target'),
  'distributed.agents[].concurrency_override': impl('§1.7', 'this agent’s concurrency'),
  'distributed.agents[].env': impl('§1.7, §5', 'docker -e in SSH deployment (deploy_type docker)'),
  'distributed.agents[].volumes': impl('§1.7, §5', 'docker -v in SSH deployment (deploy_type docker)'),
  'distributed.agents[].path_template': inert('§1.7, §1.10', 'unused by sai3'),
  'distributed.agents[].listen_port': impl('§1.7, §5', 'the port an SSH-deployed agent listens on'),
  ...multiEndpoint('distributed.agents[].multi_endpoint'),
  'distributed.agents[].kv_cache_dir': inert(
    '§1.7',
    'where sai3 keeps its prepare-resume cache; nothing measured depends on it (our prepare resumes by skipping existing files)',
  ),
  'distributed.ssh': impl(
    '§5',
    'iobench run / iobench deploy deploy the agents over SSH (controller/deploy): every host in parallel, host keys verified against known_hosts, agents stopped at the end',
    t(T_SSH, 'run deploys the agent over SSH, runs, stops it and fetches its log'),
  ),
  'distributed.ssh.enabled': impl(
    '§5.1',
    'deploy before the run',
    t(T_SSH, 'run deploys the agent over SSH, runs, stops it and fetches its log'),
  ),
  'distributed.ssh.user': impl('§5.1', 'SSH user'),
  'distributed.ssh.key_path': impl(
    '§5.1',
    'private key; else the running ssh-agent',
    t(
      T_SSH,
      'keys from the running ssh-agent (no key_path); a host node older than 20 is refused with a clear error',
    ),
  ),
  'distributed.ssh.timeout': impl('§5.1', 'SSH connect timeout'),
  'distributed.ssh.port': impl('ours', 'SSH port (sai3 always uses 22)'),
  'distributed.ssh.known_hosts': impl(
    '§1.10',
    'unused by sai3 (it never checks host keys); ours verifies every host key against it',
    t(T_SSH, 'a known_hosts with a different key for the host is refused, naming the key; nothing starts'),
  ),
  'distributed.deployment': impl('§5', 'how agents are deployed'),
  'distributed.deployment.deploy_type': impl(
    '§1.10',
    'docker (as sai3) or binary (ours: the bundled agent over SFTP)',
    t(T_SSH, 'deploy_type docker runs the container command line sai3 runs (fake docker on the remote PATH)'),
  ),
  'distributed.deployment.container_runtime': impl('§5', 'docker or podman'),
  'distributed.deployment.image': impl('§5', 'container image'),
  'distributed.deployment.network_mode': impl('§5', 'docker --network'),
  'distributed.deployment.pull_policy': impl('§5', 'always, if_not_present or never'),
  'distributed.deployment.binary_path': impl(
    '§1.10',
    'unused by sai3; ours: where the agent bundle is uploaded',
  ),
  'distributed.deployment.docker_args': impl('§5', 'extra docker run arguments'),
  'distributed.start_delay': inert('§1.7, §1.10', 'ignored by sai3’s controller (CLI flag instead)'),
  'distributed.path_template': inert('§1.7, §1.10', 'ignored by sai3’s controller (CLI flag instead)'),
  'distributed.shared_filesystem': impl('§1.7, §2.6', 'who prepares what; per-agent path prefix'),
  'distributed.tree_creation_mode': inert('§1.7, §1.10', 'validation only in sai3; no runtime effect'),
  'distributed.path_selection': impl(
    '§1.7, §2.6',
    'tree mode: a directory with files by strategy (random: any; partitioned: own 70 %; exclusive: own only; weighted: own with 1 − partition_overlap), then a file inside it. Directory j belongs to agent j mod num_agents. sai3 passes agent 0 on every agent (a TODO), so its agents share agent 0’s partition; ours use their own',
    t(T_AGENT, 'path_selection exclusive keeps an agent inside its own partition'),
  ),
  'distributed.partition_overlap': impl(
    '§1.7, §2.6',
    'path_selection weighted: probability of a directory outside the own partition',
  ),
  'distributed.grpc_keepalive_interval': inert('§1.7', 'transport tuning; nothing measured depends on it'),
  'distributed.grpc_keepalive_timeout': inert('§1.7', 'transport tuning; nothing measured depends on it'),
  'distributed.agent_ready_timeout': impl('§1.7, §3.7', 'how long the controller waits for READY'),
  'distributed.barrier_sync': impl('§1.7', 'fills stage barriers from the phase blocks'),
  'distributed.barrier_sync.enabled': impl('§1.7', 'stage barriers default to the phase blocks'),
  'distributed.barrier_sync.default_heartbeat_interval': inert('§1.7', LEGACY_LIVENESS),
  'distributed.barrier_sync.default_missed_threshold': inert('§1.7', LEGACY_LIVENESS),
  'distributed.barrier_sync.default_query_timeout': inert('§1.7', LEGACY_LIVENESS),
  'distributed.barrier_sync.default_query_retries': inert('§1.7', LEGACY_LIVENESS),
  ...phaseBarrier('distributed.barrier_sync.validation'),
  ...phaseBarrier('distributed.barrier_sync.prepare'),
  ...phaseBarrier('distributed.barrier_sync.execute'),
  ...phaseBarrier('distributed.barrier_sync.cleanup'),
  'distributed.stages': impl('§1.7, §3.7', 'the ordered stage list with a barrier after each'),
  'distributed.stages[].name': impl('§1.7', 'stage name'),
  'distributed.stages[].order': impl('§1.7', 'sort key; barrier number = position'),
  'distributed.stages[].type': partial(
    '§1.7',
    'validation, prepare, execute, cleanup, hybrid (runs the workload for max_duration). custom is refused: our agent does not run commands that arrive over the network',
    undefined,
    'custom',
    (v) =>
      v === 'custom' ? 'custom stages (running a command from the config on the agent host)' : undefined,
  ),
  'distributed.stages[].completion': impl('§1.7', 'checked against the type'),
  ...phaseBarrier('distributed.stages[].barrier'),
  'distributed.stages[].timeout_secs': inert('§1.7, §1.10', 'only logged by sai3'),
  'distributed.stages[].optional': inert('§1.7, §1.10', 'no effect in sai3'),
  'distributed.stages[].duration': impl('§1.7', 'execute stage length'),
  'distributed.stages[].expected_objects': inert('§1.7, §1.10', 'not used for progress by sai3'),
  'distributed.stages[].command': inert('§1.7', 'custom stages only (refused at stages[].type)'),
  'distributed.stages[].args': inert('§1.7', 'custom stages only (refused at stages[].type)'),
  'distributed.stages[].max_duration': impl('§1.7', 'hybrid stage length'),
  'distributed.stages[].expected_tasks': inert(
    '§1.7',
    'hybrid runs for max_duration; the task count is not used',
  ),
  'distributed.kv_cache_dir': inert(
    '§1.7',
    'where sai3 keeps its prepare-resume cache; nothing measured depends on it',
  ),

  io_rate: impl(
    '§1.8, rate_controller.rs',
    'op starts paced to iops in total, divided across workers (each worker iops/concurrency)',
    t(T_AGENT, 'io_rate holds the configured rate for each distribution'),
  ),
  'io_rate.iops': impl('§1.2e', 'target ops/s; 0 or max = unlimited'),
  'io_rate.distribution': impl(
    '§1.8, rate_controller.rs',
    'exponential (Poisson arrivals), uniform (fixed interval, late ticks delayed), deterministic (absolute schedule, catches up). sai3 shares one uniform/deterministic timer among all workers, which yields iops/concurrency in total; we hold the configured total',
    t(T_AGENT, 'io_rate holds the configured rate for each distribution'),
  ),
  processes: refused(
    '§1.2f, §1.3',
    'multi-process scaling; our agent runs one process (raise concurrency instead)',
    (v) =>
      v === 1 || v === '1' || (typeof v === 'string' && /^single$/i.test(v))
        ? undefined
        : `processes: ${String(v)} (multi-process scaling)`,
  ),
  processing_mode: inert('§1.3', 'only matters with processes > 1 (refused)'),

  error_handling: impl(
    '§1.8, workload.rs:1580-1860',
    'per-op error policy of the execute stage',
    t(T_AGENT, 'error_handling stops the stage at max_total_errors'),
  ),
  'error_handling.max_total_errors': impl(
    '§1.8',
    'the stage fails once this many op errors (attempts) were counted',
    t(T_AGENT, 'error_handling stops the stage at max_total_errors'),
  ),
  'error_handling.error_rate_threshold': impl(
    '§1.8',
    'errors/s over error_rate_window at or above it: the failing worker sleeps backoff_duration',
    t(T_AGENT, 'error_handling backs off above error_rate_threshold'),
  ),
  'error_handling.backoff_duration': impl('§1.8', 'sleep after a high error rate'),
  'error_handling.error_rate_window': impl('§1.8', 'seconds over which the error rate is counted'),
  'error_handling.retry_on_error': impl(
    '§1.8',
    'retry a failed op up to max_retries times',
    t(T_AGENT, 'error_handling retries with backoff and jitter'),
  ),
  'error_handling.max_retries': impl('§1.8', 'retries after the first attempt'),
  'error_handling.initial_retry_delay_ms': impl('§1.8', 'first retry delay'),
  'error_handling.max_retry_delay_ms': impl('§1.8', 'cap of the retry delay'),
  'error_handling.retry_backoff_multiplier': impl('§1.8', 'delay growth per retry'),
  'error_handling.retry_jitter_factor': impl('§1.8', 'delay × uniform(1−j, 1+j)'),
  op_log_path: refused(
    '§1.3',
    'sai3 writes a per-operation log; our agent does not',
    () => 'the per-operation log (op_log_path)',
  ),
  warmup_period: impl(
    '§1.3, perf_log.rs',
    'perf-log rows of the first warmup_period of an execute stage are flagged (stage column “<name> (warmup)”) and the stage results count only ops after it',
    t(T_AGENT, 'warmup_period excludes the first seconds from the stage results'),
  ),
  perf_log: impl('§1.3', 'the controller always writes perf_log.tsv (sai3’s controller too)'),
  'perf_log.path': inert('§1.3', 'ignored by sai3 (always <results>/perf_log.tsv)'),
  'perf_log.interval': refused('§1.3', 'our perf log has one row per second', (v) =>
    v === '1s' || v === '1 s' || v === '1000ms' ? undefined : `perf_log.interval ${String(v)} (only 1s)`,
  ),
  ...multiEndpoint('multi_endpoint'),
  cache_checkpoint_interval_secs: inert(
    '§1.3',
    'sai3’s prepare-resume cache only; nothing measured depends on it',
  ),
  enable_metadata_cache: inert('§1.3', 'sai3’s prepare-resume cache only; nothing measured depends on it'),
  s3dlio_optimization: inert('§1.8', SAI3_OBJECT_CLIENT),
  ...Object.fromEntries(
    S3DLIO_KEYS.map((k) => [`s3dlio_optimization.${k}`, inert('§1.8', SAI3_OBJECT_CLIENT)]),
  ),
  distributed_env: inert('§1.3', 'object-store credentials for sai3 agents; file:// needs none'),
  dynamic_put_pool: impl(
    '§1.3, workload.rs:2764-2777',
    'outside tree mode a written PUT object joins the read set of the first get op whose path covers it (sai3 matches by URI prefix; we by the get path’s key/folder/* rule)',
    t(T_DATA, 'dynamic_put_pool lets gets read the objects puts wrote'),
  ),
};
