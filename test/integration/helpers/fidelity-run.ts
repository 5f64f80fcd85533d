// Shared by the agent-fidelity tests: one real agent process per test file (started and stopped by the file's
// before/after hooks), small flat configs in fresh folders, and a run-to-the-end that releases every barrier.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { stringify } from 'yaml';
import type { AgentClient, LiveStats__Output, StageSummary__Output } from '../../../proto';
import { agentClient, AgentStream, Command, startAgent, Status, tempDir, type AgentProcess } from './agent';

export type Obj = Record<string, unknown>;

export interface RunResult {
  messages: LiveStats__Output[];
  end: LiveStats__Output;
  summaries: Map<string, StageSummary__Output>;
  ms: number;
}

export class FidelityAgent {
  readonly t = tempDir('iobench-fidelity-');
  private agent: AgentProcess | undefined;
  private c: AgentClient | undefined;
  private n = 0;

  async start(): Promise<void> {
    this.agent = await startAgent([this.t.dir]);
    this.c = agentClient(this.agent.address);
  }
  async stop(): Promise<void> {
    this.c?.close();
    await this.agent?.stop();
    this.t.cleanup();
  }
  get client(): AgentClient {
    return this.c!;
  }
  /** A fresh folder under the agent's root. */
  folder(prefix: string): string {
    return path.join(this.t.dir, `${prefix}-${++this.n}`);
  }

  /** A fresh data folder and a flat config over it (count objects of `size` bytes). */
  flat(
    extra: Obj,
    o: { count?: number; size?: unknown; fill?: string } = {},
  ): { yaml: string; data: string } {
    const data = this.folder('run');
    const cfg: Obj = {
      target: `file://${data}/`,
      duration: '1s',
      concurrency: 4,
      workload: [{ op: 'get', path: 'prepared-*', weight: 1 }],
      prepare: {
        ensure_objects: [{ count: o.count ?? 16, size_spec: o.size ?? 4096, fill: o.fill ?? 'zero' }],
      },
      ...extra,
    };
    return { yaml: stringify(cfg), data };
  }

  /** Runs to the end, releasing every barrier. */
  async run(
    yaml: string,
    timeoutMs = 30000,
    start: Parameters<AgentStream['start']>[2] = {},
  ): Promise<RunResult> {
    const s = new AgentStream(this.client);
    const t0 = Date.now();
    s.start(yaml, 'agent-1', start);
    const summaries = new Map<string, StageSummary__Output>();
    try {
      for (;;) {
        const m = await s.next(
          (x) =>
            (x.at_barrier && x.status === Status.RUNNING && !!x.stage_summary) ||
            ([Status.COMPLETED, Status.ERROR, Status.ABORTED] as number[]).includes(x.status),
          timeoutMs,
          'barrier or end',
        );
        if (m.status !== Status.RUNNING)
          return { messages: s.log.map((x) => x.msg), end: m, summaries, ms: Date.now() - t0 };
        summaries.set(m.stage_summary!.stage_name, m.stage_summary!);
        s.send({ command: Command.RELEASE_BARRIER, barrier_sequence: m.barrier_sequence });
      }
    } finally {
      s.close();
    }
  }
}

export const completed = (r: RunResult) => assert.equal(r.end.status, Status.COMPLETED, r.end.error_message);
export const execute = (r: RunResult) => {
  const s = r.summaries.get('execute');
  assert.ok(s, `no execute summary: ${[...r.summaries.keys()]}`);
  return s!;
};
export const ops = (x: { get_ops: number | string; put_ops: number | string; meta_ops: number | string }) =>
  Number(x.get_ops) + Number(x.put_ops) + Number(x.meta_ops);
