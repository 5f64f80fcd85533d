// Packages the extension as dist/iobench-studio.vsix (vsce 3, --no-dependencies: everything is bundled).
// Builds minified bundles into a staging folder (.cache/vsix-stage) so the dist/ bundles that other tests run
// are never rewritten mid-test, then runs vsce there. Usage: node scripts/package.mjs [--out FILE]
import * as esbuild from 'esbuild';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outArg = process.argv.indexOf('--out');
const out = resolve(root, outArg > 0 ? process.argv[outArg + 1] : 'dist/iobench-studio.vsix');
const stage = join(root, '.cache', 'vsix-stage');
const t0 = Date.now();

rmSync(stage, { recursive: true, force: true });
mkdirSync(join(stage, 'dist'), { recursive: true });

// The bundles the extension runs: client (extension host), server (language server over IPC) and cli (runs and
// local agents, started detached under the extension host's Node; it loads proto/iobench.proto next to dist/).
const entries = { client: 'client/extension.ts', server: 'server/main.ts', cli: 'cli/main.ts' };
const missing = ['client', 'server'].filter((k) => !existsSync(join(root, entries[k])));
if (missing.length)
  console.warn(`package: no ${missing.map((k) => entries[k]).join(', ')} yet; packaging without it`);
await Promise.all(
  Object.entries(entries)
    .filter(([, src]) => existsSync(join(root, src)))
    .map(([name, src]) =>
      esbuild.build({
        absWorkingDir: root,
        entryPoints: { [name]: src },
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        outdir: join(stage, 'dist'),
        minify: true,
        sourcemap: false,
        external: ['vscode', 'cpu-features', './crypto/build/Release/sshcrypto.node'],
        logLevel: 'warning',
      }),
    ),
);

// The README's own images travel with it so the extension's details page shows them; its links to docs/ stay
// relative (vsce would otherwise refuse to package without a repository URL to rewrite them against).
const readmeImages = [...readFileSync(join(root, 'README.md'), 'utf8').matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)]
  .map((m) => m[1])
  .filter((p) => !/^[a-z]+:/i.test(p));
for (const f of [
  'README.md',
  'LICENSE',
  'media/icon.png',
  'schemas/iobench.schema.json',
  'proto/iobench.proto',
  '.vscodeignore',
  ...readmeImages,
]) {
  if (!existsSync(join(root, f))) {
    console.warn(`package: ${f} is missing`);
    continue;
  }
  mkdirSync(dirname(join(stage, f)), { recursive: true });
  cpSync(join(root, f), join(stage, f));
}
// The manifest without scripts (vsce would run vscode:prepublish) and without dependencies (all bundled).
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
delete pkg.scripts;
delete pkg.devDependencies;
delete pkg.dependencies;
delete pkg.bin;
writeFileSync(join(stage, 'package.json'), JSON.stringify(pkg, null, 2));

mkdirSync(dirname(out), { recursive: true });
const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
const r = spawnSync(
  process.execPath,
  [
    vsce,
    'package',
    '--no-dependencies',
    '--no-update-package-json',
    '--no-rewrite-relative-links',
    '-o',
    out,
  ],
  {
    cwd: stage,
    stdio: 'inherit',
  },
);
if (r.status !== 0) process.exit(r.status ?? 1);
console.log(`package: ${out} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
