// `deploy_type: binary`: the bundled agent (dist/agent.js, one file, plus the proto it loads at start) runs with
// the host's own node. Uploaded by SFTP to `<install>/<sha256 prefix>/` (skipped when that version is already there, so hosts share
// nothing and redeploys cost a hash), started under nohup with the token read from stdin into the environment
// (argv is visible to every local user through ps), logging to `<install>/<hash>/logs/<name>-<stamp>.log`.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { protoPath } from '../../proto';
import { DeployError, sh, type HostDriver } from './remote';
import type { SshSession } from './ssh';

/** Oldest node the bundle runs on (package.json engines). */
export const MIN_NODE_MAJOR = 20;
const STOP_WAIT_S = 5;

const hashes = new Map<string, string>();
/** One hash over the files that make a version (agent.js and the proto it reads). */
function versionHash(files: string[]): string {
  const k = files.join('\0');
  let h = hashes.get(k);
  if (!h) {
    const sha = createHash('sha256');
    for (const f of files) sha.update(createHash('sha256').update(readFileSync(f)).digest());
    hashes.set(k, (h = sha.digest('hex')));
  }
  return h;
}

/** Uploads beside, then renames: a concurrent or interrupted upload never leaves a half file in place. */
async function upload(ssh: SshSession, where: string, local: string, remote: string): Promise<void> {
  const tmp = `${remote}.${randomBytes(4).toString('hex')}.part`;
  try {
    await ssh.put(local, tmp);
  } catch (e) {
    throw new DeployError(where, `${where}: upload of ${local} to ${tmp} failed: ${(e as Error).message}`);
  }
  const mv = await ssh.exec(`mv -f ${sh(tmp)} ${sh(remote)}`);
  if (mv.code !== 0) throw new DeployError(where, `${where}: ${mv.stderr.trim()}`);
}

/** Remote paths are relative to the login folder unless absolute; `~/x` means the same. */
const remotePath = (p: string) => (p.startsWith('~/') ? p.slice(2) : p);

async function checkNode(ssh: SshSession, host: string): Promise<string> {
  const r = await ssh.exec('command -v node >/dev/null 2>&1 && node --version', { timeoutMs: 30_000 });
  const v = /^v(\d+)\.(\d+)/.exec(r.stdout.trim());
  if (r.code !== 0 || !v)
    throw new DeployError(
      host,
      `${host}: no \`node\` on the login PATH of the SSH user — install Node.js ${MIN_NODE_MAJOR} or later there (deploy_type: binary runs the agent with it), or use deploy_type: docker`,
    );
  if (Number(v[1]) < MIN_NODE_MAJOR)
    throw new DeployError(
      host,
      `${host}: node ${r.stdout.trim()} is too old; the agent needs Node.js ${MIN_NODE_MAJOR} or later`,
    );
  return r.stdout.trim();
}

export const binaryDriver: HostDriver = {
  async start(ssh, host, ctx) {
    const where = host.host;
    await checkNode(ssh, where);
    const proto = protoPath();
    const hash = versionHash([ctx.bundle, proto]);
    const dir = posix.join(remotePath(ctx.spec.installDir), hash.slice(0, 16));
    const jsPath = posix.join(dir, 'agent.js');
    const protoRemote = posix.join(dir, 'iobench.proto');
    const stamp = posix.join(dir, 'VERSION');
    const roots = ctx.roots.length ? ctx.roots : [posix.join(dir, 'work')];
    const prep = await ssh.exec(
      `mkdir -p ${sh(posix.join(dir, 'logs'))} ${roots.map(sh).join(' ')} && (cat ${sh(stamp)} 2>/dev/null || true)`,
      { timeoutMs: 30_000 },
    );
    if (prep.code !== 0)
      throw new DeployError(
        where,
        `${where}: cannot create ${dir} or the agent's folders: ${prep.stderr.trim()}`,
      );
    // VERSION is written last, so its presence means both files arrived whole
    if (prep.stdout.trim() !== hash) {
      await upload(ssh, where, ctx.bundle, jsPath);
      await upload(ssh, where, proto, protoRemote);
      const w = await ssh.exec(`printf '%s\\n' ${hash} > ${sh(stamp)}`);
      if (w.code !== 0) throw new DeployError(where, `${where}: ${w.stderr.trim()}`);
    }
    const log = posix.join(dir, 'logs', `${host.name.replace(/[^A-Za-z0-9_.-]/g, '_')}-${ctx.stamp}.log`);
    const listenHost = /^(127\.|localhost$|::1$)/.test(host.host) ? host.host : '0.0.0.0';
    const listen = listenHost.includes(':')
      ? `[${listenHost}]:${host.listenPort}`
      : `${listenHost}:${host.listenPort}`;
    const argv = [
      'env',
      `IOBENCH_PROTO=${protoRemote}`,
      'node',
      jsPath,
      '--listen',
      listen,
      ...roots.flatMap((r) => ['--root', r]),
    ];
    if (!ctx.token && listenHost === '0.0.0.0') argv.push('--insecure');
    const env = Object.entries(host.env)
      .map(([k, v]) => `${k}=${sh(v)}`)
      .join(' ');
    // The token travels on stdin: `read` puts it in the environment of the agent only.
    // (separate statements: `a && b & ` would background the read too, where stdin is /dev/null)
    const script =
      `${ctx.token ? 'IFS= read -r IOBENCH_TOKEN || exit 1; export IOBENCH_TOKEN; ' : ''}` +
      `${env ? `export ${env}; ` : ''}` +
      `nohup ${argv.map(sh).join(' ')} >${sh(log)} 2>&1 </dev/null & echo $!`;
    const r = await ssh.exec(`sh -c ${sh(script)}`, {
      ...(ctx.token ? { stdin: `${ctx.token}\n` } : {}),
      timeoutMs: 30_000,
    });
    const pid = Number(r.stdout.trim());
    if (r.code !== 0 || !Number.isInteger(pid) || pid <= 0)
      throw new DeployError(where, `${where}: could not start the agent: ${(r.stderr || r.stdout).trim()}`);
    return {
      type: 'binary',
      index: host.index,
      name: host.name,
      host: host.host,
      address: host.address,
      pid,
      dir,
      log,
    };
  },

  async alive(ssh, a) {
    const r = await ssh.exec(
      `kill -0 ${a.pid} 2>/dev/null && echo alive; tail -c 4000 ${sh(a.log!)} 2>/dev/null`,
    );
    return { alive: r.stdout.startsWith('alive'), log: r.stdout.replace(/^alive\n?/, '') };
  },

  async stop(ssh, a, localLog) {
    // only our process: its command line must name our agent.js (a recycled pid is left alone)
    const script =
      `p=${a.pid}; if grep -q agent.js /proc/$p/cmdline 2>/dev/null; then kill -TERM $p; ` +
      `i=0; while kill -0 $p 2>/dev/null && [ $i -lt ${STOP_WAIT_S * 10} ]; do sleep 0.1; i=$((i+1)); done; ` +
      `if kill -0 $p 2>/dev/null; then kill -KILL $p; fi; fi`;
    const r = await ssh.exec(`sh -c ${sh(script)}`, { timeoutMs: (STOP_WAIT_S + 30) * 1000 });
    if (r.code !== 0)
      throw new DeployError(a.host, `${a.host}: stopping pid ${a.pid} failed: ${r.stderr.trim()}`);
    if (localLog) await ssh.get(a.log!, localLog);
  },
};
