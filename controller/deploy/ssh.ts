// One SSH session to one host with `ssh2`: the host key verified against known_hosts before anything is sent
// (a hostVerifier is always set), public-key auth from `key_path` or the running ssh-agent, and the three
// things deployment needs — run a command (optionally feeding it stdin), upload a file, download a file.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, type ConnectConfig, type SFTPWrapper, type ServerHostKeyAlgorithm } from 'ssh2';
import {
  hostKeyAlgorithms,
  knownHostsLine,
  parseKnownHosts,
  refusalMessage,
  verifyHostKey,
} from './known-hosts';

export interface SshTarget {
  host: string;
  port: number;
  user: string;
  keyPath?: string;
  /** ssh-agent socket (SSH_AUTH_SOCK) */
  agentSock?: string;
  home: string;
  timeoutMs: number;
  knownHosts: string;
  /** trust-on-first-use: accept and record a host that known_hosts does not know (never a changed key) */
  acceptNewHostKeys?: boolean;
}

export class SshError extends Error {
  constructor(
    readonly host: string,
    message: string,
    /** the host key was refused: nothing was sent to the host */
    readonly hostKeyRefused = false,
  ) {
    super(message);
  }
}

export interface ExecResult {
  code: number | null;
  signal?: string;
  stdout: string;
  stderr: string;
}

const MAX_OUTPUT = 256 * 1024; // what we keep of a remote command's stdout/stderr

export interface ExecOptions {
  stdin?: string;
  timeoutMs?: number;
  /** closes the channel (the remote command gets SIGHUP/EOF); the call resolves with what it had */
  signal?: AbortSignal;
}

export interface SshSession {
  readonly target: SshTarget;
  exec(command: string, opts?: ExecOptions): Promise<ExecResult>;
  put(local: string, remote: string): Promise<void>;
  get(remote: string, local: string): Promise<void>;
  close(): void;
}

/** The private key to offer: `key_path` when given (must exist), else the first default ~/.ssh/id_* file. */
function privateKey(t: SshTarget): Buffer | undefined {
  if (t.keyPath) {
    if (!existsSync(t.keyPath))
      throw new SshError(
        t.host,
        `ssh.key_path ${t.keyPath}: no such file (or leave key_path out to use ssh-agent)`,
      );
    return readFileSync(t.keyPath);
  }
  for (const f of ['id_ed25519', 'id_ecdsa', 'id_rsa']) {
    const p = join(t.home, '.ssh', f);
    if (existsSync(p)) return readFileSync(p);
  }
  return undefined;
}

export function openSsh(t: SshTarget, signal?: AbortSignal): Promise<SshSession> {
  const where = `${t.user}@${t.host}:${t.port}`;
  let refusal: string | undefined;
  const known = () => parseKnownHosts(existsSync(t.knownHosts) ? readFileSync(t.knownHosts, 'utf8') : '');
  const hostVerifier = (key: Buffer): boolean => {
    const v = verifyHostKey(known(), t.host, t.port, key);
    if (v.status === 'match') return true;
    if (v.status === 'unknown' && t.acceptNewHostKeys) {
      appendFileSync(t.knownHosts, `${knownHostsLine(t.host, t.port, key)}\n`, { mode: 0o600 });
      return true;
    }
    refusal = refusalMessage(v, t.knownHosts, t.host, t.port, key);
    return false;
  };
  const algorithms = hostKeyAlgorithms(known(), t.host, t.port);
  const key = privateKey(t);
  if (!key && !t.agentSock)
    throw new SshError(
      t.host,
      `no SSH key for ${where}: set distributed.ssh.key_path, or start ssh-agent (SSH_AUTH_SOCK) with the key loaded`,
    );
  const cfg: ConnectConfig = {
    host: t.host,
    port: t.port,
    username: t.user,
    readyTimeout: t.timeoutMs,
    hostVerifier,
    ...(algorithms ? { algorithms: { serverHostKey: algorithms as ServerHostKeyAlgorithm[] } } : {}),
    ...(key ? { privateKey: key } : {}),
    ...(t.agentSock ? { agent: t.agentSock } : {}),
    keepaliveInterval: 10_000,
  };
  const client = new Client();
  return new Promise<SshSession>((resolve, reject) => {
    const onAbort = () => client.end();
    signal?.addEventListener('abort', onAbort, { once: true });
    client.once('ready', () => {
      signal?.removeEventListener('abort', onAbort);
      client.on('error', () => undefined); // later errors surface through the calls that fail
      resolve(session(t, client));
    });
    client.once('error', (e: Error & { level?: string }) => {
      signal?.removeEventListener('abort', onAbort);
      if (refusal) return reject(new SshError(t.host, refusal, true));
      const why =
        e.level === 'client-authentication'
          ? `authentication as ${t.user} failed (key ${t.keyPath ?? 'from ssh-agent / ~/.ssh'}); is its public key in the host's authorized_keys?`
          : /timed out/i.test(e.message)
            ? `no SSH handshake within ${t.timeoutMs / 1000} s (distributed.ssh.timeout)`
            : e.message;
      reject(new SshError(t.host, `${where}: ${why}`));
    });
    client.once('close', () => {
      if (signal?.aborted) reject(new SshError(t.host, `${where}: aborted`));
    });
    try {
      client.connect(cfg);
    } catch (e) {
      reject(new SshError(t.host, `${where}: ${(e as Error).message}`));
    }
  });
}

function session(target: SshTarget, client: Client): SshSession {
  let sftp: Promise<SFTPWrapper> | undefined;
  const getSftp = () =>
    (sftp ??= new Promise((resolve, reject) => client.sftp((e, s) => (e ? reject(e) : resolve(s)))));
  const host = target.host;
  return {
    target,
    exec: (command, opts = {}) =>
      new Promise<ExecResult>((resolve, reject) => {
        client.exec(command, (e, ch) => {
          if (e) return reject(new SshError(host, `${host}: cannot run a command: ${e.message}`));
          let stdout = '';
          let stderr = '';
          const timer = opts.timeoutMs
            ? setTimeout(() => {
                ch.close();
                reject(
                  new SshError(
                    host,
                    `${host}: \`${command.slice(0, 80)}\` took over ${opts.timeoutMs! / 1000} s`,
                  ),
                );
              }, opts.timeoutMs)
            : undefined;
          ch.on('data', (d: Buffer) => (stdout = (stdout + d.toString('utf8')).slice(-MAX_OUTPUT)));
          ch.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-MAX_OUTPUT)));
          let code: number | null = null;
          let sig: string | undefined;
          ch.on('exit', (c: number | null, s?: string) => {
            code = c;
            sig = s;
          });
          ch.once('close', () => {
            clearTimeout(timer);
            resolve({ code, ...(sig ? { signal: sig } : {}), stdout, stderr });
          });
          opts.signal?.addEventListener('abort', () => ch.close(), { once: true });
          if (opts.stdin !== undefined) ch.end(opts.stdin);
          else ch.end();
        });
      }),
    put: async (local, remote) => {
      const s = await getSftp();
      await new Promise<void>((res, rej) =>
        s.fastPut(local, remote, { mode: 0o644 }, (e) => (e ? rej(e) : res())),
      );
    },
    get: async (remote, local) => {
      const s = await getSftp();
      await new Promise<void>((res, rej) => s.fastGet(remote, local, (e) => (e ? rej(e) : res())));
    },
    close: () => client.end(),
  };
}
