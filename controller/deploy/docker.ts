// `deploy_type: docker`, the way sai3-bench deploys (sai3-facts §5.2): `<runtime> --version`, pull by policy,
// `<runtime> run -d --rm --name sai3bench-agent-<id> --network <mode> [-e K=V] [-v vol] [docker_args]
// <image> sai3bench-agent --listen 0.0.0.0:<port>`, stop with `<runtime> stop <cid>`. Differences: env values
// and volumes are shell-quoted (sai3 pastes them raw); docker_args stay verbatim (users write them as shell
// words, e.g. "--cpus 2", as for sai3); readiness is a gRPC Ping instead of a fixed 3 s sleep.
import { writeFileSync } from 'node:fs';
import type { DeploySpec, HostSpec } from './config';
import { DeployError, sh, type HostDriver } from './remote';

export const containerName = (host: HostSpec) => `sai3bench-agent-${host.name}`;

/** The `run` command line for one host (exported for the unit test; the integration test checks it too). */
export function dockerRunCommand(spec: DeploySpec, host: HostSpec): string {
  return [
    sh(spec.runtime),
    'run -d --rm',
    `--name ${sh(containerName(host))}`,
    `--network ${sh(spec.networkMode)}`,
    ...Object.entries(host.env).map(([k, v]) => `-e ${sh(`${k}=${v}`)}`),
    ...host.volumes.map((v) => `-v ${sh(v)}`),
    ...spec.dockerArgs,
    sh(spec.image),
    `sai3bench-agent --listen 0.0.0.0:${host.listenPort}`,
  ].join(' ');
}

export function pullCommand(spec: DeploySpec): string | undefined {
  const rt = sh(spec.runtime);
  const img = sh(spec.image);
  if (spec.pullPolicy === 'never') return undefined;
  if (spec.pullPolicy === 'always') return `${rt} pull ${img}`;
  return `${rt} image inspect ${img} >/dev/null 2>&1 || ${rt} pull ${img}`;
}

export const dockerDriver: HostDriver = {
  async start(ssh, host, ctx) {
    const where = host.host;
    const rt = sh(ctx.spec.runtime);
    const v = await ssh.exec(`${rt} --version`, { timeoutMs: 30_000 });
    if (v.code !== 0)
      throw new DeployError(
        where,
        `${where}: \`${ctx.spec.runtime} --version\` failed (${(v.stderr || v.stdout).trim() || `exit ${v.code}`}); install it or set deployment.container_runtime`,
      );
    const pull = pullCommand(ctx.spec);
    if (pull) {
      const p = await ssh.exec(pull, { timeoutMs: 30 * 60_000, signal: ctx.signal });
      if (p.code !== 0)
        throw new DeployError(
          where,
          `${where}: pulling ${ctx.spec.image} failed: ${(p.stderr || p.stdout).trim()}`,
        );
    }
    const r = await ssh.exec(dockerRunCommand(ctx.spec, host), { timeoutMs: 120_000 });
    const cid = r.stdout.trim().split('\n').pop() ?? '';
    if (r.code !== 0 || !/^[0-9a-f]{12,64}$/.test(cid))
      throw new DeployError(
        where,
        `${where}: starting the container failed: ${(r.stderr || r.stdout).trim()}`,
      );
    return {
      type: 'docker',
      index: host.index,
      name: host.name,
      host: host.host,
      address: host.address,
      containerId: cid,
      runtime: ctx.spec.runtime,
    };
  },

  async alive(ssh, a) {
    const rt = sh(a.runtime ?? 'docker');
    const ps = await ssh.exec(`${rt} ps -q --filter id=${sh(a.containerId!)}`);
    if (ps.stdout.trim()) return { alive: true, log: '' };
    const logs = await ssh.exec(`${rt} logs ${sh(a.containerId!)} 2>&1 | tail -c 4000`);
    return { alive: false, log: logs.stdout };
  },

  async stop(ssh, a, localLog) {
    const rt = sh(a.runtime ?? 'docker');
    const cid = sh(a.containerId!);
    // logs first: the container was started with --rm and is gone once stopped
    if (localLog) {
      const l = await ssh.exec(`${rt} logs ${cid} 2>&1`, { timeoutMs: 60_000 });
      writeFileSync(localLog, l.stdout);
    }
    const s = await ssh.exec(`${rt} stop ${cid} || true`, { timeoutMs: 60_000 });
    if (s.code !== 0)
      throw new DeployError(a.host, `${a.host}: ${rt} stop ${a.containerId} failed: ${s.stderr.trim()}`);
  },
};
