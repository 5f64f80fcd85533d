// What the emulated agent reads from a START's YAML: sai3's START-time checks (validate_workload_config,
// agent.rs:4870-4937; get_sorted_stages, config.rs:2506-2626) and the stage list it runs.
import { readdirSync } from 'node:fs';
import * as nodePath from 'node:path';
import { parse } from 'yaml';
import { parseHumantime, parseSeconds } from '../../../core/units';
import { SAI3_DEFAULT_BARRIER_TIMEOUT_S } from '../../../core/sai3-protocol';
import type { EmuStage } from './workflow';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export class StartError extends Error {}

export function parseConfig(yaml: string): Obj {
  let v: unknown;
  try {
    v = parse(yaml);
  } catch (e) {
    throw new StartError(`Invalid YAML: ${(e as Error).message.split('\n')[0]}`); // agent.rs:2790
  }
  if (!isObj(v) || !Array.isArray(v.workload)) throw new StartError('Invalid YAML: missing field `workload`');
  return v;
}

/** validate_workload_config (agent.rs:4870-4937), the checks that pass pre-flight and fail at START. */
export function validateWorkload(cfg: Obj): void {
  const prepare = isObj(cfg.prepare) ? cfg.prepare : {};
  if (!(cfg.workload as unknown[]).length && prepare.cleanup_only !== true)
    throw new StartError('Config validation failed: No operations configured in workload');
  for (const w of cfg.workload as unknown[]) {
    if (!isObj(w)) continue;
    const path = typeof w.path === 'string' ? w.path : '';
    // GET on a file:// glob: files must exist at START — before any prepare stage ran (agent.rs:4889-4916)
    if (w.op === 'get' && path.startsWith('file://') && path.includes('*') && !globHasFiles(path.slice(7)))
      throw new StartError(`Config validation failed: No files found matching GET pattern: ${path}`);
    if (w.op === 'put' && w.object_size === undefined && w.size_spec === undefined)
      throw new StartError(
        `Config validation failed: PUT operation at '${path}' requires either 'object_size' or 'size_spec'`,
      );
    if (['delete', 'list', 'stat'].includes(w.op as string) && !path)
      throw new StartError(
        `Config validation failed: ${String(w.op).toUpperCase()} operation requires non-empty path`,
      );
  }
}

/** get_sorted_stages (config.rs:2506-2534): sorted by order; barrier_sync fills missing barrier blocks. */
export function sortedStages(cfg: Obj): EmuStage[] {
  const dist = isObj(cfg.distributed) ? cfg.distributed : {};
  const list = Array.isArray(dist.stages) ? dist.stages.filter(isObj) : [];
  if (!list.length) throw new StartError('Stage parsing failed: stages list cannot be empty');
  const sync = isObj(dist.barrier_sync) ? dist.barrier_sync : undefined;
  const sorted = [...list].sort((a, b) => Number(a.order ?? 0) - Number(b.order ?? 0));
  const prepare = isObj(cfg.prepare) ? cfg.prepare : {};
  const ensure = Array.isArray(prepare.ensure_objects) ? prepare.ensure_objects.filter(isObj) : [];
  const objects = ensure.reduce((n, e) => n + Number(e.count ?? 0), 0);
  return sorted.map((s, i) => {
    const type = String(s.type ?? 'custom');
    let barrier = isObj(s.barrier) ? s.barrier : undefined;
    if (!barrier && sync?.enabled === true) {
      const phase = ['validation', 'prepare', 'cleanup'].includes(type) ? type : 'execute';
      barrier = isObj(sync[phase]) ? (sync[phase] as Obj) : {};
    }
    const t = barrier ? parseSeconds(barrier.agent_barrier_timeout) : undefined;
    const d = parseHumantime(type === 'hybrid' ? s.max_duration : s.duration);
    return {
      index: i + 1,
      name: String(s.name ?? `stage-${i + 1}`),
      type,
      ...(d.ok ? { durationMs: d.value } : {}),
      barrierTimeoutS: t?.ok ? t.value : SAI3_DEFAULT_BARRIER_TIMEOUT_S, // agent.rs:4256: 120 without a block
      objects: Math.min(objects, 100_000),
    };
  });
}

/** Whether a one-level pattern (`/dir/*.dat`) matches a file; Node's own matcher, the directory read once. */
function globHasFiles(pattern: string): boolean {
  const dir = nodePath.dirname(pattern);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return false;
  }
  // path.matchesGlob exists from Node 20.17; before, one '*' in the last segment is all the tests use
  const glob = (nodePath as { matchesGlob?: (p: string, g: string) => boolean }).matchesGlob;
  const [head, tail = ''] = nodePath.basename(pattern).split('*');
  const matches = glob ?? ((p: string) => nodePath.basename(p).startsWith(head) && p.endsWith(tail));
  return names.some((n) => matches(nodePath.join(dir, n), pattern));
}
