// `--local N`: N real agents on loopback, each a child process (`<node> <cli> agent --listen 127.0.0.1:0
// --root <root>/agent-<i>`). Child processes rather than in-process servers because that is how agents run
// for real (the same gRPC stack, the same startup path), a crashing agent cannot take the controller down, and
// the agents' file I/O and CPU-heavy data generation do not stall the controller's 1 s live-stats ticks.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { TOKEN_ENV } from '../core/token';
import { agentFolder } from './local-root';

export interface LocalAgent {
  index: number;
  address: string;
  folder: string;
  pid: number;
  /** the bearer token the agent requires */
  token?: string;
  /** the agent's stderr so far (for error messages) */
  stderr(): string;
  stop(): Promise<void>;
}

export interface LocalAgentOptions {
  root: string;
  /** argv that starts `iobench`, e.g. [process.execPath, '/path/to/dist/cli.js'] */
  command: string[];
  token?: string;
  startTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

const LISTENING = /iobench agent listening on (\S+:\d+)/;

const live = new Set<ChildProcess>();
let exitHook = false;
function killOnExit(): void {
  if (exitHook) return;
  exitHook = true;
  // a controller that exits (or is killed by Ctrl-C twice) must not leave agents behind
  process.on('exit', () => {
    for (const c of live) c.kill('SIGKILL');
  });
}

export function startLocalAgent(index: number, opts: LocalAgentOptions): Promise<LocalAgent> {
  const folder = agentFolder(opts.root, index);
  mkdirSync(folder, { recursive: true });
  const args = [...opts.command.slice(1), 'agent', '--listen', '127.0.0.1:0', '--root', folder];
  // The token goes through the environment, never argv (where `ps` shows it to every local user).
  const env = { ...(opts.env ?? process.env) };
  delete env[TOKEN_ENV];
  if (opts.token) env[TOKEN_ENV] = opts.token;
  const child = spawn(opts.command[0], args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
    // own process group: a terminal's Ctrl-C reaches the controller only, which then aborts the run cleanly
    // (agents confirm and go idle) and stops the agents itself
    detached: true,
  });
  live.add(child);
  killOnExit();
  let out = '';
  let err = '';
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  child.once('exit', () => live.delete(child));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(t);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(
        new Error(
          `local agent ${index + 1} did not start within ${(opts.startTimeoutMs ?? 15_000) / 1000} s${err ? `: ${err.trim()}` : ''}`,
        ),
      );
    }, opts.startTimeoutMs ?? 15_000);
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      err = (err + d).slice(-8_000);
    });
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = LISTENING.exec(out);
      if (!m) return;
      clearTimeout(timer);
      out = '';
      resolve({
        index,
        address: m[1],
        folder,
        pid: child.pid!,
        ...(opts.token ? { token: opts.token } : {}),
        stderr: () => err,
        stop,
      });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(
          `local agent ${index + 1} exited (${signal ?? `code ${code}`}) before listening${err ? `: ${err.trim()}` : ''}`,
        ),
      );
    });
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`local agent ${index + 1} could not start: ${e.message}`));
    });
  });
}

/** Starts N agents in parallel; on any failure the others are stopped. */
/**
 * A fresh random token (192 bits) for the agents `iobench run --local` starts: loopback is reachable by every
 * local process, so without one any of them could drive (or stall) those agents.
 */
export function generateToken(): string {
  return randomBytes(24).toString('base64url');
}

export async function startLocalAgents(n: number, opts: LocalAgentOptions): Promise<LocalAgent[]> {
  const settled = await Promise.allSettled(Array.from({ length: n }, (_, i) => startLocalAgent(i, opts)));
  const ok = settled
    .filter((s): s is PromiseFulfilledResult<LocalAgent> => s.status === 'fulfilled')
    .map((s) => s.value);
  const bad = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (bad) {
    await Promise.all(ok.map((a) => a.stop()));
    throw bad.reason;
  }
  return ok;
}

export async function stopLocalAgents(agents: LocalAgent[]): Promise<void> {
  await Promise.all(agents.map((a) => a.stop()));
}
