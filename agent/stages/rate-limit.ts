// io_rate (spec §1.8, sai3 rate_controller.rs): op starts are paced to `iops` per agent in total, divided across
// the workers — each worker keeps its own schedule at iops/workers, with inter-arrival times drawn from the
// configured distribution:
//   exponential   — exponential gaps (Poisson arrivals), mean = the worker's interval;
//   uniform       — a fixed interval; a late tick is not made up (tokio's MissedTickBehavior::Delay, as sai3);
//   deterministic — the k-th op of a worker at start + k × interval (late ops catch up, as sai3).
// Schedules are absolute (the next start is planned from the previous *planned* start, not from when the op
// finished), so op latency does not lower the rate as long as a worker keeps up. sai3 shares one uniform /
// deterministic timer among all workers (which yields iops/workers in total); we hold the configured total.
import type { IoRate } from '../../core/config/run-options';

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
          if (next < now - interval) next = now; // missed ticks are delayed, not bursted
          const d = Math.max(0, next - now);
          next += interval;
          return d;
        },
      };
    default:
      return {
        delayMs: (now) => {
          if (next < now - interval) next = now;
          const d = Math.max(0, next - now);
          next += -Math.log(1 - random()) * interval; // exponential gap, mean `interval`
          return d;
        },
      };
  }
}
