// Edit → published diagnostics (then inlay hints) on the 4-host FULL config: our server (`iobench lsp --stdio`,
// the built bundle) beside yaml-language-server 1.19.2 configured with our schema, same file, same edits, one
// run, interleaved. Plus our in-process compute per edit (analysis + diagnostics + hints, no transport).
// Run: node scripts/bench.mjs lsp   (writes nothing; copy the figures into BENCHMARKS.md)
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FULL, ROOT, spawned, type TestClient } from '../lsp/harness';
import { AnalysisCache } from '../../server/analysis';
import { toLspDiagnostics } from '../../server/features/diagnostics';
import { inlayHints } from '../../server/features/inlay-hints';
import { cloneDefaults } from '../../server/settings';

const EDITS = Number(process.env.LSP_BENCH_EDITS ?? 200);
const WARMUP = 20;
const TEXT = readFileSync(FULL, 'utf8');
const SCHEMA_URI = pathToFileURL(join(ROOT, 'schemas', 'iobench.schema.json')).toString();
const ALL = { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } };
const at = TEXT.indexOf('files_per_dir: 193') + 'files_per_dir: '.length;
const line = TEXT.slice(0, at).split('\n').length - 1;
const character = at - (TEXT.lastIndexOf('\n', at - 1) + 1);
const editRange = { start: { line, character }, end: { line, character: character + 3 } };

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median: q(0.5), p95: q(0.95), min: s[0], max: s[s.length - 1] };
};
const fmt = (x: number) => x.toFixed(x < 10 ? 2 : 1);

interface Side {
  name: string;
  client: TestClient;
  uri: string;
  hints: boolean;
  diag: number[];
  withHints: number[];
  version: number;
}

async function start(name: string, bin: string[], hints: boolean): Promise<Side> {
  const { client } = spawned(bin);
  const uri = pathToFileURL(join('/tmp/iobench-lsp-bench', `${name}.yaml`)).toString();
  if (name === 'yaml-language-server') {
    const yaml = {
      schemas: { [SCHEMA_URI]: '*.yaml' },
      validate: true,
      hover: true,
      completion: true,
      schemaStore: { enable: false },
    };
    client.conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
      p.items.map((i) => (i.section === 'yaml' ? yaml : i.section === 'editor' ? { tabSize: 2 } : {})),
    );
    await client.initialize();
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: { yaml } });
  } else await client.initialize();
  const from = client.published.length;
  await client.open(uri, TEXT, 1);
  await client.diagnostics(uri, () => true, from);
  return { name, client, uri, hints, diag: [], withHints: [], version: 1 };
}

async function edit(side: Side, i: number, record: boolean): Promise<void> {
  const { client, uri } = side;
  const from = client.published.length;
  const t0 = performance.now();
  const v = await client.change(uri, editRange, i % 2 ? '194' : '193');
  // ours carries the version; yaml-language-server publishes without one: take its next publication
  await client.diagnostics(uri, (p) => p.version === undefined || p.version === v, from);
  const t1 = performance.now();
  if (side.hints) await client.request('textDocument/inlayHint', { textDocument: { uri }, range: ALL });
  const t2 = performance.now();
  if (record) {
    side.diag.push(t1 - t0);
    side.withHints.push(t2 - t0);
  }
}

function computePerEdit(n: number) {
  const settings = cloneDefaults();
  const cache = new AnalysisCache(() => settings);
  const uri = 'file:///tmp/iobench-lsp-bench/compute.iobench.yaml';
  const times: number[] = [];
  for (let i = 0; i < n + WARMUP; i++) {
    const doc = TextDocument.create(
      uri,
      'yaml',
      i + 2,
      TEXT.slice(0, at) + (i % 2 ? '194' : '193') + TEXT.slice(at + 3),
    );
    const t0 = performance.now();
    const a = cache.get(doc);
    toLspDiagnostics(a);
    inlayHints(a, settings);
    if (i >= WARMUP) times.push(performance.now() - t0);
  }
  return stats(times);
}

async function main() {
  const compute = computePerEdit(EDITS * 2);
  const ours = await start('iobench', ['bin/iobench.js', 'lsp', '--stdio'], true);
  const yls = await start(
    'yaml-language-server',
    ['node_modules/yaml-language-server/bin/yaml-language-server', '--stdio'],
    false,
  );
  for (let i = 0; i < WARMUP + EDITS; i++) {
    await edit(ours, i, i >= WARMUP);
    await edit(yls, i, i >= WARMUP);
  }
  const o = stats(ours.diag);
  const oh = stats(ours.withHints);
  const y = stats(yls.diag);
  console.log(
    `4-host FULL config, ${EDITS} edits each (after ${WARMUP} warm-up), interleaved, Node ${process.version}`,
  );
  console.log(
    `our compute per edit (analysis + diagnostics + hints, in-process): median ${fmt(compute.median)} ms, p95 ${fmt(compute.p95)} ms`,
  );
  console.log('| server | edit → diagnostics median | p95 | edit → diagnostics + hints median | p95 |');
  console.log('|---|---:|---:|---:|---:|');
  console.log(
    `| iobench lsp --stdio (debounce 50 ms) | ${fmt(o.median)} ms | ${fmt(o.p95)} ms | ${fmt(oh.median)} ms | ${fmt(oh.p95)} ms |`,
  );
  console.log(
    `| yaml-language-server 1.19.2 + our schema | ${fmt(y.median)} ms | ${fmt(y.p95)} ms | — (no hints) | — |`,
  );
  console.log(
    `ratio (median): ${(y.median / o.median).toFixed(1)}× sooner; p95: ${(y.p95 / o.p95).toFixed(1)}×`,
  );
  await ours.client.shutdown();
  await yls.client.shutdown();
  const ok = y.median / o.median >= 4 && compute.median < 5;
  if (!ok) console.log('GOAL MISSED: want ≥ 4× sooner and < 5 ms compute');
  process.exit(0);
}
void main();
