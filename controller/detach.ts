// Runs that outlive their host: start `iobench run` as a detached process (own process group, output to
// detached.log), ask a run folder whether its run is alive and how it ended, and abort it (SIGINT: the run
// aborts every agent as Ctrl-C does). The CLI's `--detach` and the editor both start runs through here; the
// host passes its own Node and CLI script (the extension host: process.execPath + ELECTRON_RUN_AS_NODE=1).
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseEventLine, type RunEvents } from './events';
import { toJson } from './json';
import {
  DETACH_FILE,
  DETACHED_LOG,
  EVENTS_FILE,
  PID_FILE,
  nextChange,
  pidAlive,
  pidFileText,
  readPid,
  stepFolders,
} from './run-dir';

export interface StartDetachedOptions {
  /** the program, e.g. process.execPath */
  command: string;
  /** its arguments: the CLI script, then detachedArgs(...) */
  args: string[];
  env?: NodeJS.ProcessEnv;
  resultsDir: string;
  cwd?: string;
  /** the config file (recorded in detach.json for the hosts) */
  file?: string;
  /** a ladder's step folders (`1-SIMPLE`, …) when the host knows them; the run also writes ladder.json */
  steps?: string[];
}

/** Starts the run in the background; it keeps running when the host exits. */
export function startDetached(o: StartDetachedOptions): { pid: number; resultsDir: string } {
  const resultsDir = resolve(o.resultsDir);
  mkdirSync(resultsDir, { recursive: true });
  const log = openSync(join(resultsDir, DETACHED_LOG), 'a');
  let pid: number | undefined;
  let error: Error | undefined;
  try {
    const child = spawn(o.command, o.args, {
      detached: true,
      stdio: ['ignore', log, log],
      ...(o.env ? { env: o.env } : {}),
      ...(o.cwd ? { cwd: o.cwd } : {}),
    });
    child.once('error', (e) => (error = e)); // ENOENT and the like arrive as an event: never crash the host
    pid = child.pid;
    child.unref();
  } finally {
    closeSync(log); // the child has its own descriptor
  }
  if (!pid)
    throw new Error(
      `cannot start ${o.command}${error ? `: ${error.message}` : ''} (see ${join(resultsDir, DETACHED_LOG)})`,
    );
  writeFileSync(join(resultsDir, PID_FILE), pidFileText(pid));
  writeFileSync(
    join(resultsDir, DETACH_FILE),
    `${toJson({ pid, ...(o.file ? { file: resolve(o.file) } : {}), steps: o.steps ?? [], startedAt: new Date().toISOString() }, 2)}\n`,
  );
  return { pid, resultsDir };
}

/** The run flags a detached `iobench run` gets (what the foreground command was given). */
export interface DetachedRunFlags {
  local?: number | string;
  root?: string;
  step?: string;
  ladder?: boolean;
  token?: string;
  tls?: boolean;
  agentCa?: string;
  agentDomain?: string;
  verbose?: boolean;
  /** false = --no-preflight */
  preflight?: boolean;
  acceptNewHostKeys?: boolean;
  /** false = --no-forward-env */
  forwardEnv?: boolean;
  envFile?: string;
}

/** `run FILE --yes --results DIR …`: the argv after the CLI script. Paths are made absolute (another cwd). */
export function detachedArgs(file: string, o: DetachedRunFlags, resultsDir: string): string[] {
  const args = ['run', resolve(file), '--yes', '--results', resolve(resultsDir)];
  if (o.local !== undefined) args.push('--local', String(o.local));
  if (o.root) args.push('--root', resolve(o.root));
  if (o.step) args.push('--step', o.step);
  if (o.ladder) args.push('--ladder');
  if (o.token) args.push('--token', o.token);
  if (o.tls) args.push('--tls');
  if (o.agentCa) args.push('--agent-ca', resolve(o.agentCa));
  if (o.agentDomain) args.push('--agent-domain', o.agentDomain);
  if (o.verbose) args.push('--verbose');
  if (o.preflight === false) args.push('--no-preflight');
  if (o.acceptNewHostKeys) args.push('--accept-new-host-keys');
  if (o.forwardEnv === false) args.push('--no-forward-env');
  if (o.envFile) args.push('--env-file', resolve(o.envFile));
  return args;
}

const TAIL_BYTES = 256 * 1024;

/** The `completed` event among the last lines of an event file (it is the last line of a finished run). */
export function lastCompleted(file: string): RunEvents['completed'] | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const size = statSync(file).size;
    const len = Math.min(size, TAIL_BYTES);
    const buf = Buffer.alloc(len);
    readSync(fd, buf, 0, len, size - len);
    const lines = buf.toString('utf8').split('\n');
    for (let i = lines.length - 1; i >= 0; i--) {
      if (!lines[i].includes('"completed"')) continue;
      const r = parseEventLine(lines[i].trim());
      if (r.ok && r.line.event === 'completed') return r.line.data;
    }
    return undefined;
  } finally {
    closeSync(fd);
  }
}

export interface RunStatus {
  pid?: number;
  /** the process behind run.pid is still this run */
  alive: boolean;
  /** the run wrote its final `completed` (a ladder: its last step's, or a failed step's) */
  finished: boolean;
  ok?: boolean;
  message?: string;
}

/** How the run in `dir` stands, from its files and its process. */
export function runStatus(dir: string): RunStatus {
  const p = readPid(dir);
  const alive = p ? pidAlive(p) : false;
  const base = { ...(p ? { pid: p.pid } : {}), alive };
  const steps = stepFolders(dir);
  if (steps === undefined) return { ...base, finished: false };
  const folders = steps.length ? steps.map((s) => join(dir, s)) : [dir];
  for (let i = 0; i < folders.length; i++) {
    const c = lastCompleted(join(folders[i], EVENTS_FILE));
    if (!c) return { ...base, finished: false };
    if (!c.ok || i === folders.length - 1)
      return { ...base, finished: true, ok: c.ok, ...(c.message ? { message: c.message } : {}) };
  }
  return { ...base, finished: false };
}

export interface AbortOptions {
  signal?: AbortSignal;
  /** give up waiting for the run to end after this long (ms); the agents' abort takes seconds */
  timeoutMs?: number;
  pollMs?: number;
}

/**
 * Aborts the detached run in `dir`: SIGINT to its controller, which aborts every agent and writes `completed`.
 * Resolves when that is written or the process is gone, or after `timeoutMs` saying it still runs.
 */
export async function abortRun(
  dir: string,
  opts: AbortOptions = {},
): Promise<{ ok: boolean; message: string }> {
  const folder = resolve(dir);
  if (!existsSync(folder)) return { ok: false, message: `${dir}: no such folder` };
  const p = readPid(folder);
  if (!p)
    return {
      ok: false,
      message: `${dir} has no ${PID_FILE}: not a run this machine started in the background`,
    };
  // finished but still alive = the run is stopping its local agents: a second SIGINT would cut that short
  const before = runStatus(folder);
  if (before.finished)
    return {
      ok: false,
      message: `the run already ended (${before.ok ? 'completed' : `failed: ${before.message ?? 'unknown reason'}`})`,
    };
  if (!before.alive)
    return {
      ok: false,
      message: `the run's process (pid ${p.pid}) is gone; it did not finish (see ${join(folder, DETACHED_LOG)})`,
    };
  try {
    process.kill(p.pid, 'SIGINT');
  } catch (e) {
    return { ok: false, message: `cannot signal pid ${p.pid}: ${(e as Error).message}` };
  }
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  for (;;) {
    const s = runStatus(folder);
    if (s.finished)
      return { ok: true, message: `aborted: ${s.message ?? (s.ok ? 'the run completed first' : 'stopped')}` };
    if (!s.alive) return { ok: true, message: `the run process (pid ${p.pid}) stopped` };
    if (opts.signal?.aborted) return { ok: false, message: 'stopped waiting; the run is still stopping' };
    if (Date.now() >= deadline)
      return {
        ok: false,
        message: `the run (pid ${p.pid}) has not stopped after ${Math.round((opts.timeoutMs ?? 120_000) / 1000)} s; it may still be waiting for agents (kill ${p.pid} to end it at once)`,
      };
    // the folder changes when `completed` is written; the poll catches the process ending
    const steps = stepFolders(folder) ?? [];
    const watchDir = steps.length
      ? join(folder, steps.filter((x) => existsSync(join(folder, x))).pop() ?? '')
      : folder;
    await nextChange(watchDir, opts.pollMs ?? 250, opts.signal);
  }
}
