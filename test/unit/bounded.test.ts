// mapBounded: results in input order, never more than `limit` in flight, failures kept per item, and items not
// yet started are skipped once the signal aborts (what deployment uses to stop after the first failed host).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapBounded, mapValues } from '../../controller/bounded';

test('at most `limit` in flight, results in input order, rejections kept', async () => {
  let active = 0;
  let peak = 0;
  const r = await mapBounded([5, 1, 4, 2, 3, 0, 6], 3, async (x) => {
    active++;
    peak = Math.max(peak, active);
    await new Promise((res) => setImmediate(res));
    active--;
    if (x === 4) throw new Error('four');
    return x * 10;
  });
  assert.equal(peak, 3);
  assert.deepEqual(
    r.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message)),
    [50, 10, 'four', 20, 30, 0, 60],
  );
  await assert.rejects(
    mapValues([1, 2], 2, async (x) => (x === 2 ? Promise.reject(new Error('two')) : x)),
    /two/,
  );
});

test('after the signal aborts, items not yet started are rejected without running', async () => {
  const ac = new AbortController();
  const ran: number[] = [];
  const r = await mapBounded(
    [1, 2, 3, 4, 5],
    1,
    async (x) => {
      ran.push(x);
      if (x === 2) ac.abort();
      return x;
    },
    ac.signal,
  );
  assert.deepEqual(ran, [1, 2]);
  assert.deepEqual(
    r.map((s) => s.status),
    ['fulfilled', 'fulfilled', 'rejected', 'rejected', 'rejected'],
  );
});
