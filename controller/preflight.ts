// Pre-flight on every agent at once (sai3 asks one agent after the other, §4.1) unless they may share a directory
// (then one after the other, see sharesStorage): each agent checks the paths
// of *its own* config copy (after overrides and --root rewriting), results are tied back to the config line
// they are about, and the rates agents measure (`test_phase: calibration`, JSON `details`) become a calibration
// file the estimates use.
import { parseTerms, type Calibration, type RateModel, type TimeTerms } from '../core/estimate';
import { ResultLevel, type PreFlightResponse__Output, type ValidationResult__Output } from '../proto';
import { MAX_PARALLEL_RPC } from '../core/parallel';
import { mapValues } from './bounded';
import type { Connection } from './connect';
import type { AgentRef, PreflightItem, RunEmitter } from './events';
import type { AgentPlan, ConfigPath } from './per-agent-config';

const LEVELS: Record<number, PreflightItem['level']> = {
  [ResultLevel.SUCCESS]: 'success',
  [ResultLevel.INFO]: 'info',
  [ResultLevel.WARNING]: 'warning',
  [ResultLevel.ERROR]: 'error',
};
const TYPES = ['unknown', 'authentication', 'permission', 'network', 'configuration', 'resource', 'system'];

/** Phases that are about the agent's file-system location (§4.3). */
const PATH_PHASES = new Set([
  'safety',
  'stat',
  'ownership',
  'mount',
  'list',
  'read',
  'write',
  'mkdir',
  'delete',
  'disk-space',
  'inodes',
  'direct-io',
  'quota',
  'filesystem',
  'init',
]);

/** Finds the 1-based line/column of a config path (the caller's loaded document). */
export type Locate = (path: ConfigPath) => { line: number; column: number } | undefined;

/**
 * The config key an agent's storage checks are about: its target_override, else where prepared files go
 * (`ensure_objects[0].base_uri`, what our agent checks), else the target (what sai3 checks first, §4.2).
 */
export function storagePath(config: Record<string, unknown>, agentIndex: number): ConfigPath {
  const dist = config.distributed as Record<string, unknown> | undefined;
  const agents = Array.isArray(dist?.agents) ? (dist.agents as Record<string, unknown>[]) : [];
  if (typeof agents[agentIndex]?.target_override === 'string')
    return ['distributed', 'agents', agentIndex, 'target_override'];
  const prepare = config.prepare as Record<string, unknown> | undefined;
  const ensure = Array.isArray(prepare?.ensure_objects)
    ? (prepare.ensure_objects as Record<string, unknown>[])
    : [];
  if (typeof ensure[0]?.base_uri === 'string') return ['prepare', 'ensure_objects', 0, 'base_uri'];
  return ['target'];
}

export function toItem(
  r: ValidationResult__Output,
  path: ConfigPath | undefined,
  locate?: Locate,
): PreflightItem {
  const item: PreflightItem = {
    level: LEVELS[r.level] ?? 'info',
    type: TYPES[r.error_type] ?? 'unknown',
    phase: r.test_phase,
    message: r.message,
    suggestion: r.suggestion,
    details: r.details,
  };
  if (path && PATH_PHASES.has(r.test_phase)) {
    item.configPath = path;
    const pos = locate?.(path);
    if (pos) Object.assign(item, pos);
  }
  return item;
}

/** Rates from a `calibration` result's details (`{mkdirPerSec, createsPerSec, bytesPerSec}`), if any. */
export function ratesFromDetails(details: string): Partial<RateModel> | undefined {
  let v: unknown;
  try {
    v = JSON.parse(details);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  const out: Partial<RateModel> = {};
  for (const k of ['mkdirPerSec', 'createsPerSec', 'bytesPerSec'] as const)
    if (typeof o[k] === 'number' && Number.isFinite(o[k]) && (o[k] as number) > 0) out[k] = o[k] as number;
  return Object.keys(out).length ? out : undefined;
}

/** Time terms from a `calibration` result's details (our agent's probe), if any. */
export function termsFromDetails(details: string): TimeTerms | undefined {
  try {
    return parseTerms((JSON.parse(details) as { terms?: unknown }).terms);
  } catch {
    return undefined;
  }
}

export interface AgentPreflight {
  agent: AgentRef;
  passed: boolean;
  errors: number;
  warnings: number;
  items: PreflightItem[];
  rates?: Partial<RateModel>;
  /** the time model's terms from our agent's probe (sai3 agents send none) */
  terms?: TimeTerms;
}

export interface PreflightOutcome {
  passed: boolean;
  agents: AgentPreflight[];
  calibration?: Calibration;
}

function call(c: Connection, plan: AgentPlan, timeoutMs: number): Promise<PreFlightResponse__Output> {
  return new Promise((resolve, reject) =>
    c.client.PreFlightValidation(
      { config_yaml: plan.yaml, agent_id: plan.id },
      c.metadata(),
      { deadline: new Date(Date.now() + timeoutMs) },
      (e, r) => (e || !r ? reject(e ?? new Error('no reply')) : resolve(r)),
    ),
  );
}

export interface PreflightOptions {
  emitter?: RunEmitter;
  locate?: Locate;
  /** the config as written (for the line of each agent's storage key) */
  config?: Record<string, unknown>;
  timeoutMs?: number;
  /** one agent after the other; default: when sharesStorage(plans) */
  sequential?: boolean;
}

/**
 * Whether agents may probe the same directory: sai3's probe uses fixed names (`.sai3bench_preflight_test…`) and
 * fails on a delete that raced (preflight/filesystem.rs:566-620), so shared storage — or two agents on one host
 * with the same target — is checked one agent at a time, as sai3's controller does (controller.rs:2040).
 */
export function sharesStorage(plans: AgentPlan[]): boolean {
  if (plans.some((p) => p.sharedStorage)) return true;
  const host = (a: string) => a.replace(/:\d+$/, '');
  const seen = new Set<string>();
  for (const p of plans) {
    const key = `${host(p.address)}\u0000${String(p.value.target ?? '')}`;
    if (seen.has(key)) return true;
    seen.add(key);
  }
  return false;
}

export async function preflightAll(
  connections: Connection[],
  plans: AgentPlan[],
  opts: PreflightOptions = {},
): Promise<PreflightOutcome> {
  const one = async (c: Connection, i: number): Promise<AgentPreflight> => {
    const plan = plans[i];
    const path = opts.config ? storagePath(opts.config, plan.index) : undefined;
    let out: AgentPreflight;
    try {
      const r = await call(c, plan, opts.timeoutMs ?? 120_000);
      const items = r.results.map((x) => toItem(x, path, opts.locate));
      const cal = r.results.find((x) => x.test_phase === 'calibration' && x.details);
      out = {
        agent: c.agent,
        passed: r.passed && !items.some((x) => x.level === 'error'),
        errors: items.filter((x) => x.level === 'error').length,
        warnings: items.filter((x) => x.level === 'warning').length,
        items,
      };
      const rates = cal ? ratesFromDetails(cal.details) : undefined;
      if (rates) out.rates = rates;
      const terms = cal ? termsFromDetails(cal.details) : undefined;
      if (terms) out.terms = terms;
    } catch (e) {
      const err = e as { details?: string; message?: string };
      out = {
        agent: c.agent,
        passed: false,
        errors: 1,
        warnings: 0,
        items: [
          {
            level: 'error',
            type: 'network',
            phase: 'rpc',
            message: `PreFlightValidation failed: ${err.details || err.message || String(e)}`,
            suggestion: 'check that the agent is an iobench or sai3-bench agent and reachable',
            details: '',
          },
        ],
      };
    }
    opts.emitter?.emit('preflight-result', {
      agent: out.agent,
      passed: out.passed,
      errors: out.errors,
      warnings: out.warnings,
      results: out.items,
    });
    return out;
  };
  let results: AgentPreflight[] = [];
  if (opts.sequential ?? sharesStorage(plans))
    for (let i = 0; i < connections.length; i++) results.push(await one(connections[i], i));
  // bounded: each call carries a config copy and starts work on the agent
  else results = await mapValues(connections, MAX_PARALLEL_RPC, one);
  const outcome: PreflightOutcome = { passed: results.every((r) => r.passed), agents: results };
  const measured = results.filter((r) => r.rates);
  if (measured.length)
    outcome.calibration = {
      version: 1,
      measuredAt: new Date().toISOString(),
      agents: Object.fromEntries(measured.map((r) => [r.agent.id, r.rates!])),
      source: 'preflight',
    };
  const withTerms = results.filter((r) => r.terms);
  if (outcome.calibration && withTerms.length)
    outcome.calibration.terms = Object.fromEntries(withTerms.map((r) => [r.agent.id, r.terms!]));
  opts.emitter?.emit('preflight-done', {
    passed: outcome.passed,
    agents: results.length,
    errors: results.reduce((s, r) => s + r.errors, 0),
    warnings: results.reduce((s, r) => s + r.warnings, 0),
  });
  return outcome;
}
