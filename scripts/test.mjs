// Runs every test file with node's built-in runner (Node 20 has no --test globs, so we list them).
// Usage: node scripts/test.mjs [unit|lsp|integration|e2e ...]   (default: all suites)
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

// Bundles first: integration and e2e tests start the real `iobench` processes from dist/.
const b = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (b.status !== 0) process.exit(b.status ?? 1);
const suites = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const chosen = suites.length ? suites : ['unit', 'lsp', 'integration', 'e2e'];
const files = [];
const walk = (dir) => {
  let names = [];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names.sort()) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.test\.ts$/.test(n)) files.push(p);
  }
};
for (const s of chosen) walk(join('test', s));
if (!files.length) {
  console.error('no test files found');
  process.exit(1);
}
const r = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=2',
    '--test-timeout=300000',
    '--test-force-exit',
    '--test-reporter=spec',
    ...files,
  ],
  { stdio: 'inherit', env: { ...process.env, IOBENCH_TEST: '1' } },
);
process.exit(r.status ?? 1);
