// error_handling (spec §1.8; sai3 workload.rs ErrorTracker + execute_with_error_handling): every failed attempt
// of an execute-stage op is counted for the whole stage (all workers):
//   - at max_total_errors the stage fails ("Aborting workload: N total errors exceeded threshold of M");
//   - when the errors of the last error_rate_window seconds reach error_rate_threshold per second, the failing
//     worker backs off for backoff_duration;
//   - with retry_on_error an op is tried up to max_retries more times, the delay starting at
//     initial_retry_delay_ms, multiplied by retry_backoff_multiplier per retry, capped at max_retry_delay_ms,
//     and each delay scaled by a uniform factor in [1 − jitter, 1 + jitter] (capped again);
//   - an op that still fails is skipped (counted as one failed operation) and the worker goes on.
// Sleeps end early at the stage deadline or on abort (sai3's do not), so a stage never outlasts its duration.
import type { ErrorHandling } from '../../core/config/run-options';
import { pause } from './pause';

export class ErrorLimitError extends Error {}

const MAX_WINDOW_ERRORS = 1_000_000;

export interface PolicyHooks {
  deadline: number;
  signal: AbortSignal;
  random?: () => number;
  /** called with each delay the policy sleeps, for tests and logs */
  onSleep?: (kind: 'retry' | 'backoff', ms: number) => void;
}

export class ErrorPolicy {
  total = 0;
  // timestamps (ms) of the errors inside the rate window: recent[head..]; at most MAX_WINDOW_ERRORS kept (more
  // than that in one window is far above any threshold that makes sense)
  private recent: number[] = [];
  private head = 0;
  constructor(
    private readonly cfg: ErrorHandling,
    private readonly hooks: PolicyHooks,
  ) {}

  /** Records one failed attempt; throws ErrorLimitError at max_total_errors; backs off above the rate. */
  private async record(): Promise<void> {
    const now = Date.now();
    this.total++;
    const windowMs = this.cfg.errorRateWindowS * 1000;
    this.recent.push(now);
    while (this.head < this.recent.length && this.recent[this.head] < now - windowMs) this.head++;
    if (this.recent.length - this.head > MAX_WINDOW_ERRORS)
      this.head = this.recent.length - MAX_WINDOW_ERRORS;
    if (this.head > 1024 && this.head * 2 > this.recent.length) {
      this.recent = this.recent.slice(this.head);
      this.head = 0;
    }
    if (this.total >= this.cfg.maxTotalErrors)
      throw new ErrorLimitError(
        `Aborting workload: ${this.total} total errors exceeded threshold of ${this.cfg.maxTotalErrors}`,
      );
    const rate = (this.recent.length - this.head) / this.cfg.errorRateWindowS;
    if (rate >= this.cfg.errorRateThreshold && this.cfg.backoffMs > 0) {
      this.hooks.onSleep?.('backoff', this.cfg.backoffMs);
      await pause(this.cfg.backoffMs, this.hooks.deadline, this.hooks.signal);
    }
  }

  /**
   * Runs `op` under the policy: its value, or `skipped` with the last error when every attempt failed.
   * Throws ErrorLimitError when the stage must stop.
   */
  async run<T>(op: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
    const attempts = this.cfg.retryOnError ? this.cfg.maxRetries + 1 : 1;
    let delay = this.cfg.initialRetryDelayMs;
    for (let attempt = 1; ; attempt++) {
      try {
        return { ok: true, value: await op() };
      } catch (e) {
        await this.record();
        if (attempt >= attempts || this.hooks.signal.aborted || Date.now() >= this.hooks.deadline)
          return { ok: false, error: e };
        const j = this.cfg.retryJitterFactor;
        const factor = j > 0 ? 1 - j + (this.hooks.random ?? Math.random)() * 2 * j : 1;
        const ms = Math.min(delay * factor, this.cfg.maxRetryDelayMs);
        this.hooks.onSleep?.('retry', ms);
        await pause(ms, this.hooks.deadline, this.hooks.signal);
        delay = Math.min(delay * this.cfg.retryBackoffMultiplier, this.cfg.maxRetryDelayMs);
      }
    }
  }
}
