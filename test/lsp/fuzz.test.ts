// Bad input: 300 seeded mutants of the sai3 fixtures (deleted lines, broken indentation, random bytes, huge
// numbers, deep nesting, alias bombs, merge chaos, 0.25 and 5.2 MB documents) → every request answered, within a
// bound, no crash, bounded memory. The longer run is test/bench/lsp-fuzz.bench.ts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inProcess } from './harness';
import { fuzz } from './fuzz';

describe('fuzz', () => {
  it(
    '300 mutants: no crash, no hang, every answer within 3 s, memory bounded',
    { timeout: 60_000 },
    async () => {
      process.removeAllListeners('warning'); // yaml warns about collection keys on mangled input; noise here
      const { client } = inProcess();
      await client.initialize();
      const t0 = performance.now();
      const stats = await fuzz(client, 20261129, 300);
      const total = performance.now() - t0;
      assert.equal(stats.mutants, 300);
      assert.equal(stats.requests, 300 * 9);
      assert.ok(stats.slowestMs < 3000, `slowest ${stats.slowest}: ${stats.slowestMs.toFixed(0)} ms`);
      assert.ok(!client.logs.some((l) => /failed:/.test(l)), client.logs.filter((l) => /failed:/.test(l))[0]);
      global.gc?.();
      const heapMb = process.memoryUsage().heapUsed / 2 ** 20;
      assert.ok(heapMb < 600, `heap ${heapMb.toFixed(0)} MB`);
      // the server still answers normally afterwards
      const diags = await client.openAndWait(
        'file:///tmp/after-fuzz.iobench.yaml',
        'duraton: 5m\nworkload: []\n',
      );
      assert.ok(diags.some((d) => d.code === 'unknown-key'));
      await client.shutdown();
      console.log(
        `fuzz: ${stats.mutants} mutants, ${stats.requests} requests in ${(total / 1000).toFixed(1)} s; slowest ${stats.slowest} ${stats.slowestMs.toFixed(0)} ms`,
      );
    },
  );
});
