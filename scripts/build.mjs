// One esbuild bundle per entry (DESIGN.md): client, server, agent, cli. `vscode` stays external.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const entries = {
  client: 'client/extension.ts',
  server: 'server/main.ts',
  agent: 'agent/main.ts',
  cli: 'cli/main.ts',
  // the agent's config-parse worker thread (agent/parse-config.ts), loaded from beside the bundles
  'parse-worker': 'agent/parse-worker-main.ts',
};
const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');
const builds = Object.entries(entries)
  .filter(([, src]) => existsSync(src))
  .map(([name, src]) => ({
    entryPoints: { [name]: src },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outdir: 'dist',
    sourcemap: true,
    minify,
    external: ['vscode', 'cpu-features', './crypto/build/Release/sshcrypto.node'],
    logLevel: 'warning',
  }));
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
