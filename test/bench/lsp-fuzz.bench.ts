// The long fuzz run: 3,000 seeded mutants of the sai3 fixtures through every request (the test suite runs 300).
// Run: node scripts/bench.mjs lsp-fuzz   (LSP_FUZZ_COUNT / LSP_FUZZ_SEED to change)
import { inProcess } from '../lsp/harness';
import { fuzz } from '../lsp/fuzz';

const COUNT = Number(process.env.LSP_FUZZ_COUNT ?? 3000);
const SEED = Number(process.env.LSP_FUZZ_SEED ?? 1);

async function main() {
  process.removeAllListeners('warning'); // yaml's "keys with collection values" warnings on mangled input
  const { client } = inProcess();
  await client.initialize();
  const t0 = performance.now();
  let peakHeap = 0;
  const stats = await fuzz(client, SEED, COUNT, (i) => {
    if (i % 100 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  });
  const secs = (performance.now() - t0) / 1000;
  const failures = client.logs.filter((l) => /failed:/.test(l));
  console.log(
    `lsp fuzz: seed ${SEED}, ${stats.mutants} mutants, ${stats.requests} requests in ${secs.toFixed(1)} s; ` +
      `slowest answer ${stats.slowestMs.toFixed(0)} ms (${stats.slowest}); peak heap ${(peakHeap / 2 ** 20).toFixed(0)} MB; ` +
      `handler failures ${failures.length}`,
  );
  if (failures.length) console.log(failures.slice(0, 5).join('\n'));
  await client.shutdown();
  process.exit(failures.length || stats.slowestMs > 3000 ? 1 : 0);
}
void main();
