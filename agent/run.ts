// One ExecuteWorkload run: the stage loop of spec §3.7 with our fixes — LiveStats from the moment of START
// (also during stage 1 and tree creation), abort observed inside every worker loop, barriers after every
// stage (READY + barrier 0 after stage 1), COMPLETED after the last barrier is released.
import { Status, type LiveStats } from '../proto';
import { AbortFlag } from './abort-flag';
import type { CpuSampler } from './cpu';
import { prepareSummary, readyStats, runningStats, workloadSummary, type LiveContext } from './live';
import type { PlannedStage, RunPlan } from './plan';
import { AbortedError, type StageContext } from './stages/context';
import { runCleanup } from './stages/cleanup';
import { runExecute } from './stages/execute';
import { runPrepare } from './stages/prepare';
import { StageStats } from './stats';
import type { StorageBackend } from './storage/backend';

export type RunPhase = { kind: 'stage'; index: number; name: string; atBarrier: boolean } | { kind: 'done' };

const TICK_MS = 1000;
const BARRIER_ATTEMPTS = 6; // sai3: agent_barrier_timeout × 6, then fail

export class Run {
  readonly abort = new AbortFlag();
  readonly startedMs = Date.now();
  phase: RunPhase = { kind: 'stage', index: 0, name: 'preflight', atBarrier: false };
  private stats: StageStats | undefined;
  private readonly done: StageStats[] = [];
  private readonly released = new Set<number>();
  private releaseWake: (() => void) | undefined;
  private barrierSince = 0;
  private timer: NodeJS.Timeout | undefined;
  private seq = 1;
  private readonly live: LiveContext;

  constructor(
    readonly plan: RunPlan,
    private readonly backend: StorageBackend,
    cpu: CpuSampler,
    private readonly send: (m: LiveStats) => void,
  ) {
    this.live = {
      agentId: plan.start.agentId,
      startedMs: this.startedMs,
      concurrency: plan.concurrency,
      cpu,
    };
  }

  release(index: number): void {
    this.released.add(index);
    this.releaseWake?.();
  }

  /** Periodic message: READY while waiting at barrier 0, else RUNNING (with at_barrier while waiting). */
  private tick(): void {
    const ph = this.phase;
    if (ph.kind !== 'stage') return;
    if (ph.atBarrier && ph.index === 1) {
      this.send(readyStats(this.live, Math.round((Date.now() - this.barrierSince) / 1000)));
      return;
    }
    const m = runningStats(this.live, this.stats, this.seq++);
    if (ph.atBarrier) Object.assign(m, { at_barrier: true, barrier_sequence: ph.index - 1 });
    this.send(m);
  }

  /** Runs every stage; resolves when the run is over (COMPLETED, ERROR or ABORTED has been sent). */
  async execute(): Promise<void> {
    this.tick(); // first message at once: no silent phase
    this.timer = setInterval(() => this.tick(), TICK_MS);
    try {
      for (const st of this.plan.stages) {
        if (this.abort.aborted) throw new AbortedError(this.abort.reason);
        await this.runStage(st);
        await this.barrier(st);
      }
      this.stop();
      const prep = this.done.find((s) => s.kind === 'prepare');
      this.send({
        ...runningStats(this.live, this.done[this.done.length - 1], this.seq++),
        status: Status.COMPLETED,
        completed: true,
        final_summary: workloadSummary(
          this.plan.start.agentId,
          (Date.now() - this.startedMs) / 1000,
          this.done,
        ),
        prepare_summary: prep ? prepareSummary(this.plan.start.agentId, prep) : undefined,
      });
    } catch (e) {
      this.stop();
      if (this.abort.aborted || e instanceof AbortedError)
        this.send({
          agent_id: this.live.agentId,
          status: Status.ABORTED,
          error_message: this.abort.reason || 'Aborted by controller',
          elapsed_s: (Date.now() - this.startedMs) / 1000,
        });
      else
        this.send({
          agent_id: this.live.agentId,
          status: Status.ERROR,
          error_message: (e as Error).message,
          elapsed_s: (Date.now() - this.startedMs) / 1000,
        });
    } finally {
      this.phase = { kind: 'done' };
      this.backend.close?.();
    }
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async runStage(st: PlannedStage): Promise<void> {
    this.phase = { kind: 'stage', index: st.index, name: st.name, atBarrier: false };
    const stats = new StageStats(st.index, st.name, st.kind);
    this.stats = stats;
    const ctx: StageContext = { plan: this.plan, backend: this.backend, stats, abort: this.abort };
    switch (st.kind) {
      case 'validation':
        break; // the plan was validated at START
      case 'prepare':
        await runPrepare(ctx);
        break;
      case 'execute':
      case 'hybrid':
        await runExecute(ctx, st.durationMs);
        break;
      case 'cleanup':
        await runCleanup(ctx);
        break;
      case 'custom':
        throw new Error(`stage '${st.name}': custom stages (commands) are not run by this agent`);
    }
    if (this.abort.aborted) throw new AbortedError(this.abort.reason);
    stats.endedMs = Date.now();
    this.done.push(stats);
  }

  private async barrier(st: PlannedStage): Promise<void> {
    const index = st.index - 1;
    this.phase = { kind: 'stage', index: st.index, name: st.name, atBarrier: true };
    this.barrierSince = Date.now();
    const msg = runningStats(this.live, this.stats, 0);
    this.send({ ...msg, at_barrier: true, barrier_sequence: index, stage_summary: this.stats!.summary() });
    if (index === 0) this.send(readyStats(this.live, 0));
    const limitMs = st.barrierTimeoutS * 1000 * BARRIER_ATTEMPTS;
    while (!this.released.has(index)) {
      if (this.abort.aborted) throw new AbortedError(this.abort.reason);
      if (Date.now() - this.barrierSince > limitMs)
        throw new Error(
          `Barrier coordination failed: barrier ${index} not released within ${limitMs / 1000} s`,
        );
      let wake: () => void = () => undefined;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 1000);
        wake = () => {
          clearTimeout(t);
          resolve();
        };
        this.releaseWake = wake;
        this.abort.signal.addEventListener('abort', wake, { once: true });
      });
      this.abort.signal.removeEventListener('abort', wake);
      this.releaseWake = undefined;
    }
  }
}
