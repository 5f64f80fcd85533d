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
/** Pre-flight checks served at once (each may parse a config in a worker and walks the targets). */
const MAX_PREFLIGHTS = 2;

export class AgentCore {
  readonly pool = new WorkerPool(MAX_IO_THREADS);
  readonly cpu = new CpuSampler();
  active: Run | undefined;
  /** a START whose config is still being parsed: it holds the agent like a run */
  starting = false;
  /** pre-flight checks in progress (bounded: each walks the targets and may parse a large config) */
  preflights = 0;
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

  /**
   * Why a control operation (START, pre-flight) is refused now: one run at a time, and nothing beside it — a
   * pre-flight walks the same disks and would disturb the figures being measured.
   */
  busy(): string | undefined {
    if (this.active) return `busy: running ${this.active.id} (${this.active.plan.start.agentId})`;
    if (this.starting) return 'busy: a run is starting';
    return undefined;
  }

  /**
   * A pre-flight slot: undefined when granted (call `endPreflight` after), else why not — a run is active
   * ('running'), or MAX_PREFLIGHTS checks are already in progress ('full').
   */
  beginPreflight(): { why: 'running' | 'full'; message: string } | undefined {
    const busy = this.busy();
    if (busy) return { why: 'running', message: `pre-flight refused: ${busy}` };
    if (this.preflights >= MAX_PREFLIGHTS)
      return {
        why: 'full',
        message: `busy: ${this.preflights} pre-flight checks are already running; try again when they end`,
      };
    this.preflights++;
    return undefined;
  }
  endPreflight(): void {
    this.preflights--;
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
