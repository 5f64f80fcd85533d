// io_rate (spec §1.8, sai3 rate_controller.rs): op starts are paced to `iops` per agent in total, divided across
// the workers — each worker keeps its own schedule at iops/workers, with inter-arrival times drawn from the
// configured distribution:
//   exponential   — exponential gaps (Poisson arrivals), mean = the worker's interval;
//   uniform       — a fixed interval;
//   deterministic — the k-th op of a worker at start + k × interval (late ops always catch up, as sai3).
// Schedules are absolute (the next start is planned from the previous *planned* start, not from when the op
// finished), so op latency does not lower the rate as long as a worker keeps up. A worker that fell behind
// (a slow op, a busy event loop) makes up at most CATCH_UP_MS of its schedule in a burst; beyond that the
// schedule restarts from now, like tokio's MissedTickBehavior::Delay that sai3 uses for uniform. (sai3 drops
// every late tick and shares one uniform/deterministic timer among all workers, which yields iops/workers in
// total; we hold the configured total, within ±10 % on a loaded machine.)
import type { IoRate } from '../../core/config/run-options';

/** How far behind its schedule a worker may be and still catch up (exponential and uniform). */
export const CATCH_UP_MS = 1000;

export interface Pacer {
  /** ms to wait before the worker's next op starts (0 = start now); call once per op. */
  delayMs(now: number): number;
}

/** One pacer per worker; undefined = no io_rate (unlimited). `random` is injectable for tests. */
export function workerPacer(
  rate: IoRate | undefined,
  workers: number,
  startMs: number,
  random: () => number = Math.random,
): Pacer | undefined {
  if (!rate || !(rate.iops > 0)) return undefined;
  const interval = (1000 * Math.max(1, workers)) / rate.iops; // ms between one worker's op starts
  // Workers start staggered across one interval, so the agent's op starts spread out instead of bunching.
  let next = startMs + random() * interval;
  let k = 0;
  switch (rate.distribution) {
    case 'deterministic': {
      const first = next;
      return {
        delayMs: (now) => Math.max(0, first + k++ * interval - now),
      };
    }
    case 'uniform':
      return {
        delayMs: (now) => {
          if (next < now - CATCH_UP_MS) next = now; // a long stall is not made up in a burst
          const d = Math.max(0, next - now);
          next += interval;
          return d;
        },
      };
    default:
      return {
        delayMs: (now) => {
          if (next < now - CATCH_UP_MS) next = now;
          const d = Math.max(0, next - now);
          next += -Math.log(1 - random()) * interval; // exponential gap, mean `interval`
          return d;
        },
      };
  }
}
