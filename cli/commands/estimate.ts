// `iobench estimate FILE [--json] [--calibration F]`: what the config creates at every depth, per agent, and
// how long the tree and prepare take. `--json` prints exactly DESIGN.md's object and nothing else.
import type { Command } from 'commander';
import {
  estimate,
  estimateToJson,
  parseCalibration,
  type Calibration,
  type Estimate,
} from '../../core/estimate';
import type { BenchModel } from '../../core/model';
import { objectRequests } from '../../core/object-store';
import { formatBytes, formatBytesBinary, formatCount, formatSeconds } from '../../core/units';
import { fail, loadOrExit, readText, table } from '../format';

const bytes = (b: bigint) => {
  const [dec, bin] = [formatBytes(b), formatBytesBinary(b)];
  return dec === bin ? dec : `${dec} (${bin})`; // past the unit tables both are the same power of ten
};

function loadCalibration(file: string): Calibration {
  const r = parseCalibration(readText(file));
  return r.ok ? r.value : fail(`${file}: error: ${r.error}`);
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
        formatSeconds(l.treeSeconds),
        formatSeconds(l.prepareSeconds),
      ]);
    out.push(table(rows), '(* = configured depth; times are the slowest agent, agents run in parallel)', '');
  } else {
    out.push(
      `files ${formatCount(e.total.files)} · ${bytes(e.total.bytes)} · prepare ${formatSeconds(e.total.prepareSeconds)}`,
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
      formatSeconds(a.treeSeconds),
      formatSeconds(a.prepareSeconds),
      `${formatCount(a.rates.mkdirPerSec)}, ${formatCount(a.rates.createsPerSec)}, ${formatBytes(a.rates.bytesPerSec)}/s`,
    ]);
  out.push(`per agent (${split}):`, table(rows, [0, 6]));
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
    .option('--calibration <file>', 'measured rates per agent (JSON written by pre-flight or a finished run)')
    .action((file: string, opts: { json?: boolean; calibration?: string }) => {
      const { model } = loadOrExit(file);
      const calibration = opts.calibration ? loadCalibration(opts.calibration) : undefined;
      const e = estimate(model, { calibration });
      process.stdout.write(
        opts.json ? `${JSON.stringify(estimateToJson(e), null, 2)}\n` : renderEstimate(file, e, model),
      );
    });
}
