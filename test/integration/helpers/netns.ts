// A network namespace joined to this one by a veth pair, so an agent can live on its own address
// (10.233.x.2, the controller side 10.233.x.1) and its traffic can be cut (iptables DROP inside the namespace)
// or capped (tc tbf) without touching the host's own interfaces. Needs root and a kernel that permits
// namespaces; `netnsUnavailable()` says why not, for the tests to skip with that reason.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';

function sh(cmd: string[]): { ok: boolean; out: string } {
  const r = spawnSync(cmd[0], cmd.slice(1), { encoding: 'utf8' });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? r.error.message : ''}` };
}

let why: string | undefined | null = null;
/** Why network-namespace tests cannot run here (undefined: they can). Probed once. */
export function netnsUnavailable(): string | undefined {
  if (why !== null) return why;
  if (process.getuid?.() !== 0) return (why = 'network namespaces need root');
  for (const tool of ['ip', 'iptables', 'tc'])
    if (!sh(['sh', '-c', `command -v ${tool}`]).ok)
      return (why = `no \`${tool}\` (apt-get install -y iproute2 iptables; .ci/run does)`);
  const probe = `iobp${randomBytes(3).toString('hex')}`;
  const add = sh(['ip', 'netns', 'add', probe]);
  if (!add.ok) return (why = `cannot create a network namespace here: ${add.out.trim()}`);
  const ipt = sh(['ip', 'netns', 'exec', probe, 'iptables', '-L', '-n']);
  sh(['ip', 'netns', 'del', probe]);
  if (!ipt.ok) return (why = `iptables does not work inside a namespace here: ${ipt.out.trim()}`);
  return (why = undefined);
}

export interface Netns {
  name: string;
  /** the namespace's address (where its agent listens) */
  nsIp: string;
  hostIp: string;
  /** the veth ends: inside the namespace and on the host */
  nsDev: string;
  hostDev: string;
  /** runs a command inside the namespace to completion; throws with its output on failure */
  run(cmd: string[]): string;
  /** starts a long-running process inside the namespace */
  spawn(cmd: string[], env?: NodeJS.ProcessEnv): ChildProcess;
  destroy(): void;
}

export function createNetns(): Netns {
  const id = randomBytes(3).toString('hex');
  const name = `iob${id}`;
  const hostDev = `vh${id}`;
  const nsDev = `vn${id}`;
  const x = (parseInt(id, 16) % 250) + 1;
  const hostIp = `10.233.${x}.1`;
  const nsIp = `10.233.${x}.2`;
  const must = (cmd: string[]) => {
    const r = sh(cmd);
    if (!r.ok) throw new Error(`${cmd.join(' ')}: ${r.out.trim()}`);
    return r.out;
  };
  must(['ip', 'netns', 'add', name]);
  try {
    must(['ip', 'link', 'add', hostDev, 'type', 'veth', 'peer', 'name', nsDev]);
    must(['ip', 'link', 'set', nsDev, 'netns', name]);
    must(['ip', 'addr', 'add', `${hostIp}/30`, 'dev', hostDev]);
    must(['ip', 'link', 'set', hostDev, 'up']);
    must(['ip', 'netns', 'exec', name, 'ip', 'addr', 'add', `${nsIp}/30`, 'dev', nsDev]);
    must(['ip', 'netns', 'exec', name, 'ip', 'link', 'set', nsDev, 'up']);
    must(['ip', 'netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up']);
  } catch (e) {
    sh(['ip', 'link', 'del', hostDev]);
    sh(['ip', 'netns', 'del', name]);
    throw e;
  }
  return {
    name,
    nsIp,
    hostIp,
    nsDev,
    hostDev,
    run: (cmd) => must(['ip', 'netns', 'exec', name, ...cmd]),
    spawn: (cmd, env) =>
      spawn('ip', ['netns', 'exec', name, ...cmd], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: env ?? process.env,
      }),
    destroy: () => {
      sh(['ip', 'link', 'del', hostDev]); // removes both ends
      sh(['ip', 'netns', 'del', name]);
    },
  };
}
