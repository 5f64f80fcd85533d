// Agent-wide state shared by every RPC: the confinement, the I/O worker pool, the one active run.
import * as os from 'node:os';
import { WorkloadPhase } from '../proto';
import { Confinement } from './confine';
import { CpuSampler } from './cpu';
import { warmUp, type RunPlan } from './plan';
import type { Run } from './run';
import type { StorageBackend } from './storage/backend';
import { FileBackend } from './storage/file';
import { S3Backend } from './storage/s3';
import { s3Env } from './storage/s3-client';
import { WorkerPool } from './storage/worker-pool';

/** Upper bound of I/O threads regardless of `concurrency` (beyond this, threads only add contention). */
const MAX_IO_THREADS = 64;

export class AgentCore {
  readonly pool = new WorkerPool(MAX_IO_THREADS);
  readonly cpu = new CpuSampler();
  active: Run | undefined;
  lastError = '';
  private idleWaiters: (() => void)[] = [];

  constructor(readonly confine: Confinement) {
    // Threads started before the first START, so tree creation begins at once.
    this.pool.prewarm(Math.min(4, Math.max(2, os.cpus().length)));
    warmUp();
  }

  backendFor(plan: RunPlan): StorageBackend {
    if (plan.scheme === 's3')
      return new S3Backend(s3Env(process.env, plan.model.distributedEnv), plan.concurrency);
    const threads = Math.min(plan.concurrency, MAX_IO_THREADS);
    // More threads are started on demand once the first batch is queued (a Worker costs ~6 ms of main-thread
    // time to start: starting them all at START would delay the first mkdir).
    this.pool.setMax(threads);
    return new FileBackend(this.confine, this.pool, threads, plan.scheme === 'direct');
  }

  /** The backend for pre-flight's calibration probe; none while a run uses the pool (it would measure both). */
  probeBackend(plan: RunPlan): StorageBackend | undefined {
    return this.active ? undefined : this.backendFor(plan);
  }

  begin(run: Run): void {
    this.active = run;
  }
  end(run: Run): void {
    if (this.active === run) this.active = undefined;
    for (const w of this.idleWaiters.splice(0)) w();
  }
  abortActive(reason: string): boolean {
    if (!this.active) return false;
    this.active.abort.abort(reason);
    return true;
  }
  /** Resolves when no run is active. */
  idle(): Promise<void> {
    return this.active ? new Promise((r) => this.idleWaiters.push(r)) : Promise.resolve();
  }

  phase(): { phase: number; message: string } {
    const r = this.active;
    if (!r) return { phase: WorkloadPhase.IDLE, message: 'Idle' };
    if (r.abort.aborted) return { phase: WorkloadPhase.ABORTING, message: r.abort.reason };
    const ph = r.phase;
    if (ph.kind !== 'stage') return { phase: WorkloadPhase.COMPLETED, message: 'Completed' };
    if (ph.atBarrier)
      return {
        phase: WorkloadPhase.PREPARE_READY,
        message: `At barrier ${ph.index - 1} after stage ${ph.name}`,
      };
    return { phase: WorkloadPhase.EXECUTING, message: `Stage ${ph.index} (${ph.name})` };
  }
}
