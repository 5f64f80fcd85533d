// `iobench estimate FILE [--json] [--calibration PATH]`: what the config creates at every depth, per agent,
// and how long the tree and prepare take, each with a range. The rates come from PATH (a calibration file, a
// run or ladder folder, a history), else from the history in the default results root, else the default
// model — the output says which. `--json` prints DESIGN.md's object (plus its optional ranges) and nothing else.
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadCalibrationSource, readHistory, type CalibrationSource } from '../../controller';
import {
  chooseFromHistory,
  estimate,
  estimateToJson,
  formatPredicted,
  targetOf,
  type Estimate,
} from '../../core/estimate';
import type { BenchModel } from '../../core/model';
import { objectRequests } from '../../core/object-store';
import { formatBytes, formatBytesBinary, formatCount } from '../../core/units';
import { fail, loadOrExit, table } from '../format';

const bytes = (b: bigint) => {
  const [dec, bin] = [formatBytes(b), formatBytesBinary(b)];
  return dec === bin ? dec : `${dec} (${bin})`; // past the unit tables both are the same power of ten
};

/** Where the results of runs go by default (the history lives there). */
export const defaultResultsRoot = () => resolve(process.env.IOBENCH_RESULTS_DIR ?? 'iobench-results');

/** `--calibration PATH`, or the default results root's history for this config's target and agents. */
export function calibrationFor(model: BenchModel, path?: string): CalibrationSource {
  const want = {
    target: targetOf(model),
    agents: estimate(model).perAgent.map((a) => a.id),
    concurrency: model.concurrency,
  };
  if (path) {
    if (!existsSync(path)) fail(`${path}: error: cannot read: no such file or folder`);
    try {
      return loadCalibrationSource(path, want);
    } catch (e) {
      return fail(`${path}: error: ${(e as Error).message}`);
    }
  }
  const c = chooseFromHistory(readHistory(defaultResultsRoot()), want);
  return c
    ? { timeModel: { agents: c.terms, source: c.source, noise: c.noise }, note: c.source }
    : { note: 'default model' };
}

export function renderEstimate(file: string, e: Estimate, model?: BenchModel): string {
  const out: string[] = [];
  const t = e.tree;
  out.push(
    t
      ? `${file}: tree width ${t.width} · depth ${t.depth} · ${t.filesPerDir} files/dir · ${t.distribution} · ${t.dirMask}`
      : `${file}: no directory tree (flat objects)`,
  );
  out.push('');
  if (e.levels.length) {
    const rows = [['depth', 'leaf dirs', 'total dirs', 'files', 'bytes', 'tree', 'prepare']];
    for (const l of e.levels)
      rows.push([
        String(l.depth) + (l.depth === t?.depth ? ' *' : ''),
        formatCount(l.leafDirs),
        formatCount(l.totalDirs),
        formatCount(l.files),
        bytes(l.bytes),
        formatPredicted(l.treeSeconds, l.treeRange),
        formatPredicted(l.prepareSeconds, l.prepareRange),
      ]);
    out.push(
      table(rows),
      '(* = configured depth; times are the slowest agent, agents run in parallel; (low–high) = 90 % range)',
      '',
    );
  } else {
    out.push(
      `files ${formatCount(e.total.files)} · ${bytes(e.total.bytes)} · prepare ≈ ${formatPredicted(e.total.prepareSeconds, e.total.prepareRange)}`,
      '',
    );
  }
  const split = e.splitMode === 'all' ? 'every agent writes every file' : 'file i → agent i mod N';
  const rows = [
    ['agent', 'dirs owned', 'files', 'bytes', 'tree', 'prepare', 'rates (mkdir/s, creates/s, B/s)'],
  ];
  for (const a of e.perAgent)
    rows.push([
      a.id,
      formatCount(a.dirs),
      formatCount(a.files),
      bytes(a.bytes),
      formatPredicted(a.treeSeconds, a.treeRange),
      formatPredicted(a.prepareSeconds, a.prepareRange),
      `${formatCount(a.rates.mkdirPerSec)}, ${formatCount(a.rates.createsPerSec)}, ${formatBytes(a.rates.bytesPerSec)}/s`,
    ]);
  const source = e.ratesSource.startsWith('rates:') ? e.ratesSource : `rates: ${e.ratesSource}`;
  out.push(`per agent (${split}):`, table(rows, [0, 6]), '', source);
  const req = model && objectRequests(model, e);
  if (req)
    out.push(
      '',
      `object store: no directories are created (no tree time); prepare ≈ ${formatCount(req.puts)} PUT + ${formatCount(req.lists)} LIST requests, cleanup ≈ ${formatCount(req.deletes)} DeleteObjects (creates/s = PUTs/s)`,
    );
  if (e.warnings.length) out.push('', ...e.warnings.map((w) => `warning: ${w}`));
  return out.join('\n') + '\n';
}

export function register(program: Command): void {
  program
    .command('estimate')
    .description('directories, files, bytes, tree and prepare time at every depth, per agent')
    .argument('<file>', 'sai3-bench YAML config')
    .option('--json', 'print the estimate as one JSON object (the DESIGN.md contract)')
    .option(
      '--calibration <path>',
      'measured rates: a calibration.json, a run or ladder results folder, or a calibration history',
    )
    .action((file: string, opts: { json?: boolean; calibration?: string }) => {
      const { model } = loadOrExit(file);
      const src = calibrationFor(model, opts.calibration);
      const e = estimate(model, { calibration: src.calibration, timeModel: src.timeModel });
      if (src.calibration || src.timeModel) e.ratesSource = src.note;
      process.stdout.write(
        opts.json ? `${JSON.stringify(estimateToJson(e), null, 2)}\n` : renderEstimate(file, e, model),
      );
    });
}
