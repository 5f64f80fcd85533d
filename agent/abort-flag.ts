// One abort flag per run, visible to the main thread (AbortSignal) and to worker threads (a shared Int32),
// so every worker loop can stop between two files — not only between stages (sai3 checks only there).
export class AbortFlag {
  readonly shared = new Int32Array(new SharedArrayBuffer(4));
  private readonly ctl = new AbortController();
  reason = '';

  /** The shared memory behind `shared`, as workers receive it. */
  get sab(): SharedArrayBuffer {
    return this.shared.buffer;
  }
  get signal(): AbortSignal {
    return this.ctl.signal;
  }
  get aborted(): boolean {
    return this.ctl.signal.aborted;
  }
  abort(reason: string): void {
    if (this.aborted) return;
    this.reason = reason;
    Atomics.store(this.shared, 0, 1);
    this.ctl.abort(new Error(reason));
  }
}
