// `iobench tree FILE [--agent I/N] [--files] [--limit K]`: one path per line relative to the base, directories
// in creation order (or every file in index order). Streams with backpressure; `| head` ends it quietly.
import type { Command } from 'commander';
import { iterDirs, iterFiles, type AgentFilter } from '../../core/tree';
import { fail, loadOrExit, streamLines } from '../format';

export function parseAgent(spec: string): AgentFilter {
  const m = /^(\d+)\/(\d+)$/.exec(spec.trim());
  if (!m) return fail(`--agent: expected I/N (0-based agent index / number of agents), got '${spec}'`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index >= count)
    return fail(`--agent ${spec}: the index is 0-based and must be below N (0..${Math.max(0, count - 1)})`);
  return { index, count };
}

function parseLimit(s: string): number {
  if (!/^\d+$/.test(s)) return fail(`--limit: expected a whole number, got '${s}'`);
  return Number(s);
}

function* paths<T extends { path: string }>(it: Iterable<T>): Generator<string> {
  for (const x of it) yield x.path;
}

export function register(program: Command): void {
  program
    .command('tree')
    .description("the tree's paths in creation order (or every file in index order), relative to the base")
    .argument('<file>', 'sai3-bench YAML config with prepare.directory_structure')
    .option(
      '--agent <I/N>',
      'only what agent I of N owns (0-based I): directory j or file i with j|i mod N = I',
    )
    .option('--files', 'list files (file_%08d.dat) in index order instead of directories')
    .option('--limit <K>', 'stop after K lines', parseLimit)
    .action(async (file: string, opts: { agent?: string; files?: boolean; limit?: number }) => {
      const { model } = loadOrExit(file);
      const tree = model.prepare?.tree;
      if (!tree)
        return fail(`${file}: error: no prepare.directory_structure (width and depth) in this config`);
      const agent = opts.agent ? parseAgent(opts.agent) : undefined;
      const it = opts.files ? paths(iterFiles(tree, { agent })) : paths(iterDirs(tree, { agent }));
      await streamLines(it, { limit: opts.limit });
    });
}
