// Run an async function over many items with at most `limit` in flight, in input order of start. Used for SSH
// deployment, connects and pre-flight: hundreds of hosts must not open hundreds of sockets at the same instant.
/** Results in input order; a rejection is kept per item (like Promise.allSettled), never thrown. */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  signal?: AbortSignal,
): Promise<PromiseSettledResult<R>[]> {
  const out: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      if (signal?.aborted) {
        out[i] = { status: 'rejected', reason: signal.reason ?? new Error('aborted') };
        continue;
      }
      try {
        out[i] = { status: 'fulfilled', value: await fn(items[i], i) };
      } catch (e) {
        out[i] = { status: 'rejected', reason: e };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

/** Like mapBounded for functions that handle their own errors: the values, or the first rejection thrown. */
export async function mapValues<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const settled = await mapBounded(items, limit, fn);
  return settled.map((s) => {
    if (s.status === 'rejected') throw s.reason;
    return s.value;
  });
}
