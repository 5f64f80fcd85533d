// SSH deployment as the hosts use it: deploy what a config asks for (for one run, or to keep), reuse a kept
// deployment, and take agents down with their logs. The CLI only prints; everything else is here.
import { randomBytes } from 'node:crypto';
import { fileDirectories } from '../local-root';
import { planRun } from '../per-agent-config';
import { deploySpec, type DeploySpec } from './config';
import {
  deploy,
  undeploy,
  type Deployment,
  type DeployNote,
  type SshContext,
  type UndeployResult,
} from './deploy';
import { forgetDeployment, loadDeployment, saveDeployment, stateDir } from './state';

export { deploySpec, splitAddress, type DeploySpec, type HostSpec } from './config';
export { deploy, undeploy, type Deployment, type DeployNote, type UndeployResult } from './deploy';
export { DeployError, type StartedAgent } from './remote';
export { SshError } from './ssh';
export { dockerRunCommand } from './docker';
export * from './known-hosts';
export { stateDir, loadDeployment, saveDeployment, forgetDeployment, deploymentFile } from './state';

export interface ConfigDeployOptions extends SshContext {
  file: string;
  /** the config as loaded (its `distributed` block) */
  config: unknown;
  env: NodeJS.ProcessEnv;
  /** finds dist/agent.js (asked only for deploy_type binary) */
  bundle: () => string;
  /** a token chosen by the user; else one is generated for binary deployments */
  token?: string;
  signal?: AbortSignal;
  readyTimeoutMs?: number;
  onNote?: (n: DeployNote) => void;
}

/** What a host supplies for deployments (everything of ConfigDeployOptions but the config, file, token, signal). */
export type DeployContext = Omit<ConfigDeployOptions, 'file' | 'config' | 'token' | 'signal'>;

export type SpecResult = { ok: true; spec?: DeploySpec } | { ok: false; errors: string[] };

export const specOf = (config: unknown, o: Pick<ConfigDeployOptions, 'env' | 'home'>): SpecResult =>
  deploySpec(config, { home: o.home, ...(o.env.USER ? { user: o.env.USER } : {}) });

/** The folders each agent may touch: the file:// folders of its copy of the config. */
function rootsOf(config: unknown): (string[] | undefined)[] {
  const plan = planRun(config);
  return plan.ok ? plan.plan.agents.map((a) => fileDirectories(a.value)) : [];
}

/** Bare `host` addresses get `:listen_port` (as sai3 connects), in place, so the run plan has real ports. */
export function fillAddresses(config: unknown, spec: DeploySpec): void {
  const agents = (config as { distributed: { agents: { address: string }[] } }).distributed.agents;
  for (const h of spec.hosts) agents[h.index].address = h.address;
}

export async function deployConfig(o: ConfigDeployOptions, spec: DeploySpec): Promise<Deployment> {
  const token = o.token ?? (spec.type === 'binary' ? randomBytes(24).toString('base64url') : undefined);
  return deploy({
    ...o,
    spec,
    bundle: spec.type === 'binary' ? o.bundle() : '',
    roots: rootsOf(o.config),
    ...(token ? { token } : {}),
  });
}

export interface RunDeployment {
  token?: string;
  /** `kept`: agents from `iobench deploy` (left running); `ours`: started for this run (stopped by release) */
  kind: 'kept' | 'ours';
  agents: number;
  /** stops agents we started and copies their logs to `<resultsDir>/agents/` */
  release(resultsDir?: string): Promise<UndeployResult | undefined>;
}

/** For `iobench run`: a kept deployment of this file, or a fresh one stopped at the end; undefined when the config asks for none. */
export async function deployForRun(o: ConfigDeployOptions): Promise<RunDeployment | undefined> {
  const s = specOf(o.config, o);
  if (!s.ok) throw new Error(s.errors.join('\n'));
  if (!s.spec) return undefined;
  fillAddresses(o.config, s.spec);
  const kept = loadDeployment(stateDir(o.env, o.home), o.file);
  if (kept)
    return {
      ...(kept.token ? { token: kept.token } : {}),
      kind: 'kept',
      agents: kept.agents.length,
      release: async () => undefined,
    };
  const d = await deployConfig(o, s.spec);
  return {
    ...(d.token ? { token: d.token } : {}),
    kind: 'ours',
    agents: d.agents.length,
    release: (resultsDir) => undeploy(d, { ...o, ...(resultsDir ? { logDir: `${resultsDir}/agents` } : {}) }),
  };
}

/** `iobench deploy FILE`: deploy and keep (a second deploy of the same file is refused while one is recorded). */
export async function deployAndKeep(
  o: ConfigDeployOptions,
): Promise<{ deployment: Deployment; record: string }> {
  const s = specOf(o.config, o);
  if (!s.ok) throw new Error(s.errors.join('\n'));
  if (!s.spec)
    throw new Error(
      'this config asks for no deployment: set distributed.ssh.enabled: true and add a distributed.deployment block',
    );
  const dir = stateDir(o.env, o.home);
  if (loadDeployment(dir, o.file))
    throw new Error(`${o.file} is already deployed; run \`iobench undeploy ${o.file}\` first`);
  fillAddresses(o.config, s.spec);
  const d = await deployConfig(o, s.spec);
  return { deployment: d, record: saveDeployment(dir, o.file, d) };
}

/** `iobench undeploy FILE`: stop what `deploy` recorded, fetch the logs, forget the record when all stopped. */
export async function undeployKept(
  o: Pick<ConfigDeployOptions, 'file' | 'env' | 'home' | 'agentSock' | 'onNote'> & { logDir?: string },
): Promise<UndeployResult | undefined> {
  const dir = stateDir(o.env, o.home);
  const kept = loadDeployment(dir, o.file);
  if (!kept) return undefined;
  const r = await undeploy(kept, o);
  if (!r.errors.length) forgetDeployment(dir, o.file);
  return r;
}

/** For commands that talk to agents without deploying (pre-flight): the kept deployment's token and addresses. */
export function useKeptDeployment(
  o: Pick<ConfigDeployOptions, 'file' | 'config' | 'env' | 'home'>,
): string | undefined {
  const s = specOf(o.config, o);
  if (!s.ok || !s.spec) return undefined;
  const kept = loadDeployment(stateDir(o.env, o.home), o.file);
  if (!kept) return undefined;
  fillAddresses(o.config, s.spec);
  return kept.token;
}
