// The execute stage's sai3 policies as pure units: io_rate pacing per distribution (on a simulated clock) and
// error_handling's retry delays, back-off and error bound (with an injected random source).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CATCH_UP_MS, workerPacer } from '../../agent/stages/rate-limit';
import { fileSelector } from '../../agent/stages/path-select';
import { ConsumablePool } from '../../agent/stages/pools';
import { ErrorLimitError, ErrorPolicy } from '../../agent/stages/error-policy';
import type { ErrorHandling } from '../../core/config/run-options';
import { extractRunOptions } from '../../core/config/run-options';

/** Start times of `n` ops of one worker whose ops take `opMs(k)` each, on a simulated clock. */
function starts(
  p: NonNullable<ReturnType<typeof workerPacer>>,
  n: number,
  opMs: (k: number) => number = () => 0,
) {
  let now = 0;
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    now += p.delayMs(now);
    out.push(now);
    now += opMs(k);
  }
  return out;
}
const gaps = (xs: number[]) => xs.slice(1).map((x, i) => x - xs[i]);

test('io_rate: the target is divided across workers; unlimited means no pacer', () => {
  assert.equal(workerPacer(undefined, 4, 0), undefined);
  const p = workerPacer({ iops: 400, distribution: 'uniform' }, 4, 0, () => 0)!;
  // 4 workers at 400 ops/s in total: each starts an op every 10 ms
  assert.deepEqual(gaps(starts(p, 5)), [10, 10, 10, 10]);
});

test('io_rate deterministic: the k-th op at start + k × interval, late ops catch up', () => {
  const p = workerPacer({ iops: 100, distribution: 'deterministic' }, 1, 0, () => 0)!;
  // op 2 takes 35 ms: ops 3 and 4 start at once to catch up, then the schedule holds again
  const s = starts(p, 7, (k) => (k === 2 ? 35 : 1));
  assert.deepEqual(s, [0, 10, 20, 55, 56, 57, 60]);
});

test('io_rate uniform: fixed interval; a short stall is made up, a long one is not bursted', () => {
  const p = workerPacer({ iops: 100, distribution: 'uniform' }, 1, 0, () => 0)!;
  // op 1 takes 45 ms: the missed ticks at 20..50 follow at once, then every 10 ms again
  assert.deepEqual(
    starts(p, 8, (k) => (k === 1 ? 45 : 0)),
    [0, 10, 55, 55, 55, 55, 60, 70],
  );
  // op 1 takes 3 s (more than CATCH_UP_MS): the schedule restarts after it instead of 300 ops at once
  const q = workerPacer({ iops: 100, distribution: 'uniform' }, 1, 0, () => 0)!;
  const s = starts(q, 5, (k) => (k === 1 ? 3000 : 0));
  assert.deepEqual(s, [0, 10, 3010, 3020, 3030]);
  assert.ok(CATCH_UP_MS >= 100 && CATCH_UP_MS <= 5000);
});

test('io_rate exponential: gaps average the interval with a coefficient of variation near 1', () => {
  let x = 12345;
  const rnd = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) + 0.5) / 4294967296;
  const p = workerPacer({ iops: 50, distribution: 'exponential' }, 1, 0, rnd)!;
  const g = gaps(starts(p, 20001));
  const mean = g.reduce((a, b) => a + b, 0) / g.length;
  const sd = Math.sqrt(g.reduce((a, b) => a + (b - mean) ** 2, 0) / g.length);
  assert.ok(Math.abs(mean - 20) < 0.6, `mean gap ${mean}`);
  assert.ok(Math.abs(sd / mean - 1) < 0.05, `cv ${sd / mean}`);
});

const policy = (cfg: Partial<ErrorHandling>, sleeps: [string, number][], random = () => 0) =>
  new ErrorPolicy(
    { ...extractRunOptions({}).errorHandling, errorRateThreshold: 1e9, ...cfg },
    {
      deadline: Date.now() + 60_000,
      signal: new AbortController().signal,
      random,
      onSleep: (kind, ms) => sleeps.push([kind, ms]),
    },
  );
const fail = () => Promise.reject(new Error('EIO'));

test('error_handling: retries back off by the multiplier, capped, jittered within ±factor', async () => {
  const sleeps: [string, number][] = [];
  const p = policy(
    {
      retryOnError: true,
      maxRetries: 4,
      initialRetryDelayMs: 1,
      retryBackoffMultiplier: 2,
      maxRetryDelayMs: 4,
      retryJitterFactor: 0.5,
    },
    sleeps,
    () => 1, // the top of the jitter range: × 1.5
  );
  const r = await p.run(fail);
  assert.equal(r.ok, false);
  assert.equal(p.total, 5, 'first attempt + 4 retries');
  assert.deepEqual(sleeps, [
    ['retry', 1.5],
    ['retry', 3],
    ['retry', 4], // 4 × 1.5 capped at max_retry_delay_ms
    ['retry', 4],
  ]);
  // a success after a retry is a success
  let k = 0;
  const ok = await policy({ retryOnError: true, initialRetryDelayMs: 0 }, []).run(() =>
    k++ ? Promise.resolve(7) : fail(),
  );
  assert.deepEqual(ok, { ok: true, value: 7 });
});

test('error_handling: without retry_on_error a failed op is skipped after one attempt', async () => {
  const sleeps: [string, number][] = [];
  const p = policy({ retryOnError: false }, sleeps);
  assert.equal((await p.run(fail)).ok, false);
  assert.equal(p.total, 1);
  assert.deepEqual(sleeps, []);
});

test('error_handling: the error at max_total_errors stops the stage; the rate threshold backs off', async () => {
  const p = policy({ maxTotalErrors: 3 }, []);
  await p.run(fail);
  await p.run(fail);
  await assert.rejects(
    p.run(fail),
    (e) => e instanceof ErrorLimitError && /3 total errors exceeded threshold of 3/.test(e.message),
  );
  const sleeps: [string, number][] = [];
  const q = policy({ errorRateThreshold: 2, errorRateWindowS: 60, backoffMs: 1 }, sleeps);
  await q.run(fail);
  assert.deepEqual(sleeps, [], '1 error/min is under 2 errors/s');
  const r = policy({ errorRateThreshold: 2, errorRateWindowS: 1, backoffMs: 1 }, sleeps);
  await r.run(fail);
  await r.run(fail);
  assert.deepEqual(sleeps, [['backoff', 1]], 'the second error in 1 s reaches 2 errors/s');
});

test('run options: sai3 defaults, iops 0 / max mean unlimited', () => {
  const d = extractRunOptions({});
  assert.equal(d.ioRate, undefined);
  assert.equal(d.errorHandling.maxTotalErrors, 100);
  assert.equal(d.errorHandling.backoffMs, 5000);
  assert.equal(d.warmupMs, 0);
  assert.equal(extractRunOptions({ io_rate: { iops: 'max' } }).ioRate, undefined);
  assert.equal(extractRunOptions({ io_rate: { iops: 0 } }).ioRate, undefined);
  assert.deepEqual(extractRunOptions({ io_rate: { iops: '250' } }).ioRate, {
    iops: 250,
    distribution: 'exponential',
  });
  assert.equal(extractRunOptions({ warmup_period: '1m 30s' }).warmupMs, 90_000);
});

test('path_selection: own partition share per strategy; files stay inside directories with files', () => {
  let x = 99;
  const rnd = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) + 0.5) / 4294967296;
  // width 3, depth 2, bottom: 3 + 9 directories, files in the 9 leaves (breadth-first 3..11), 4 files each
  const tree = {
    width: 3,
    depth: 2,
    filesPerDir: 4,
    distribution: 'bottom' as const,
    dirMask: 'd%d_w%d.dir',
  };
  const own = (file: number) => (3 + Math.floor(file / 4)) % 3 === 1; // agent 1 of 3
  const share = (sel: string, overlap?: number) => {
    const pick = fileSelector(tree, sel, { index: 1, count: 3 }, overlap, rnd);
    let mine = 0;
    for (let k = 0; k < 30000; k++) {
      const f = pick();
      assert.ok(f >= 0 && f < 36);
      if (own(f)) mine++;
    }
    return mine / 30000;
  };
  assert.ok(Math.abs(share('random') - 1 / 3) < 0.02);
  assert.equal(share('exclusive'), 1);
  assert.ok(Math.abs(share('partitioned') - (0.7 + 0.3 / 3)) < 0.02);
  assert.ok(Math.abs(share('weighted', 0.25) - 0.75) < 0.02);
});

test('delete pool: every index of the agent share exactly once, scrambled, no memory per object', () => {
  for (const [total, share] of [
    [0, undefined],
    [1, undefined],
    [1000, undefined],
    [997, { index: 2, count: 3 }],
    [10, { index: 12, count: 16 }],
  ] as const) {
    const p = new ConsumablePool(total, share);
    const got: number[] = [];
    for (let i = p.take(); i !== undefined; i = p.take()) got.push(i);
    const want: number[] = [];
    for (let i = share?.index ?? 0; i < total; i += share?.count ?? 1) want.push(i);
    assert.deepEqual(
      [...got].sort((a, b) => a - b),
      want,
      `${total} ${JSON.stringify(share)}`,
    );
    if (want.length > 10) assert.notDeepEqual(got, want, 'not in index order');
    assert.equal(p.size, 0);
  }
});
