// What each agent receives: the config with its own overrides applied, `ensure_objects.count` computed from the
// tree (sai3 agents never compute it: a 0 sent to them creates nothing, §2.7), the distributed block sai3
// requires (§3.13), an explicit stage list with barriers, and — for `--local`/`--root` — every file location
// moved under `<root>/agent-<i>/`. Pure: the caller reads files and talks to agents.
import { stringify } from 'yaml';
import { extractModel } from '../core/config/model-extract';
import type { BenchModel } from '../core/model';
import { treeCounts } from '../core/tree/counts';
import { parseCount } from '../core/units';
import { agentFolder, fileBase, rebaseFileUris } from './local-root';
import {
  barrierWarnings,
  normalizeStages,
  plannedStages,
  synthesizeStages,
  type PlannedStage,
  type StageWarning,
} from './stages';
import { startCheckWarnings } from './sai3-start-checks';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A config path for mapping an error back to its line (`rangeOfPath`). */
export type ConfigPath = (string | number)[];

export interface PlanError {
  path: ConfigPath;
  message: string;
}

/** Where an agent listens; `id` names it in events, results and calibration files. */
export interface AgentAddress {
  address: string;
  id?: string;
}

export interface AgentPlan {
  index: number; // agent_index sent in START (0-based position)
  id: string; // agent_id sent in START; LiveStats are routed by it
  address: string;
  pathPrefix: string;
  sharedStorage: boolean;
  /** the YAML this agent receives in START and PreFlightValidation */
  yaml: string;
  value: Obj;
  /** `<root>/agent-<i>` when the config was moved under a local root */
  folder?: string;
}

export interface RunPlan {
  agents: AgentPlan[];
  stages: PlannedStage[];
  /** the whole config as run (agents, stages and counts filled in), for estimates and summary.json */
  value: Obj;
  model: BenchModel;
  totalFiles: bigint | undefined;
  /** things that run but may fail against sai3-bench agents (path into the config as written) */
  warnings: StageWarning[];
}

export interface PlanOptions {
  /** agents to use instead of `distributed.agents` (`--local N`); config entries keep their overrides */
  agents?: AgentAddress[];
  /** move file:// locations under `<root>/agent-<i>/` */
  root?: string;
  /** slowest agent's estimated prepare time, for the barrier timeouts of synthesized stages */
  prepareSeconds?: number;
}

export type PlanResult = { ok: true; plan: RunPlan } | { ok: false; errors: PlanError[] };

const asYamlInt = (n: bigint): number | bigint => (n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n);

/** Fills `count: 0` with the tree total and rejects any other mismatch, exactly as sai3's controller (§2.7). */
export function fillCounts(value: Obj, model: BenchModel): { total?: bigint; errors: PlanError[] } {
  const tree = model.prepare?.tree;
  const prepare = isObj(value.prepare) ? value.prepare : undefined;
  const ensure = Array.isArray(prepare?.ensure_objects) ? prepare.ensure_objects : [];
  if (!tree) return { errors: [] };
  const total = treeCounts(tree).files;
  if (!ensure.length)
    return {
      total,
      errors: [
        {
          path: ['prepare', 'directory_structure'],
          message: 'directory_structure requires at least one ensure_objects entry',
        },
      ],
    };
  const errors: PlanError[] = [];
  ensure.forEach((e, i) => {
    if (!isObj(e)) return;
    const c = parseCount(e.count ?? 0);
    if (!c.ok) {
      errors.push({ path: ['prepare', 'ensure_objects', i, 'count'], message: c.error });
      return;
    }
    if (c.value === 0n || c.value === total) e.count = asYamlInt(total);
    else
      errors.push({
        path: ['prepare', 'ensure_objects', i, 'count'],
        message: `ensure_objects.count (${c.value}) does not match directory tree total files (${total}). Set count to ${total} or 0 to auto-calculate`,
      });
  });
  return { total, errors };
}

/**
 * sai3's required distributed keys (§1.7) with defaults, and the agent list replaced when asked to.
 * `shared_filesystem` is defaulted only for our own local agents (each has its own folder): for the config's
 * own agents it decides whether they split one copy or each write their own, and sai3 refuses to guess
 * (controller.rs:2836-2848) — so do we (planRun reports it).
 */
function distributedBlock(value: Obj, agents: AgentAddress[] | undefined, isolated: boolean): Obj {
  const d: Obj = isObj(value.distributed) ? { ...value.distributed } : {};
  if (agents) {
    const old = Array.isArray(d.agents) ? d.agents : [];
    d.agents = agents.map((a, i) => {
      const kept = isObj(old[i]) ? { ...old[i] } : {};
      return { ...kept, address: a.address, ...(a.id ? { id: a.id } : {}) };
    });
  }
  if (isolated) d.shared_filesystem ??= false;
  d.tree_creation_mode ??= 'isolated';
  d.path_selection ??= 'random';
  return d;
}

/** Agent i's copy: target/concurrency/multi_endpoint overrides applied, as sai3's controller does (§1.7). */
function applyOverrides(value: Obj, index: number): Obj {
  const out = structuredClone(value);
  const agents = (out.distributed as Obj).agents as unknown[];
  const a = isObj(agents[index]) ? agents[index] : {};
  if (a.target_override !== undefined) out.target = a.target_override;
  if (a.concurrency_override !== undefined) out.concurrency = a.concurrency_override;
  if (a.multi_endpoint !== undefined) out.multi_endpoint = a.multi_endpoint;
  return out;
}

export function planRun(input: unknown, opts: PlanOptions = {}): PlanResult {
  if (!isObj(input)) return { ok: false, errors: [{ path: [], message: 'the config must be a YAML map' }] };
  const value = structuredClone(input);
  const errors: PlanError[] = [];
  if (!Array.isArray(value.workload))
    errors.push({ path: [], message: "missing field 'workload' (required by sai3-bench)" });

  value.distributed = distributedBlock(value, opts.agents, !!(opts.agents || opts.root));
  const dist = value.distributed as Obj;
  const agentList = Array.isArray(dist.agents) ? dist.agents : [];
  if (!agentList.length)
    errors.push({
      path: isObj(input.distributed) ? ['distributed', 'agents'] : [],
      message: 'no agents to run on: list them under distributed.agents or use --local N',
    });
  agentList.forEach((a, i) => {
    if (!isObj(a) || typeof a.address !== 'string' || !a.address)
      errors.push({
        path: ['distributed', 'agents', i, 'address'],
        message: 'agent address (host:port) missing',
      });
  });

  if (agentList.length && typeof dist.shared_filesystem !== 'boolean')
    errors.push({
      path: isObj(input.distributed) ? ['distributed'] : [],
      message:
        'distributed.shared_filesystem is required (sai3-bench refuses to run without it): true when every agent ' +
        'sees the same storage (they split the work), false when each has its own (each writes under agent-<n>/)',
    });

  const model0 = extractModel(value);
  if (!model0) return { ok: false, errors: [{ path: [], message: 'the config must be a YAML map' }] };
  const counts = fillCounts(value, model0);
  errors.push(...counts.errors);

  const own = Array.isArray(dist.stages) ? dist.stages : [];
  dist.stages = own.length
    ? normalizeStages(own, model0)
    : synthesizeStages(value, model0, { prepareSeconds: opts.prepareSeconds });
  const warnings = own.length
    ? barrierWarnings(
        own,
        model0,
        isObj(input.distributed) ? input.distributed : undefined,
        opts.prepareSeconds,
      )
    : [];
  warnings.push(...startCheckWarnings(value, dist.stages as Obj[]));
  if (errors.length) return { ok: false, errors };

  const model = extractModel(value)!;
  const shared = dist.shared_filesystem === true;
  const base = opts.root ? fileBase(value) : undefined;
  const agents: AgentPlan[] = agentList.map((raw, index) => {
    const a = raw as Obj;
    const v = applyOverrides(value, index);
    const plan: AgentPlan = {
      index,
      id: typeof a.id === 'string' && a.id ? a.id : `agent-${index + 1}`,
      address: a.address as string,
      // sai3 default: isolated storage gets `agent-<n>/` (§3.7 step 7); a local root already isolates agents.
      pathPrefix: opts.root || shared ? '' : `agent-${index + 1}/`,
      sharedStorage: shared,
      yaml: '',
      value: v,
    };
    if (opts.root && base !== undefined) {
      plan.folder = agentFolder(opts.root, index);
      rebaseFileUris(v, base, plan.folder);
    }
    plan.yaml = stringify(v, { lineWidth: 0 });
    return plan;
  });
  return {
    ok: true,
    plan: {
      agents,
      stages: plannedStages(dist.stages as Obj[]),
      value,
      model,
      totalFiles: counts.total,
      warnings,
    },
  };
}
