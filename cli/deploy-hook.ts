// The CLI side of SSH deployment: where the agent bundle is, the SSH context from the environment, and one
// printed line per host (the first few, all with -v). The work is in controller/deploy.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { DeployContext, DeployNote } from '../controller/deploy';

const PER_HOST_LINES_MAX = 8;

/** dist/agent.js beside the bundled cli, or the repository's dist/ when running from sources. */
export function agentBundle(): string {
  const candidates = [join(__dirname, 'agent.js'), join(__dirname, '..', 'dist', 'agent.js')];
  const f = candidates.find((p) => existsSync(p));
  if (!f) throw new Error(`no agent bundle (looked at ${candidates.join(', ')}); run node scripts/build.mjs`);
  return f;
}

export interface DeployFlags {
  acceptNewHostKeys?: boolean;
  verbose?: boolean;
  json?: boolean;
}

export function deployContext(o: DeployFlags): DeployContext {
  // per-host lines for the first few hosts (all of them with -v): hundreds of hosts would bury the rest
  const shown = new Set<string>();
  const say = (n: DeployNote) => {
    if (o.json) return;
    if (!o.verbose && !shown.has(n.name) && shown.size >= PER_HOST_LINES_MAX) return;
    shown.add(n.name);
    process.stderr.write(`  deploy ${n.name} (${n.host}): ${n.text}\n`);
  };
  return {
    env: process.env,
    home: homedir(),
    ...(process.env.SSH_AUTH_SOCK ? { agentSock: process.env.SSH_AUTH_SOCK } : {}),
    ...(o.acceptNewHostKeys ? { acceptNewHostKeys: true } : {}),
    bundle: agentBundle,
    onNote: say,
  };
}
