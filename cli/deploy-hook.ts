// The CLI side of SSH deployment: where the agent bundle is, SSH context from the environment, one printed line
// per host, and Ctrl-C while deploying (stops what started). The work is in controller/deploy.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  deployForRun,
  type ConfigDeployOptions,
  type DeployNote,
  type RunDeployment,
} from '../controller/deploy';
import type { LoadedConfig } from '../core/config';

/** Ctrl-C while deploying (what had started is stopped by then). */
export class DeployInterrupted extends Error {
  constructor() {
    super('interrupted while deploying; the agents already started were stopped');
  }
}

/** dist/agent.js beside the bundled cli, or the repository's dist/ when running from sources. */
export function agentBundle(): string {
  const candidates = [join(__dirname, 'agent.js'), join(__dirname, '..', 'dist', 'agent.js')];
  const f = candidates.find((p) => existsSync(p));
  if (!f) throw new Error(`no agent bundle (looked at ${candidates.join(', ')}); run node scripts/build.mjs`);
  return f;
}

const PER_HOST_LINES_MAX = 8;

export interface DeployFlags {
  acceptNewHostKeys?: boolean;
  verbose?: boolean;
  token?: string;
  json?: boolean;
}

export function deployContext(
  file: string,
  config: unknown,
  o: DeployFlags,
): Omit<ConfigDeployOptions, 'signal'> {
  // per-host lines for the first few hosts (all of them with -v): hundreds of hosts would bury the rest
  const shown = new Set<string>();
  const say = (n: DeployNote) => {
    if (o.json) return;
    if (!o.verbose && !shown.has(n.name) && shown.size >= PER_HOST_LINES_MAX) return;
    shown.add(n.name);
    process.stderr.write(`  deploy ${n.name} (${n.host}): ${n.text}\n`);
  };
  return {
    file,
    config,
    env: process.env,
    home: homedir(),
    ...(process.env.SSH_AUTH_SOCK ? { agentSock: process.env.SSH_AUTH_SOCK } : {}),
    ...(o.acceptNewHostKeys ? { acceptNewHostKeys: true } : {}),
    ...(o.token ? { token: o.token } : {}),
    bundle: agentBundle,
    onNote: say,
  };
}

/** For `iobench run`: deploy when the config asks (undefined when it does not); Ctrl-C while deploying aborts it. */
export async function deployIfAsked(
  file: string,
  loaded: LoadedConfig,
  o: DeployFlags,
): Promise<RunDeployment | undefined> {
  const ac = new AbortController();
  const onSig = () => ac.abort();
  process.once('SIGINT', onSig);
  try {
    return await deployForRun({ ...deployContext(file, loaded.value, o), signal: ac.signal });
  } catch (e) {
    if (ac.signal.aborted) throw new DeployInterrupted();
    throw e;
  } finally {
    process.off('SIGINT', onSig);
  }
}
