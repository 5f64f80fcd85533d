// Helpers for the controller's integration tests: real agent processes (`node dist/cli.js agent`), the CLI as
// a child process, small configs, event recording and file counting. Everything waits on events or process
// exit, never on sleeps; everything listens on 127.0.0.1 only.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import {
  startLocalAgents,
  stopLocalAgents,
  type LocalAgent,
  type RunEmitter,
  type RunEventName,
} from '../../../controller';

export const REPO = resolve(__dirname, '..', '..', '..');
export const CLI = join(REPO, 'dist', 'cli.js');

export const tempDir = (prefix = 'iobench-ctl-') => mkdtempSync(join(tmpdir(), prefix));

/** N real agents, each confined to `<root>/agent-<i>` (created). */
export function spawnAgents(n: number, root: string): Promise<LocalAgent[]> {
  return startLocalAgents(n, { root, command: [process.execPath, CLI] });
}

/** Runs `body` with a fresh temp folder, removed afterwards. */
export async function withTempDir<T>(body: (dir: string) => Promise<T>): Promise<T> {
  const dir = tempDir();
  try {
    return await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `body` with N real agents under a fresh temp root; stops them and removes the root afterwards. */
export async function withAgents<T>(
  n: number,
  body: (agents: LocalAgent[], root: string) => Promise<T>,
): Promise<T> {
  const root = tempDir();
  const agents = await spawnAgents(n, root);
  try {
    return await body(agents, root);
  } finally {
    await stopLocalAgents(agents);
    rmSync(root, { recursive: true, force: true });
  }
}

export interface Recorded {
  name: RunEventName;
  data: any;
  at: number;
}

export function record(emitter: RunEmitter): Recorded[] {
  const out: Recorded[] = [];
  emitter.onAny((name, data) => out.push({ name, data, at: Date.now() }));
  return out;
}

export interface SmallConfig {
  width?: number;
  depth?: number;
  files?: number;
  duration?: string;
  cleanup?: boolean;
  target?: string;
  agents?: { address: string; target_override?: string }[];
  concurrency?: number;
}

/** A small tree with GET/STAT/PUT work, as a sai3 config text. */
export function smallConfig(c: SmallConfig = {}): string {
  const target = c.target ?? 'file:///bench/data/';
  const cfg: Record<string, unknown> = {
    duration: c.duration ?? '2s',
    concurrency: c.concurrency ?? 4,
    target,
    prepare: {
      prepare_strategy: 'parallel',
      directory_structure: {
        width: c.width ?? 2,
        depth: c.depth ?? 2,
        files_per_dir: c.files ?? 5,
        distribution: 'bottom',
        dir_mask: 'd%d_w%d.dir',
      },
      ensure_objects: [{ base_uri: target, count: 0, fill: 'random', size_distribution: 4096 }],
      cleanup: c.cleanup ?? true,
    },
    workload: [
      { op: 'get', path: '*', weight: 70 },
      { op: 'stat', path: '*', weight: 20 },
      { op: 'put', path: 'puts/', object_size: 4096, weight: 10 },
    ],
  };
  if (c.agents)
    cfg.distributed = {
      agents: c.agents,
      shared_filesystem: false,
      tree_creation_mode: 'isolated',
      path_selection: 'random',
    };
  return stringify(cfg);
}

/** Files and directories under `dir` (recursive). */
export function countTree(dir: string): { files: number; dirs: number } {
  let files = 0;
  let dirs = 0;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) {
        dirs++;
        walk(join(d, e.name));
      } else files++;
    }
  };
  walk(dir);
  return { files, dirs };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command line to completion (resolves on 'close'). */
export function runProcess(
  cmd: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CliResult> {
  return new Promise((res, rej) => {
    const p = spawn(cmd, args, {
      cwd: opts.cwd ?? REPO,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    p.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    p.once('error', rej);
    p.once('close', (code) => res({ code, stdout, stderr }));
  });
}

export const iobench = (args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) =>
  runProcess(process.execPath, [CLI, ...args], opts);

/** A loopback port nobody listens on (bound, then closed). */
export function closedPort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}
