// The `iobench.run.*` settings and where a run's results go, without VS Code: local-agent count and root, the
// results base (`iobench-results/` in the config's workspace folder unless the setting says otherwise), and the
// name of one run's folder.
import { isAbsolute, join, resolve } from 'node:path';
import type { Lookup } from '../../core/settings';

export const LOCAL_AGENTS_MAX = 64;
export const DEFAULT_LOCAL_AGENTS = 2;
export const DEFAULT_RESULTS_FOLDER = 'iobench-results';

export interface RunSettings {
  localAgents: number;
  /** absolute or relative to the workspace folder; '' = a temporary folder per run */
  root: string;
  /** absolute or relative to the workspace folder; '' = iobench-results/ there */
  resultsDir: string;
}

export function mapRunSettings(get: Lookup): RunSettings {
  const n = get('run.localAgents');
  const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  return {
    localAgents:
      typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= LOCAL_AGENTS_MAX
        ? n
        : DEFAULT_LOCAL_AGENTS,
    root: str(get('run.root')),
    resultsDir: str(get('run.resultsDir')),
  };
}

/** A setting's path made absolute against the workspace folder (or the config's folder when there is none). */
export function resolveSettingPath(value: string, base: string): string {
  const home = process.env.HOME ?? '';
  const v = value.startsWith('~/') && home ? join(home, value.slice(2)) : value;
  return isAbsolute(v) ? v : resolve(base, v);
}

export function resultsBase(s: RunSettings, base: string): string {
  return resolveSettingPath(s.resultsDir || DEFAULT_RESULTS_FOLDER, base);
}

/** `20261129-205012-bench-simple` (local time stamps sort like the runs). */
export function runFolderName(configFileName: string, what: string, now: Date): string {
  const p = (x: number) => String(x).padStart(2, '0');
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  const name = configFileName
    .replace(/^.*[\\/]/, '')
    .replace(/\.(iobench|bench|sai3)?\.?ya?ml$/i, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_');
  return `${stamp}-${name || 'config'}-${what.toLowerCase()}`;
}

/** Does the config name its agents (then they are used), or do we start local ones? */
export function namesAgents(config: unknown): boolean {
  if (!config || typeof config !== 'object') return false;
  const dist = (config as Record<string, unknown>).distributed;
  if (!dist || typeof dist !== 'object') return false;
  const agents = (dist as Record<string, unknown>).agents;
  return Array.isArray(agents) && agents.length > 0;
}
