// Agents that stay up across runs (`iobench deploy FILE` … `iobench undeploy FILE`): what was started, where,
// and the token they require, kept per config file in `<state>/deployments/<hash of the path>.json` (0600:
// it holds the token). `iobench run FILE` uses a live deployment instead of deploying its own.
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Deployment } from './deploy';

export interface SavedDeployment extends Deployment {
  version: 1;
  file: string;
  createdAt: string;
}

/** `$IOBENCH_STATE_DIR`, else `~/.iobench`. */
export function stateDir(env: NodeJS.ProcessEnv, home: string): string {
  return env.IOBENCH_STATE_DIR ? resolve(env.IOBENCH_STATE_DIR) : join(home, '.iobench');
}

export function deploymentFile(dir: string, configFile: string): string {
  const h = createHash('sha256').update(resolve(configFile)).digest('hex').slice(0, 16);
  return join(dir, 'deployments', `${h}.json`);
}

export function saveDeployment(dir: string, configFile: string, d: Deployment): string {
  const f = deploymentFile(dir, configFile);
  mkdirSync(join(dir, 'deployments'), { recursive: true, mode: 0o700 });
  const saved: SavedDeployment = {
    version: 1,
    file: resolve(configFile),
    createdAt: new Date().toISOString(),
    ...d,
  };
  writeFileSync(f, `${JSON.stringify(saved, null, 2)}\n`, { mode: 0o600 });
  chmodSync(f, 0o600);
  return f;
}

export function loadDeployment(dir: string, configFile: string): SavedDeployment | undefined {
  const f = deploymentFile(dir, configFile);
  if (!existsSync(f)) return undefined;
  try {
    const v = JSON.parse(readFileSync(f, 'utf8')) as SavedDeployment;
    return v.version === 1 && Array.isArray(v.agents) ? v : undefined;
  } catch {
    throw new Error(
      `${f}: unreadable deployment record; remove it (the agents it listed may still be running)`,
    );
  }
}

export function forgetDeployment(dir: string, configFile: string): void {
  rmSync(deploymentFile(dir, configFile), { force: true });
}
