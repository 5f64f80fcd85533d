// Words and tables for estimates: inlay-hint labels, the CodeLens summary and the per-depth markdown table.
import type { BenchModel } from '../core/model';
import { estimate, formatPredicted, type Estimate, type TimeModelInput } from '../core/estimate';
import type { RateModel } from '../core/estimate';
import { formatBytes, formatCount, formatCountShort } from '../core/units';
import type { HintVerbosity } from '../core/lsp-contract';
import { objectRequests, targetsObjectStore } from '../core/object-store';

const count = (n: bigint, v: HintVerbosity) => (v === 'short' ? formatCountShort(n) : formatCount(n));

/** `▸ 331,776 leaf · 346,200 dirs · 64,032,768 files · 537 TB · tree ≈ 69 s (23–207)` */
export function treeSummary(e: Estimate, v: HintVerbosity, model?: BenchModel): string {
  const t = e.total;
  const parts = [
    `${count(t.leafDirs, v)} leaf`,
    `${count(t.dirs, v)} dirs`,
    `${count(t.files, v)} files`,
    formatBytes(t.bytes),
  ];
  // Object stores have no directories: the keys carry the path, so there is no tree time to show.
  if (v === 'full')
    parts.push(
      model && targetsObjectStore(model)
        ? 'no mkdir (object store)'
        : `tree ≈ ${formatPredicted(t.treeSeconds, t.treeRange)}`,
    );
  return `▸ ${parts.join(' · ')}`;
}

/** `537 TB · 64M files · 4 agents` */
export function lensSummary(e: Estimate, model: BenchModel): string {
  const agents = model.distributed?.agents.length ?? 0;
  const who = agents ? `${agents} agent${agents === 1 ? '' : 's'}` : 'local';
  return `${formatBytes(e.total.bytes)} · ${formatCountShort(e.total.files)} files · ${who}`;
}

function ratesLine(r: RateModel): string {
  return `${formatCount(r.mkdirPerSec)} mkdir/s · ${formatCount(r.createsPerSec)} creates/s · ${formatBytes(r.bytesPerSec)}/s`;
}

/**
 * VS Code's hover draws table cells with almost no padding, so right-aligned columns run into each other
 * ("leaf dirstotal dirs"). GAP goes before every cell after the first: no-break spaces (literal characters,
 * not `&nbsp;`, which other LSP clients show raw) behind a word joiner, so the renderer's trimming of cell
 * text keeps them and no line break can fall inside the gap.
 */
const GAP = '\u2060\u00a0\u00a0\u00a0';

/** A markdown table header row. */
function header(cols: string[]): string {
  return `| ${cols.map((c, i) => (i ? GAP + c : c)).join(' | ')} |`;
}

/**
 * A table row with the same gap before each later cell; values keep their inner spaces unbroken ("38.9 GB",
 * "12 d 10 h" never wrap inside a cell).
 */
function row(cells: (string | number)[]): string {
  return `| ${cells.map((c, i) => (i ? GAP : '') + String(c).replace(/ /g, '\u00a0')).join(' | ')} |`;
}

/** Per-agent figures of the same model at `depth` (closed-form estimate, microseconds). */
function atDepth(
  model: BenchModel,
  depth: number,
  rates: Partial<RateModel>,
  timeModel?: TimeModelInput,
): Estimate | undefined {
  const tree = model.prepare?.tree;
  if (!tree || !model.prepare) return undefined;
  return estimate(
    { ...model, prepare: { ...model.prepare, tree: { ...tree, depth } } },
    { rates, ...(timeModel ? { timeModel } : {}) },
  );
}

/** The ladder table: one row per depth 1..depth, cluster-wide and per agent, then the rate model. */
export function estimateTable(
  e: Estimate,
  model: BenchModel,
  rates: Partial<RateModel>,
  timeModel?: TimeModelInput,
): string {
  const out: string[] = [];
  const agents = e.perAgent.length;
  if (e.tree) {
    const t = e.tree;
    out.push(
      `**Directory tree** — width ${t.width}, depth ${t.depth}, ${formatCount(t.filesPerDir)} files per dir (${t.distribution}), ${agents} agent${agents === 1 ? '' : 's'}`,
      '',
      header([
        'depth',
        'leaf dirs',
        'total dirs',
        'files',
        'bytes',
        'files / agent',
        'bytes / agent',
        'tree time',
        'prepare time',
      ]),
      '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const l of e.levels) {
      const pa = l.depth === e.tree.depth ? e : atDepth(model, l.depth, rates, timeModel);
      const maxFiles = pa?.perAgent.reduce((m, a) => (a.files > m ? a.files : m), 0n) ?? 0n;
      const maxBytes = pa?.perAgent.reduce((m, a) => (a.bytes > m ? a.bytes : m), 0n) ?? 0n;
      out.push(
        row([
          l.depth,
          formatCount(l.leafDirs),
          formatCount(l.totalDirs),
          formatCount(l.files),
          formatBytes(l.bytes),
          formatCount(maxFiles),
          formatBytes(maxBytes),
          formatPredicted(l.treeSeconds, l.treeRange),
          formatPredicted(l.prepareSeconds, l.prepareRange),
        ]),
      );
    }
  } else {
    out.push(
      `**Prepare** — ${formatCount(e.total.files)} objects, ${formatBytes(e.total.bytes)}, ≈ ${formatPredicted(e.total.prepareSeconds, e.total.prepareRange)}`,
    );
  }
  out.push(
    '',
    header(['agent', 'dirs owned', 'files', 'bytes', 'tree time', 'prepare time']),
    '|---|---:|---:|---:|---:|---:|',
  );
  for (const a of e.perAgent.slice(0, 64))
    out.push(
      row([
        a.id,
        formatCount(a.dirs),
        formatCount(a.files),
        formatBytes(a.bytes),
        formatPredicted(a.treeSeconds, a.treeRange),
        formatPredicted(a.prepareSeconds, a.prepareRange),
      ]),
    );
  out.push(
    row([
      '**cluster**',
      formatCount(e.total.dirs),
      formatCount(e.total.files),
      formatBytes(e.total.bytes),
      formatPredicted(e.total.treeSeconds, e.total.treeRange),
      formatPredicted(e.total.prepareSeconds, e.total.prepareRange),
    ]),
  );
  const r = e.perAgent[0]?.rates;
  if (r)
    out.push(
      '',
      `Rate model per agent: ${ratesLine(r)}${Object.keys(rates).length ? ' (from `iobench.rates.*`)' : ' (built-in defaults; pre-flight measures the real ones)'}.`,
    );
  const req = objectRequests(model, e);
  if (req)
    out.push(
      '',
      `Object store: keys carry the directory path, so no directory is created (no tree time). Prepare sends ≈ ${formatCount(req.puts)} PUT and ${formatCount(req.lists)} LIST requests (skip-existing), cleanup ≈ ${formatCount(req.deletes)} DeleteObjects; the creates/s rate is PUTs per second (pre-flight measures it).`,
    );
  out.push('', `Times: ${e.ratesSource}; (low–high) is a 90 % range (docs/time-model.md).`);
  for (const w of e.warnings) out.push('', `⚠ ${w}`);
  return out.join('\n');
}
