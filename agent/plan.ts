// What one agent does for a START: the model, its share, its bases (confined), its stage list.
// Stage list: `distributed.stages` sorted by order; without stages, implicit ones numbered as if written in
// YAML: validation → prepare (if `prepare`) → execute (if duration > 0 and a workload) → cleanup (if
// `prepare.cleanup`), each followed by a barrier the controller releases (sai3 agents instead fail on a
// config without stages).
import { parseDocument } from 'yaml';
import { extractModel } from '../core/config/model-extract';
import { findRefusals } from '../core/fidelity';
import type { BenchModel, EnsureSpec, TreeSpec, StageType } from '../core/model';
import { treeCounts, prepareSplitMode, dirName } from '../core/tree';
import { formatS3Uri, parseS3Uri, S3UriError } from '../core/object-store';
import { Confinement, ConfinementError, schemeOf } from './confine';
import { seedFromUri, sizeSampler, type SizeFn } from './sizes';
import { needsSeparatePools } from './stages/pools';

export const MAX_CONFIG_BYTES = 4 << 20;
export const DEFAULT_BARRIER_TIMEOUT_S = 120;

export interface StartParams {
  configYaml: string;
  agentId: string;
  pathPrefix: string;
  sharedStorage: boolean;
  agentIndex: number;
  numAgents: number;
}

export interface PlannedStage {
  index: number; // 1-based position; barrier index = index − 1
  name: string;
  kind: StageType;
  durationMs: number;
  barrierTimeoutS: number;
}

export interface RunPlan {
  model: BenchModel;
  start: StartParams;
  concurrency: number;
  scheme: string; // 'file' | 'direct' | 's3'
  /** Base URIs as written (before prefix) and their confined local paths; file i lives on bases[i mod n]. */
  baseUris: string[];
  bases: string[];
  tree?: TreeSpec;
  ensure?: EnsureSpec;
  totalFiles: number; // tree total, or the flat count
  /** This agent's file share: undefined = every file (single agent or parallel prepare on isolated storage). */
  share?: { index: number; count: number };
  size: SizeFn;
  stages: PlannedStage[];
  /** Nothing prepared: get/stat read the objects already under their path (listed at execute start). */
  listReads: boolean;
  /** Flat mode with delete and get/stat: a `deletable-*` pool besides `prepared-*` (stages/pools.ts). */
  pools: boolean;
}

export class PlanError extends Error {}

function stripNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripNulls);
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== null) o[k] = stripNulls(x);
    return o;
  }
  return v;
}

/**
 * The model of a START's YAML. Only the YAML parse and the model extraction run here (not the schema and
 * semantic diagnostics of loadConfig, which the controller and the editor already ran): the time from START
 * to the first mkdir is spent on the parse, so the agent does the least it can.
 */
export function loadModel(text: string): BenchModel {
  if (Buffer.byteLength(text, 'utf8') > MAX_CONFIG_BYTES)
    throw new PlanError(`config is larger than ${MAX_CONFIG_BYTES >> 20} MiB; refusing it`);
  const doc = parseDocument(text);
  const syntax = doc.errors[0];
  if (syntax) throw new PlanError(`Invalid YAML config: ${syntax.message.split('\n')[0]}`);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    throw new PlanError(`Invalid YAML config: ${(e as Error).message}`);
  }
  // sai3's controller sends every optional field as `null` (§1.11); treat null as absent.
  const model = extractModel(value) ?? extractModel(stripNulls(value));
  // Keys sai3 honours and we do not (core/fidelity): refused, never silently ignored.
  const refused = findRefusals(value);
  if (refused.length)
    throw new PlanError(
      refused
        .slice(0, 5)
        .map((r) => `${r.path.join('.')}: ${r.message}`)
        .join('; ') + (refused.length > 5 ? ` (and ${refused.length - 5} more)` : ''),
    );
  if (!model)
    throw new PlanError('Invalid YAML config: the config has no usable model (is `workload` present?)');
  return model;
}

/** Run the parser and extractor once so their code is compiled before the first START (cuts ~tens of ms). */
export function warmUp(): void {
  const sample = `target: file:///tmp/x/\nconcurrency: 4\nduration: 1s\nworkload: [ { op: get, path: "*", weight: 1 } ]
prepare:
  ensure_objects: [ { count: 0, size_spec: { type: lognormal, mean: 1MiB, std_dev: 1KiB, min: 1, max: 2MiB } } ]
  directory_structure: { width: 2, depth: 2, files_per_dir: 1, dir_mask: "d%d_w%d.dir" }
distributed:
  shared_filesystem: false
  tree_creation_mode: isolated
  path_selection: random
  agents: [ { address: "h:1", multi_endpoint: { endpoints: ["file:///tmp/x/"] } } ]
`;
  for (let i = 0; i < 5; i++) loadModel(sample);
}

export function planRun(model: BenchModel, start: StartParams, confine: Confinement): RunPlan {
  const agent = model.distributed?.agents[start.agentIndex];
  const concurrency = Math.max(1, agent?.concurrency ?? model.concurrency);
  const ensure = model.prepare?.ensure[0];
  const endpoints = agent?.endpoints.length ? agent.endpoints : model.endpoints;
  const target = agent?.target ?? model.target;
  let baseUris: string[];
  if (ensure?.baseUri) baseUris = [ensure.baseUri];
  else if (endpoints.length) baseUris = endpoints;
  else if (target) baseUris = [target];
  else
    throw new PlanError('no target: set `target`, `multi_endpoint.endpoints` or `ensure_objects[].base_uri`');
  const schemes = new Set(baseUris.map(schemeOf));
  if (schemes.size !== 1) throw new PlanError(`mixed URI schemes in one run: ${[...schemes].join(', ')}`);
  const scheme = [...schemes][0];
  if (scheme !== 'file' && scheme !== 'direct' && scheme !== 's3')
    throw new PlanError(
      `${baseUris[0]}: this agent supports file://, direct:// and s3:// (${scheme}:// is not implemented)`,
    );
  const prefix = !start.sharedStorage && start.pathPrefix ? start.pathPrefix.replace(/^\/+|\/+$/g, '') : '';
  if (prefix) Confinement.checkRelative(prefix);
  let bases: string[];
  try {
    const withPrefix = (u: string) => (prefix ? `${u.replace(/\/+$/, '')}/${prefix}` : u);
    // s3://: canonical URIs (an object store is not confined to --root folders; its credentials decide)
    bases = baseUris.map((u) =>
      scheme === 's3' ? formatS3Uri(parseS3Uri(withPrefix(u))) : confine.resolve(withPrefix(u)),
    );
  } catch (e) {
    if (e instanceof ConfinementError || e instanceof S3UriError) throw new PlanError(e.message);
    throw e;
  }

  const tree = model.prepare?.tree;
  if (tree) {
    for (const L of [1, 2]) Confinement.checkRelative(dirName(tree.dirMask, L, 1));
    if (tree.dirMask.includes('/'))
      throw new PlanError(`dir_mask '${tree.dirMask}' contains '/'; refusing it`);
  }
  let totalFiles = 0;
  if (tree) {
    const files = treeCounts(tree).files;
    if (files > BigInt(Number.MAX_SAFE_INTEGER)) throw new PlanError('tree too large for this agent');
    totalFiles = Number(files);
    const c = ensure ? Number(ensure.count) : 0;
    if (ensure && c !== 0 && c !== totalFiles)
      throw new PlanError(
        `ensure_objects.count (${c}) does not match directory tree total files (${totalFiles}). Set count to ${totalFiles} or 0`,
      );
  } else if (ensure) totalFiles = Number(ensure.count);

  // Nothing prepared: get/stat ops read the data already under their path (listed at execute start, as sai3
  // resolves GET paths). Deleting data this run did not create is refused: it would destroy the user's files.
  const stages = stagesOf(model);
  const listReads = totalFiles === 0 && !tree;
  if (
    listReads &&
    model.workload.some((w) => w.weight > 0 && w.op === 'delete') &&
    stages.some((s) => s.kind === 'execute' || s.kind === 'hybrid')
  )
    throw new PlanError(
      'the workload deletes objects, but this config prepares none: delete ops would remove data this run did ' +
        'not create. Add a prepare section (ensure_objects with a count) so there are objects to delete',
    );

  const split = prepareSplitMode(model);
  const share =
    start.numAgents > 1 && split === 'modulo'
      ? { index: start.agentIndex, count: start.numAgents }
      : undefined;
  const size = sizeSampler(ensure?.size ?? { kind: 'fixed', bytes: 1n << 20n }, seedFromUri(baseUris[0]));
  return {
    model,
    start,
    concurrency,
    scheme,
    baseUris,
    bases,
    tree,
    ensure,
    totalFiles,
    share,
    size,
    stages,
    listReads,
    pools: !listReads && totalFiles > 0 && needsSeparatePools(model, !!tree),
  };
}

export function stagesOf(model: BenchModel): PlannedStage[] {
  const explicit = model.distributed?.stages ?? [];
  if (explicit.length)
    return explicit.map((s, i) => ({
      index: i + 1,
      name: s.name,
      kind: s.type,
      durationMs: s.type === 'hybrid' ? (s.maxDurationMs ?? s.durationMs ?? 0) : (s.durationMs ?? 0),
      barrierTimeoutS: s.barrierTimeoutS ?? DEFAULT_BARRIER_TIMEOUT_S,
    }));
  const out: PlannedStage[] = [];
  const add = (name: string, kind: StageType, durationMs = 0) =>
    out.push({ index: out.length + 1, name, kind, durationMs, barrierTimeoutS: DEFAULT_BARRIER_TIMEOUT_S });
  add('validation', 'validation');
  const p = model.prepare;
  if (p && !p.cleanupOnly) add('prepare', 'prepare');
  if (!p?.cleanupOnly && model.durationMs > 0 && model.workload.some((w) => w.weight > 0))
    add('execute', 'execute', model.durationMs);
  if (p && (p.cleanup || p.cleanupOnly)) add('cleanup', 'cleanup');
  return out;
}
