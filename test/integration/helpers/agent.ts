// Test helpers for the agent: spawn a real `iobench agent` process, a gRPC client from proto/index.ts, and a
// stream wrapper whose `next()` waits for messages (events, never sleeps).
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import {
  Command,
  loadAgentService,
  Status,
  type AgentClient,
  type ControlMessage,
  type LiveStats__Output,
} from '../../../proto';

const CLI = path.join(__dirname, '..', '..', '..', 'dist', 'cli.js');

export interface AgentProcess {
  proc: ChildProcess;
  port: number;
  address: string;
  stderr: () => string;
  stdout: () => string;
  stop(): Promise<void>;
}

/** Start `node dist/cli.js agent --listen 127.0.0.1:0 --root …`; resolves on the "listening" line. */
export function startAgent(roots: string[], extra: string[] = []): Promise<AgentProcess> {
  const args = [CLI, 'agent', '--listen', '127.0.0.1:0', ...roots.flatMap((r) => ['--root', r]), ...extra];
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr!.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = /iobench agent listening on 127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        const port = Number(m[1]);
        resolve({
          proc,
          port,
          address: `127.0.0.1:${port}`,
          stderr: () => err,
          stdout: () => out,
          stop: () =>
            new Promise<void>((r) => {
              if (proc.exitCode !== null || proc.signalCode) return r();
              proc.once('exit', () => r());
              proc.kill('SIGKILL');
            }),
        });
      }
    });
    proc.once('exit', (code) => reject(new Error(`agent exited ${code}: ${err}`)));
  });
}

export function agentClient(address: string): AgentClient {
  const Agent = loadAgentService();
  return new Agent(address, grpc.credentials.createInsecure());
}

export function unary<Req, Res>(
  fn: (req: Req, md: grpc.Metadata, cb: (e: grpc.ServiceError | null, r?: Res) => void) => unknown,
  req: Req,
  md = new grpc.Metadata(),
): Promise<Res> {
  return new Promise((resolve, reject) => fn(req, md, (e, r) => (e ? reject(e) : resolve(r as Res))));
}

export interface Received {
  at: number; // ms since the stream was opened
  msg: LiveStats__Output;
}

/** An ExecuteWorkload stream with a message log and awaitable `next(pred)`. */
export class AgentStream {
  readonly call: grpc.ClientDuplexStream<ControlMessage, LiveStats__Output>;
  readonly log: Received[] = [];
  readonly opened = Date.now();
  private cursor = 0;
  private waiters: (() => void)[] = [];
  ended = false;
  error: Error | undefined;

  constructor(client: AgentClient) {
    this.call = client.ExecuteWorkload();
    this.call.on('data', (m: LiveStats__Output) => {
      this.log.push({ at: Date.now() - this.opened, msg: m });
      this.wake();
    });
    this.call.on('end', () => {
      this.ended = true;
      this.wake();
    });
    this.call.on('error', (e) => {
      this.error = e;
      this.ended = true;
      this.wake();
    });
  }
  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }
  send(m: ControlMessage): void {
    this.call.write(m);
  }
  start(configYaml: string, agentId = 'agent-1', extra: Partial<ControlMessage> = {}): void {
    this.send({
      command: Command.START,
      config_yaml: configYaml,
      agent_id: agentId,
      agent_index: 0,
      num_agents: 1,
      ...extra,
    });
  }
  /** Next message (after the ones already consumed) that satisfies pred; fails on timeout or stream end. */
  async next(
    pred: (m: LiveStats__Output) => boolean,
    timeoutMs = 20000,
    what = 'message',
  ): Promise<LiveStats__Output> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.cursor < this.log.length) {
        const m = this.log[this.cursor++].msg;
        if (pred(m)) return m;
      }
      if (this.ended)
        throw new Error(
          `stream ended while waiting for ${what}${this.error ? `: ${this.error.message}` : ''}`,
        );
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }
  close(): void {
    try {
      this.call.end();
    } catch {
      /* ignore */
    }
  }
}

/** A temp folder (realpath) removed by the returned cleanup. */
export function tempDir(prefix = 'iobench-agent-'): { dir: string; cleanup: () => void } {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Whether `dir`'s file system accepts O_DIRECT opens (tmpfs does not), checked independently of the agent. */
export function supportsODirect(dir: string): boolean {
  const p = path.join(dir, `.odirect-check-${process.pid}`);
  try {
    fs.closeSync(fs.openSync(p, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_DIRECT, 0o644));
    return true;
  } catch {
    return false;
  } finally {
    fs.rmSync(p, { force: true });
  }
}

/** Every path under root (relative, sorted), directories with a trailing '/'. */
export function listTree(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        out.push(`${r}/`);
        walk(path.join(d, e.name), r);
      } else out.push(r);
    }
  };
  walk(root, '');
  return out.sort();
}

export { Command, Status };
