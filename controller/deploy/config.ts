// `distributed.ssh` and `distributed.deployment` read as sai3-bench reads them (spec sai3-facts §5.1), plus
// what is ours: `ssh.port` (sai3 always uses 22), `deploy_type: binary` (upload dist/agent.js and run it with the
// host's node; sai3 always starts containers), and a verified `known_hosts` (sai3 reads the key and ignores it).
// Pure: environment values (HOME, USER) come in as arguments.
import { posix } from 'node:path';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export type PullPolicy = 'if_not_present' | 'always' | 'never';

export interface HostSpec {
  index: number; // 0-based position in distributed.agents
  /** agents[].id or the 1-based position (sai3's container name suffix) */
  name: string;
  /** SSH / agent host (address up to the port) */
  host: string;
  /** the port the agent listens on */
  listenPort: number;
  /** where the controller reaches the agent over gRPC: `host:port` */
  address: string;
  env: Record<string, string>;
  volumes: string[];
}

export interface DeploySpec {
  type: 'binary' | 'docker';
  user: string;
  port: number;
  /** explicit key file, or undefined (then the ssh-agent and ~/.ssh/id_* are tried) */
  keyPath?: string;
  timeoutMs: number;
  knownHosts: string;
  runtime: string;
  image: string;
  networkMode: string;
  pullPolicy: PullPolicy;
  dockerArgs: string[];
  /** binary: the folder on each host that holds agent versions and logs */
  installDir: string;
  hosts: HostSpec[];
}

export interface DeployEnv {
  home: string;
  user?: string;
}

const DEFAULT_LISTEN_PORT = 7167;

/** Splits `host`, `host:port`, `[v6]` or `[v6]:port`. */
export function splitAddress(address: string): { host: string; port?: number } {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(address) ?? /^([^:]+)(?::(\d+))?$/.exec(address);
  if (!m) return { host: address };
  return { host: m[1], ...(m[2] ? { port: Number(m[2]) } : {}) };
}

const tilde = (p: string, home: string) =>
  p === '~' ? home : p.startsWith('~/') ? posix.join(home, p.slice(2)) : p;

/** Seconds as sai3 reads `ssh.timeout` (integer or `<n>s|m|h`). */
function seconds(v: unknown, dflt: number): number {
  if (typeof v === 'number' && v > 0) return v;
  const m = typeof v === 'string' ? /^(\d+)\s*([smh]?)$/.exec(v.trim()) : null;
  if (!m) return dflt;
  return Number(m[1]) * ({ '': 1, s: 1, m: 60, h: 3600 } as Record<string, number>)[m[2]];
}

/**
 * The deployment the config asks for, or undefined when it asks for none (sai3 deploys only when
 * `ssh.enabled` is true and a `deployment` block exists). Errors name the config path.
 */
export function deploySpec(
  config: unknown,
  env: DeployEnv,
): { ok: true; spec?: DeploySpec } | { ok: false; errors: string[] } {
  const d = isObj(config) && isObj(config.distributed) ? config.distributed : undefined;
  const ssh = d && isObj(d.ssh) ? d.ssh : undefined;
  const dep = d && isObj(d.deployment) ? d.deployment : undefined;
  if (!ssh || ssh.enabled !== true || !dep) return { ok: true };
  const errors: string[] = [];
  const type = dep.deploy_type ?? 'docker';
  if (type !== 'docker' && type !== 'binary')
    errors.push(`distributed.deployment.deploy_type: "${String(type)}" — expected docker or binary`);
  const port = ssh.port ?? 22;
  if (!Number.isInteger(port) || (port as number) < 1 || (port as number) > 65535)
    errors.push(`distributed.ssh.port: ${String(port)} — expected 1..65535`);
  const pull = dep.pull_policy ?? 'if_not_present';
  const agents = Array.isArray(d!.agents) ? d!.agents : [];
  if (!agents.length) errors.push('distributed.agents: no agents to deploy');
  const hosts: HostSpec[] = [];
  agents.forEach((a, i) => {
    if (!isObj(a) || typeof a.address !== 'string' || !a.address) {
      errors.push(`distributed.agents[${i}].address: missing`);
      return;
    }
    const { host, port: addrPort } = splitAddress(a.address);
    const listenPort = typeof a.listen_port === 'number' ? a.listen_port : (addrPort ?? DEFAULT_LISTEN_PORT);
    const env: Record<string, string> = {};
    if (isObj(a.env)) for (const [k, v] of Object.entries(a.env)) env[k] = String(v);
    hosts.push({
      index: i,
      name: typeof a.id === 'string' && a.id ? a.id : String(i + 1),
      host,
      listenPort,
      address: addrPort
        ? a.address
        : host.includes(':')
          ? `[${host}]:${listenPort}`
          : `${host}:${listenPort}`,
      env,
      volumes: Array.isArray(a.volumes) ? a.volumes.map(String) : [],
    });
  });
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    spec: {
      type: type as DeploySpec['type'],
      user: typeof ssh.user === 'string' && ssh.user ? ssh.user : (env.user ?? 'ubuntu'),
      port: port as number,
      ...(typeof ssh.key_path === 'string' ? { keyPath: tilde(ssh.key_path, env.home) } : {}),
      timeoutMs: seconds(ssh.timeout, 10) * 1000,
      knownHosts: tilde(
        typeof ssh.known_hosts === 'string' ? ssh.known_hosts : '~/.ssh/known_hosts',
        env.home,
      ),
      runtime: typeof dep.container_runtime === 'string' ? dep.container_runtime : 'docker',
      image: typeof dep.image === 'string' ? dep.image : 'sai3bench:latest',
      networkMode: typeof dep.network_mode === 'string' ? dep.network_mode : 'host',
      // sai3: an unknown policy warns and pulls
      pullPolicy: pull === 'always' || pull === 'never' || pull === 'if_not_present' ? pull : 'always',
      dockerArgs: Array.isArray(dep.docker_args) ? dep.docker_args.map(String) : [],
      installDir: typeof dep.binary_path === 'string' ? dep.binary_path : '.iobench/agent',
      hosts,
    },
  };
}
