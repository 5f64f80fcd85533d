// A real OpenSSH server on 127.0.0.1 for the deployment tests: throwaway host and user keys, its own config
// (`sshd -D -f`), a free port, and a PATH for remote commands that the test chooses (SetEnv), so a fake
// `docker` can sit in front of the real one. Needs root (sshd drops privileges per session) and Debian's
// openssh-server (.ci/run installs it); `sshdUnavailable()` says why a test must skip.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const SSHD = ['/usr/sbin/sshd', '/usr/local/sbin/sshd'].find((p) => fs.existsSync(p));

/** Why this machine cannot run the sshd tests, or undefined when it can. */
export function sshdUnavailable(): string | undefined {
  if (!SSHD) return 'no sshd binary (apt-get install -y openssh-server; .ci/run does)';
  if (process.getuid?.() !== 0) return 'sshd needs root to accept logins (run the tests as root)';
  if (spawnSync('ssh-keygen', ['-?'], { stdio: 'ignore' }).error) return 'no ssh-keygen on PATH';
  return undefined;
}

export interface Sshd {
  port: number;
  dir: string;
  user: string;
  /** the user's private key (authorized for `user`) */
  userKey: string;
  /** `[127.0.0.1]:port ssh-ed25519 AAAA…`: a correct known_hosts line */
  knownHostsLine: string;
  /** a known_hosts file with that line */
  knownHosts: string;
  /** the line for the server's second host key (RSA): a client that knows only this one must ask for it */
  rsaKnownHostsLine: string;
  /** a valid known_hosts line for this host but with a different key */
  wrongKnownHostsLine: string;
  /** folder first on the remote PATH (SetEnv PATH=…) */
  binDir: string;
  stop(): Promise<void>;
}

function keygen(file: string, type = 'ed25519'): void {
  const bits = type === 'rsa' ? ['-b', '2048'] : [];
  const r = spawnSync('ssh-keygen', ['-q', '-t', type, ...bits, '-N', '', '-C', 'iobench-test', '-f', file]);
  if (r.status !== 0) throw new Error(`ssh-keygen failed: ${r.stderr}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Starts sshd and resolves once it accepts TCP connections (its "Server listening" line on stderr). */
export async function startSshd(): Promise<Sshd> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iobench-sshd-'));
  fs.chmodSync(dir, 0o755);
  const hostKey = path.join(dir, 'host_ed25519');
  const otherHostKey = path.join(dir, 'other_host_ed25519');
  const rsaHostKey = path.join(dir, 'host_rsa');
  const userKey = path.join(dir, 'user_ed25519');
  keygen(hostKey);
  keygen(otherHostKey);
  keygen(rsaHostKey, 'rsa');
  keygen(userKey);
  fs.copyFileSync(`${userKey}.pub`, path.join(dir, 'authorized_keys'));
  const binDir = path.join(dir, 'bin');
  fs.mkdirSync(binDir);
  const port = await freePort();
  const remotePath = [binDir, path.dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(':');
  fs.writeFileSync(
    path.join(dir, 'sshd_config'),
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `HostKey ${rsaHostKey}`,
      `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
      `PidFile ${path.join(dir, 'sshd.pid')}`,
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      'Subsystem sftp internal-sftp',
      `SetEnv PATH=${remotePath}`,
      'LogLevel ERROR',
    ].join('\n') + '\n',
  );
  fs.mkdirSync('/run/sshd', { recursive: true }); // privilege separation directory
  const proc: ChildProcess = spawn(SSHD!, ['-D', '-e', '-f', path.join(dir, 'sshd_config')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  await new Promise<void>((resolve, reject) => {
    proc.stderr!.setEncoding('utf8').on('data', (d: string) => {
      err += d;
    });
    proc.once('exit', (code) => reject(new Error(`sshd exited (${code}): ${err}`)));
    proc.once('error', reject);
    // LogLevel ERROR prints nothing on success: poll-free readiness is a TCP connect that succeeds
    const tryConnect = () => {
      const s = net.connect(port, '127.0.0.1');
      s.once('data', () => {
        s.destroy();
        resolve();
      });
      s.once('error', () => {
        s.destroy();
        setImmediate(tryConnect);
      });
    };
    tryConnect();
  });
  const pub = (f: string) => fs.readFileSync(`${f}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
  const knownHostsLine = `[127.0.0.1]:${port} ${pub(hostKey)}`;
  const knownHosts = path.join(dir, 'known_hosts');
  fs.writeFileSync(knownHosts, `${knownHostsLine}\n`);
  return {
    port,
    dir,
    user: os.userInfo().username,
    userKey,
    knownHostsLine,
    knownHosts,
    wrongKnownHostsLine: `[127.0.0.1]:${port} ${pub(otherHostKey)}`,
    rsaKnownHostsLine: `[127.0.0.1]:${port} ${pub(rsaHostKey)}`,
    binDir,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null || proc.signalCode) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}
