// Streams batches from a lazy source to the backend with a bounded number in flight, so memory stays flat
// whatever the tree size, and the event loop stays free for the 1 s LiveStats.
import type { BatchResult } from '../storage/backend';

export interface Dispatcher<B> {
  /** Submit a batch; resolves once there is room for another one. */
  push(batch: B): Promise<void>;
  /** Wait for everything in flight (a level boundary, or the end). */
  drain(): Promise<void>;
}

export function dispatcher<B>(
  inFlight: number,
  run: (b: B) => Promise<BatchResult>,
  onResult: (b: B, r: BatchResult) => void,
): Dispatcher<B> {
  const active = new Set<Promise<void>>();
  let failure: unknown;
  const push = async (b: B) => {
    if (failure) throw failure;
    const p: Promise<void> = run(b).then(
      (r) => {
        try {
          onResult(b, r);
        } catch (e) {
          failure ??= e;
        }
      },
      (e) => {
        failure ??= e;
      },
    );
    const tracked = p.finally(() => active.delete(tracked));
    active.add(tracked);
    while (active.size >= inFlight) await Promise.race(active);
    if (failure) throw failure;
  };
  const drain = async () => {
    while (active.size) await Promise.race(active);
    if (failure) throw failure;
  };
  return { push, drain };
}
