// A small pool of I/O worker threads (see worker-source.ts). Grows on demand up to `max`, keeps idle workers
// for the next run (so a START does not pay thread start-up), and runs batches FIFO.
import { Worker } from 'node:worker_threads';
import { WORKER_SOURCE } from './worker-source';

export type BatchKind = 'mkdir' | 'create' | 'unlink' | 'rmdir';

/**
 * Files given as ranges instead of paths: range r holds the indices bounds[3r] (first), +bounds[3r+2] (step),
 * … below bounds[3r+1] (end); file i is prefixes[r·nBases + i mod nBases] + lead + 8-digit i + tail.
 */
export interface FileRanges {
  prefixes: string[];
  bounds: Float64Array;
  nBases: number;
  lead: string;
  tail: string;
}

export interface Batch {
  kind: BatchKind;
  paths: string[]; // empty when `ranges` is given
  ranges?: FileRanges; // create only
  sizes?: Float64Array; // create
  fill?: 'zero' | 'random' | 'prand';
  dedup?: number; // create, random fill: 1 in N blocks unique
  compress?: number; // create, random fill: ~N:1 compressible
  exclusive?: boolean; // create: O_EXCL (skip existing) vs O_TRUNC (force_overwrite)
  direct?: boolean; // O_DIRECT
  stopOnError?: boolean;
  abort?: SharedArrayBuffer;
}

export interface BatchError {
  path: string;
  code: string;
  message: string;
}

export interface BatchResult {
  done: number;
  created: number; // mkdir/create: made; unlink/rmdir: removed
  existed: number;
  missing: number;
  bytes: number;
  errors: BatchError[];
  lat: Float64Array; // µs per item, -1 = failed, 0 = skipped/not reached
  aborted: boolean;
}

interface Slot {
  worker: Worker;
  busy: boolean;
  resolve?: (r: BatchResult) => void;
  reject?: (e: Error) => void;
}

export class WorkerPool {
  private slots: Slot[] = [];
  private queue: { batch: Batch; resolve: (r: BatchResult) => void; reject: (e: Error) => void }[] = [];
  private seq = 0;

  constructor(private max: number) {}

  setMax(max: number): void {
    this.max = Math.max(1, max);
  }

  get size(): number {
    return this.slots.length;
  }

  /** Start n workers ahead of time (used at server start so the first run starts at once). */
  prewarm(n: number): void {
    while (this.slots.length < Math.min(n, this.max)) this.spawn();
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    const slot: Slot = { worker, busy: false };
    worker.on('message', (r: BatchResult & { fatal?: string }) => {
      const { resolve, reject } = slot;
      slot.busy = false;
      slot.resolve = slot.reject = undefined;
      if (r.fatal) reject?.(new Error(r.fatal));
      else resolve?.(r);
      this.pump();
      // Idle workers must not keep the process alive.
      if (!slot.busy) worker.unref();
    });
    worker.on('error', (e) => {
      slot.reject?.(e);
      this.slots = this.slots.filter((s) => s !== slot);
      this.pump();
    });
    this.slots.push(slot);
    return slot;
  }

  run(batch: Batch): Promise<BatchResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ batch, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.busy);
      if (!slot && this.slots.length < this.max) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.busy = true;
      slot.resolve = job.resolve;
      slot.reject = job.reject;
      slot.worker.ref();
      slot.worker.postMessage({ ...job.batch, id: ++this.seq });
    }
  }

  async close(): Promise<void> {
    const s = this.slots;
    this.slots = [];
    await Promise.all(s.map((x) => x.worker.terminate()));
  }
}
