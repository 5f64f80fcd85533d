// `iobench ladder FILE [--out-dir D] [--depths 2,3,4]`: writes NAME.SIMPLE.yaml, NAME.MEDIUM.yaml and
// NAME.FULL.yaml — the same config at growing depths, counts adjusted, comments and layout untouched.
import type { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ladder } from '../../core/ladder';
import { formatCount } from '../../core/units';
import { fail, loadOrExit, table } from '../format';

function parseDepths(s: string): number[] {
  const parts = s.split(',').map((p) => p.trim());
  if (!parts.every((p) => /^\d+$/.test(p) && Number(p) >= 1))
    return fail(`--depths: expected whole numbers ≥ 1 separated by commas, e.g. 2,3,4; got '${s}'`);
  return parts.map(Number);
}

export function register(program: Command): void {
  program
    .command('ladder')
    .description('writes NAME.SIMPLE.yaml, NAME.MEDIUM.yaml, NAME.FULL.yaml (depth-2, depth-1, depth)')
    .argument('<file>', 'sai3-bench YAML config with prepare.directory_structure')
    .option('--out-dir <dir>', "where to write (default: the config's folder)")
    .option('--depths <list>', 'depths to write, e.g. 2,3,4 (up to three)', parseDepths)
    .action((file: string, opts: { outDir?: string; depths?: number[] }) => {
      const { loaded } = loadOrExit(file);
      const r = ladder(loaded.text, { depths: opts.depths });
      if (!r.ok) return fail(`${file}: error: ${r.error}`);
      const outDir = opts.outDir ?? dirname(file);
      const name = basename(file).replace(/\.ya?ml$/i, '');
      try {
        mkdirSync(outDir, { recursive: true });
      } catch (e) {
        return fail(`${outDir}: error: cannot create: ${(e as Error).message}`);
      }
      const rows = [['file', 'depth', 'dirs', 'files']];
      for (const s of r.steps) {
        const path = join(outDir, `${name}.${s.name}.yaml`);
        try {
          writeFileSync(path, s.text);
        } catch (e) {
          return fail(`${path}: error: cannot write: ${(e as Error).message}`);
        }
        rows.push([path, String(s.depth), formatCount(s.dirs), formatCount(s.files)]);
      }
      process.stdout.write(`${table(rows)}\n`);
    });
}
