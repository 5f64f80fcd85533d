// `npm run bench`: runs every benchmark in test/bench (each prints its figures beside its baseline).
// Usage: node scripts/bench.mjs [name-filter]
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const b = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (b.status !== 0) process.exit(b.status ?? 1);
const filter = process.argv[2] ?? '';
const files = readdirSync('test/bench')
  .filter((f) => /\.bench\.ts$/.test(f) && f.includes(filter))
  .sort();
let failed = 0;
for (const f of files) {
  console.log(`\n=== ${f}`);
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', `test/bench/${f}`], {
    stdio: 'inherit',
  });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
