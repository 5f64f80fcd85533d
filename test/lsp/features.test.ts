// Hints, hover, CodeLens, completion, code actions, symbols, folding and iobench/estimate over real JSON-RPC
// (in-process duplex pair), on the 4-host FULL fixture and small inline configs.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type {
  CodeAction,
  CodeLens,
  CompletionItem,
  Diagnostic,
  DocumentSymbol,
  FoldingRange,
  Hover,
  InlayHint,
  Position,
  TextEdit,
} from 'vscode-languageserver';
import { loadConfig } from '../../core/config';
import { COMMANDS, REQUESTS } from '../../core/lsp-contract';
import { applyEdits, FULL, inProcess, plainTable, posOf, rangeOf, uriOf, type TestClient } from './harness';

const FULL_TEXT = readFileSync(FULL, 'utf8');
const ALL = { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } };
const label = (h: InlayHint) =>
  typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('');
/** What a snippet inserts when the user accepts every default. */
const expandSnippet = (s: string) =>
  s
    .replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '')
    .replace(/\\([$}\\])/g, '$1');

describe('features on the 4-host FULL config', () => {
  let client: TestClient;
  const uri = uriOf('4host.iobench.yaml');
  before(async () => {
    client = inProcess().client;
    await client.initialize();
    await client.openAndWait(uri, FULL_TEXT);
  });
  after(() => client.shutdown());

  it('inlay hints carry the exact tree figures, after the value', async () => {
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', {
      textDocument: { uri },
      range: ALL,
    });
    const depth = hints.find((h) => h.position.line === posOf(FULL_TEXT, 'depth: 4').line)!;
    assert.ok(depth, 'hint on depth');
    assert.equal(depth.position.character, posOf(FULL_TEXT, 'depth: 4', 8).character);
    for (const n of ['331,776', '346,200', '64,032,768', '537 TB'])
      assert.ok(label(depth).includes(n), label(depth));
    // the worked example: 346,200 dirs at the default 5,000 mkdir/s
    // …with its range (the default model is a guess: ×/÷3), issue 9
    assert.match(
      label(depth),
      /^▸ 331,776 leaf · 346,200 dirs · 64,032,768 files · 537 TB · tree ≈ 69 s \(23–208\)/,
    );
    assert.equal(typeof depth.tooltip === 'object' && depth.tooltip.kind, 'markdown');
    const width = hints.find((h) => h.position.line === posOf(FULL_TEXT, 'width: 24').line)!;
    assert.ok(label(width).includes('331,776'));
    const fpd = hints.find((h) => h.position.line === posOf(FULL_TEXT, 'files_per_dir: 193').line)!;
    assert.ok(label(fpd).includes('64,032,768'));
    const count = hints.find((h) => h.position.line === posOf(FULL_TEXT, 'count: 64032768').line)!;
    assert.match(label(count), /tree total/);
    const size = hints.find((h) => h.position.line === posOf(FULL_TEXT, 'size_distribution:').line)!;
    assert.match(label(size), /mean ≈ 8/);
    assert.equal(size.position.character, posOf(FULL_TEXT, 'size_distribution:', 18).character);
    // only hints inside the requested range
    const some = await client.request<InlayHint[]>('textDocument/inlayHint', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: posOf(FULL_TEXT, '\nprepare:', 1) },
    });
    assert.equal(some.length, 0);
  });

  it('hover on directory_structure shows the per-depth table with the exact numbers', async () => {
    const h = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri },
      position: posOf(FULL_TEXT, 'directory_structure', 3),
    });
    const raw = (h.contents as { value: string }).value;
    // Values keep their inner spaces unbroken (no "38.9 / GB" wrap in VS Code's narrow hover cells).
    // Cells after the first start with a word joiner + no-break spaces (a gap between right-aligned columns).
    assert.ok(raw.includes('| \u2060\u00a0\u00a0\u00a0537\u00a0TB |'), 'sizes use a no-break space');
    const md = plainTable(raw);
    for (const row of [
      '| 1 | 24 | 24 | 4,632 |',
      '| 2 | 576 | 600 | 111,168 |',
      '| 3 | 13,824 | 14,424 | 2,668,032 |',
      '| 4 | 331,776 | 346,200 | 64,032,768 | 537 TB |',
    ])
      assert.ok(md.includes(row), `missing row ${row}\n${md}`);
    assert.match(md, /\| agent-4 \|/);
    assert.match(md, /\*\*cluster\*\*/);
    assert.match(md, /Rate model per agent: 5,000 mkdir\/s/);
    assert.deepEqual(h.range, rangeOf(FULL_TEXT, 'directory_structure'));
    // and on a key inside the tree: schema text first, then the same table
    const h2 = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri },
      position: posOf(FULL_TEXT, 'files_per_dir', 2),
    });
    const md2 = plainTable((h2.contents as { value: string }).value);
    assert.match(md2, /^\*\*files_per_dir\*\*/);
    assert.ok(md2.includes('| 4 | 331,776 | 346,200 | 64,032,768 |'));
  });

  it('hover elsewhere shows the schema description, default, allowed values and an example', async () => {
    const h = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri },
      position: posOf(FULL_TEXT, 'path_selection', 1),
    });
    const md = (h.contents as { value: string }).value;
    assert.match(md, /^\*\*path_selection\*\*/);
    assert.match(md, /Allowed: `random`, `partitioned`, `exclusive`, `weighted`/);
    const h2 = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri },
      position: posOf(FULL_TEXT, 'concurrency: 64', 1),
    });
    const md2 = plainTable((h2.contents as { value: string }).value);
    assert.match(md2, /Default: `16`/);
    assert.match(md2, /Example:\n```yaml\nconcurrency: /);
    const none = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri },
      position: { line: 0, character: 3 }, // a comment
    });
    assert.equal(none, null);
  });

  it('CodeLenses: estimate, Pre-flight and one Run per ladder step, with the contract ids', async () => {
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(
      lenses.map((l) => [l.command!.title, l.command!.command, l.command!.arguments]),
      [
        ['537 TB · 64M files · 4 agents', COMMANDS.showEstimate, [uri]],
        ['Pre-flight', COMMANDS.preflight, [uri]],
        ['Run SIMPLE (depth 2)', COMMANDS.run, [uri, 'simple']],
        ['Run MEDIUM (depth 3)', COMMANDS.run, [uri, 'medium']],
        ['Run FULL (depth 4)', COMMANDS.run, [uri, 'full']],
      ],
    );
    for (const l of lenses) assert.deepEqual(l.range.start, { line: 0, character: 0 });
  });

  it('iobench/estimate returns the DESIGN.md estimate JSON', async () => {
    const e = await client.request<{
      levels: { depth: number; leafDirs: number; totalDirs: number; files: number }[];
      total: { dirs: number; files: number };
      perAgent: { id: string }[];
      warnings: string[];
      tree: { width: number };
    }>(REQUESTS.estimate, { uri });
    // the contract's keys in order, then the optional rates source
    assert.deepEqual(Object.keys(e), ['tree', 'levels', 'total', 'perAgent', 'warnings', 'ratesSource']);
    assert.equal(e.levels.length, 4);
    assert.deepEqual(
      {
        depth: e.levels[3].depth,
        leafDirs: e.levels[3].leafDirs,
        totalDirs: e.levels[3].totalDirs,
        files: e.levels[3].files,
      },
      { depth: 4, leafDirs: 331_776, totalDirs: 346_200, files: 64_032_768 },
    );
    assert.equal(e.total.files, 64_032_768);
    assert.deepEqual(
      e.perAgent.map((a) => a.id),
      ['agent-1', 'agent-2', 'agent-3', 'agent-4'],
    );
    assert.equal(await client.request(REQUESTS.estimate, { uri: uriOf('not-open.iobench.yaml') }), null);
  });

  it('document symbols form the outline; folding ranges cover blocks and comment runs', async () => {
    const syms = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', {
      textDocument: { uri },
    });
    assert.deepEqual(
      syms.map((s) => s.name),
      ['concurrency', 'perf_log', 'prepare', 'workload', 'duration', 'distributed'],
    );
    const prep = syms.find((s) => s.name === 'prepare')!;
    assert.ok(prep.children!.some((c) => c.name === 'directory_structure'));
    const agents = syms.find((s) => s.name === 'distributed')!.children!.find((c) => c.name === 'agents')!;
    assert.deepEqual(
      agents.children!.map((c) => c.name),
      ['[0] agent-1', '[1] agent-2', '[2] agent-3', '[3] agent-4'],
    );
    assert.deepEqual(
      prep.selectionRange,
      rangeOf(FULL_TEXT, 'prepare:', 0) && {
        start: posOf(FULL_TEXT, '\nprepare:', 1),
        end: posOf(FULL_TEXT, '\nprepare:', 8),
      },
    );
    const folds = await client.request<FoldingRange[]>('textDocument/foldingRange', {
      textDocument: { uri },
    });
    const ds = posOf(FULL_TEXT, 'directory_structure:').line;
    assert.ok(folds.some((f) => f.startLine === ds && f.endLine === posOf(FULL_TEXT, 'dir_mask').line));
    assert.ok(folds.some((f) => f.kind === 'comment'));
  });
});

describe('settings', () => {
  it('short verbosity and disabling hints/lenses through workspace/configuration', async () => {
    const { client } = inProcess();
    client.settings = { inlayHints: { verbosity: 'short' } };
    await client.initialize();
    const uri = uriOf('settings.iobench.yaml');
    await client.openAndWait(uri, FULL_TEXT);
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', {
      textDocument: { uri },
      range: ALL,
    });
    const depth = hints.find((h) => h.position.line === posOf(FULL_TEXT, 'depth: 4').line)!;
    assert.equal(label(depth), '▸ 332k leaf · 346k dirs · 64M files · 537 TB');
    client.settings = {
      inlayHints: { enabled: false },
      codeLens: { enabled: false },
      rates: { mkdirPerSec: 100 },
    };
    const from = client.published.length;
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await client.diagnostics(uri, () => true, from); // re-validated after the change
    assert.deepEqual(
      await client.request('textDocument/inlayHint', { textDocument: { uri }, range: ALL }),
      [],
    );
    assert.deepEqual(await client.request('textDocument/codeLens', { textDocument: { uri } }), []);
    const e = await client.request<{ total: { treeSeconds: number } }>(REQUESTS.estimate, { uri });
    assert.equal(e.total.treeSeconds, 3462); // 346,200 dirs at 100 mkdir/s
    await client.shutdown();
  });

  it('initializationOptions.settings apply when the client cannot answer workspace/configuration', async () => {
    const { client } = inProcess();
    await client.initialize({}, { settings: { rates: { mkdirPerSec: 1000 }, files: ['**/*.mine.yaml'] } });
    const uri = uriOf('x.mine.yaml');
    await client.openAndWait(uri, 'workload: []\n');
    const e = await client.request<{ total: { treeSeconds: number } } | null>(REQUESTS.estimate, { uri });
    assert.ok(e);
    const full = uriOf('full2.iobench.yaml');
    await client.open(full, 'workload: []\n'); // no longer matches a glob, and the content alone does not say config
    assert.equal(
      await client.request(REQUESTS.estimate, { uri: full }),
      null,
      'iobench.files replaced the defaults',
    );
    await client.shutdown();
  });
});

describe('completion', () => {
  let client: TestClient;
  before(async () => {
    client = inProcess().client;
    await client.initialize();
  });
  after(() => client.shutdown());

  async function complete(name: string, text: string, at: Position): Promise<CompletionItem[]> {
    const uri = uriOf(name);
    await client.open(uri, text);
    return client.request<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri },
      position: at,
    });
  }
  const accept = (text: string, item: CompletionItem) =>
    applyEdits(text, [
      { ...(item.textEdit as TextEdit), newText: expandSnippet((item.textEdit as TextEdit).newText) },
    ]);

  it('offers the keys valid at the cursor, minus those present, and inserts them', async () => {
    const text =
      'workload: [{op: get, path: a, weight: 1}]\nprepare:\n  directory_structure:\n    width: 2\n    di\n';
    const items = await complete('c1.iobench.yaml', text, posOf(text, '    di', 6));
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('distribution') && labels.includes('dir_mask') && labels.includes('depth'));
    assert.ok(!labels.includes('width'), 'present keys are not offered again');
    assert.ok(!labels.includes('workload'), 'only keys of this map');
    const out = accept(
      text,
      items.find((i) => i.label === 'distribution')!,
    );
    assert.equal(out, text.replace('    di\n', '    distribution: bottom\n'));
  });

  it('offers enum values and defaults after a key', async () => {
    const text = 'workload: [{op: get, path: a, weight: 1}]\npage_cache_mode: \n';
    const items = await complete('c2.iobench.yaml', text, posOf(text, 'page_cache_mode: ', 17));
    assert.deepEqual(items.map((i) => i.label).sort(), [
      'auto',
      'dontneed',
      'normal',
      'random',
      'sequential',
    ]);
    const out = accept(
      text,
      items.find((i) => i.label === 'dontneed')!,
    );
    assert.equal(out, 'workload: [{op: get, path: a, weight: 1}]\npage_cache_mode: dontneed\n');
  });

  it('inserts a skeleton of required children for an object key', async () => {
    const text = 'workload: [{op: get, path: a, weight: 1}]\ndistr\n';
    const items = await complete('c3.iobench.yaml', text, posOf(text, 'distr', 5));
    const item = items.find((i) => i.label === 'distributed')!;
    const out = accept(text, item);
    const inserted = out.slice(out.indexOf('distributed:'));
    for (const k of ['agents:', 'shared_filesystem:', 'tree_creation_mode:', 'path_selection:'])
      assert.ok(inserted.includes(`\n  ${k}`), `${k} in ${inserted}`);
  });

  it('offers a stages-with-barriers block inside distributed that validates cleanly', async () => {
    const text = FULL_TEXT + '  \n';
    const at = { line: text.split('\n').length - 2, character: 2 };
    const items = await complete('c4.iobench.yaml', text, at);
    const item = items.find((i) => i.label === 'stages with barriers')!;
    assert.ok(item, items.map((i) => i.label).join(','));
    const out = accept(text, item);
    const codes = loadConfig(out).diagnostics.map((d) => d.code);
    assert.ok(
      !codes.includes('stages-missing') &&
        !codes.includes('barrier-missing') &&
        !codes.includes('stage-rule'),
      codes.join(','),
    );
    assert.ok(!codes.includes('yaml-syntax'));
  });

  it('offers a directory tree whose ensure_objects count matches', async () => {
    const text = 'workload: [{op: get, path: a, weight: 1}]\ntarget: file:///tmp/x/\nprepare:\n  \n';
    const items = await complete('c5.iobench.yaml', text, { line: 3, character: 2 });
    const item = items.find((i) => i.label === 'directory tree + ensure_objects')!;
    const out = accept(text, item);
    const codes = loadConfig(out).diagnostics.map((d) => `${d.code}: ${d.message}`);
    assert.ok(
      !codes.some((c) => c.startsWith('count-mismatch') || c.startsWith('yaml-syntax')),
      codes.join('\n'),
    );
    assert.equal(loadConfig(out).model?.prepare?.tree?.depth, 3);
  });
});

describe('code actions', () => {
  let client: TestClient;
  before(async () => {
    client = inProcess().client;
    await client.initialize();
  });
  after(() => client.shutdown());

  async function fixes(name: string, text: string) {
    const uri = uriOf(name);
    const diags = await client.openAndWait(uri, text);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: ALL,
      context: { diagnostics: diags },
    });
    const apply = (title: string | RegExp) => {
      const a = actions.find((x) => (typeof title === 'string' ? x.title === title : title.test(x.title)));
      assert.ok(a, `no action ${title} in ${actions.map((x) => x.title).join(' | ')}`);
      return applyEdits(text, a.edit!.changes![uri]);
    };
    return { diags, actions, apply };
  }

  const BAD = [
    'concurrency: "8"',
    'duraton: 5m',
    'duration: 300',
    'page_cache_mode: DontNeed',
    'workload:',
    '  - op: put',
    '    path: a',
    '    weight: 1',
    '    use_multi_endpoint: true  # ignored',
    '    size_distribution:',
    '      type: uniform',
    '      min: 8 MiB',
    '      max: 16MiB',
    'prepare:',
    '  directory_structure:',
    '    width: 2',
    '    depth: 2',
    '    files_per_dir: 3',
    '  ensure_objects:',
    '    - count: 10',
    '      base_uri: file:///tmp/x/',
    'distributed:',
    '  shared_filesystem: true',
    '  tree_creation_mode: isolated',
    '  agents:',
    '    - id: a1',
    '',
  ].join('\n');

  it('each quick fix produces exactly the promised text', async () => {
    const { apply } = await fixes('bad.iobench.yaml', BAD);
    assert.equal(apply('Set count to the tree total 12'), BAD.replace('count: 10', 'count: 12'));
    assert.equal(apply('Rename to `duration`'), BAD.replace('duraton: 5m', 'duration: 5m'));
    assert.equal(apply('Change to `300s`'), BAD.replace('duration: 300', 'duration: 300s'));
    assert.equal(apply('Change to `dontneed`'), BAD.replace('DontNeed', 'dontneed'));
    assert.equal(apply('Change to `8MiB`'), BAD.replace('8 MiB', '8MiB'));
    assert.equal(apply('Change to `8`'), BAD.replace('"8"', '8'));
    assert.equal(
      apply('Remove `use_multi_endpoint` (sai3 ignores it)'),
      BAD.replace('    use_multi_endpoint: true  # ignored\n', ''),
    );
    assert.equal(apply('Add `address`'), BAD.replace('    - id: a1\n', '    - id: a1\n      address:\n'));
    const sel = apply('Add `path_selection`');
    assert.ok(
      sel.includes('  tree_creation_mode: isolated\n  agents:\n    - id: a1\n  path_selection: random\n'),
      sel,
    );
  });

  it('adds the stages a current sai3 agent needs: validation first, barriers on every stage', async () => {
    const uri = uriOf('stages.iobench.yaml');
    const diags = await client.openAndWait(uri, FULL_TEXT);
    const stageDiag = diags.filter((d: Diagnostic) => d.code === 'stages-missing');
    assert.equal(stageDiag.length, 1);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: stageDiag[0].range,
      context: { diagnostics: stageDiag },
    });
    const a = actions.find((x) => x.title.startsWith('Add stages'))!;
    const edits = a.edit!.changes![uri];
    assert.equal(edits.length, 1);
    assert.equal(edits[0].range.start.line, edits[0].range.end.line, 'a pure insertion');
    const out = applyEdits(FULL_TEXT, edits);
    assert.ok(out.startsWith(FULL_TEXT.slice(0, FULL_TEXT.length - 1)), 'the rest of the text is intact');
    const after = loadConfig(out);
    const codes = after.diagnostics.map((d) => d.code);
    assert.ok(
      !codes.includes('stages-missing') &&
        !codes.includes('barrier-missing') &&
        !codes.includes('stage-rule'),
      codes.join(','),
    );
    const stages = after.model!.distributed!.stages;
    assert.deepEqual(
      stages.map((s) => s.type),
      ['validation', 'prepare', 'execute'],
    );
    assert.ok(stages.every((s) => s.hasBarrier));
  });
});
