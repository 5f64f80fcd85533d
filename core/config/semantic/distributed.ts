// Distributed-config lint of the sai3 controller (preflight/distributed.rs, spec §4.5), the per-agent
// concurrency ≥ endpoints check (controller.rs:3106-3132), multi_endpoint sizes, and base_uri for standalone runs.
import { DIAGNOSTIC_CODES as C } from '../codes';
import { asArr, asObj, isObj, report, type Obj, type SemanticContext } from './context';

const MAX_ENDPOINTS = 32; // s3dlio max_endpoints()
const endpointsOf = (v: unknown): unknown[] | undefined => {
  const m = asObj(v);
  return m && Array.isArray(m.endpoints) ? m.endpoints : undefined;
};

export function checkEndpoints(ctx: SemanticContext): void {
  const top = endpointsOf(ctx.root.multi_endpoint);
  const distributed = isObj(ctx.root.distributed);
  if (top && top.length > MAX_ENDPOINTS)
    report(
      ctx,
      ['multi_endpoint', 'endpoints'],
      'key',
      distributed ? 'warning' : 'error',
      C.multiEndpoint,
      `${top.length} endpoints: sai3 accepts at most ${MAX_ENDPOINTS}${distributed ? ' in a standalone run (this config is distributed, where only per-agent lists are used)' : ''}`,
    );
  asArr(asObj(ctx.root.distributed)?.agents).forEach((a, i) => {
    const eps = endpointsOf(asObj(a)?.multi_endpoint);
    if (eps && eps.length > MAX_ENDPOINTS)
      report(
        ctx,
        ['distributed', 'agents', i, 'multi_endpoint', 'endpoints'],
        'key',
        'error',
        C.multiEndpoint,
        `${eps.length} endpoints: sai3 accepts at most ${MAX_ENDPOINTS}`,
      );
  });
}

export function checkBaseUri(ctx: SemanticContext): void {
  if (isObj(ctx.root.distributed)) return; // the distributed lint covers it
  if (endpointsOf(ctx.root.multi_endpoint)?.length) return;
  asArr(asObj(ctx.root.prepare)?.ensure_objects).forEach((e, i) => {
    if (isObj(e) && (e.base_uri === undefined || e.base_uri === null))
      // Warning, not error: sai3 parses and validates this config; only its prepare step fails (config.rs:718-730).
      report(
        ctx,
        ['prepare', 'ensure_objects', i],
        'value',
        'warning',
        C.prepare,
        'no base_uri and no multi_endpoint: sai3 prepare fails with "base_uri is required when no multi_endpoint configuration is present"',
      );
  });
}

export function checkDistributed(ctx: SemanticContext): void {
  const d = asObj(ctx.root.distributed);
  if (!d || !Array.isArray(d.agents)) return;
  const agents = d.agents.map((a) => asObj(a) ?? ({} as Obj));
  const topEps = endpointsOf(ctx.root.multi_endpoint) ?? [];
  const globalConc = typeof ctx.root.concurrency === 'number' ? ctx.root.concurrency : 16;
  agents.forEach((a, i) => {
    const own = endpointsOf(a.multi_endpoint);
    const eps = own ?? topEps;
    const conc = typeof a.concurrency_override === 'number' ? a.concurrency_override : globalConc;
    if (eps.length > conc) {
      const at = [
        'distributed',
        'agents',
        i,
        a.concurrency_override !== undefined ? 'concurrency_override' : own ? 'multi_endpoint' : 'address',
      ];
      report(
        ctx,
        at,
        a.concurrency_override !== undefined ? 'value' : 'key',
        'error',
        C.concurrencyEndpoints,
        `agent ${String(a.id ?? i + 1)}: concurrency ${conc} is lower than its ${eps.length} endpoints; the sai3 controller aborts (each endpoint needs at least one worker)`,
        { agent: i, endpoints: eps.length, concurrency: conc },
      );
    }
  });
  if (!agents.length) return; // sai3 skips the lint without agents
  const shared = d.shared_filesystem === true;
  const withOwn = agents.filter((a) => endpointsOf(a.multi_endpoint)?.length).length;
  const anyMe = withOwn > 0 || topEps.length > 0;
  asArr(asObj(ctx.root.prepare)?.ensure_objects).forEach((e, i) => {
    if (!isObj(e)) return;
    const at = ['prepare', 'ensure_objects', i];
    const hasBase = typeof e.base_uri === 'string' && e.base_uri !== '';
    if (shared && withOwn > 0 && withOwn < agents.length)
      report(
        ctx,
        at,
        'value',
        'warning',
        C.distributedLint,
        `${agents.length - withOwn} agents don't have multi_endpoint configured (shared_filesystem: true)`,
      );
    if (!shared && withOwn > 0 && hasBase && d.tree_creation_mode === 'isolated')
      report(
        ctx,
        [...at, 'base_uri'],
        'key',
        'error',
        C.distributedLint,
        'base_uri should not be specified in isolated mode with per-agent storage: each agent writes to its own first endpoint; remove base_uri (or use a shared filesystem)',
      );
    if (!anyMe && !hasBase)
      report(
        ctx,
        at,
        'value',
        'error',
        C.distributedLint,
        'base_uri is required when no multi_endpoint configuration is present',
      );
  });
  if (topEps.length && agents.length > 1 && withOwn === agents.length)
    report(
      ctx,
      ['multi_endpoint'],
      'key',
      'warning',
      C.distributedLint,
      `Top-level multi_endpoint (${topEps.length} URIs) is redundant: every agent has its own multi_endpoint`,
    );
}
