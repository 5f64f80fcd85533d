// The real thing an editor starts: `node bin/iobench.js lsp --stdio` (the bundled dist/cli.js, built by the
// test runner), driven over stdio through every capability it announces; then a clean shutdown/exit.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import type { ChildProcess } from 'node:child_process';
import type {
  CodeAction,
  CodeLens,
  CompletionItem,
  DocumentSymbol,
  FoldingRange,
  Hover,
  InitializeResult,
  InlayHint,
} from 'vscode-languageserver';
import { REQUESTS } from '../../core/lsp-contract';
import { applyEdits, FULL, plainTable, posOf, spawned, uriOf, type TestClient } from './harness';

const TEXT = readFileSync(FULL, 'utf8');
const ALL = { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } };

describe('iobench lsp --stdio (spawned)', () => {
  let client: TestClient;
  let child: ChildProcess;
  let init: InitializeResult;
  let stderr = '';
  const uri = uriOf('stdio.iobench.yaml');
  before(async () => {
    ({ client, child } = spawned());
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    init = await client.initialize();
  });
  after(async () => {
    if (child.exitCode === null) child.kill();
  });

  it('announces its capabilities', () => {
    const c = init.capabilities;
    assert.deepEqual(Object.keys(c).sort(), [
      'codeActionProvider',
      'codeLensProvider',
      'completionProvider',
      'documentSymbolProvider',
      'foldingRangeProvider',
      'hoverProvider',
      'inlayHintProvider',
      'textDocumentSync',
    ]);
    assert.deepEqual(c.textDocumentSync, { openClose: true, change: 2 });
    assert.equal(init.serverInfo?.name, 'iobench-language-server');
  });

  it('publishes diagnostics with exact ranges for the opened version', async () => {
    const diags = await client.openAndWait(uri, TEXT, 7);
    const codes = diags.map((d) => d.code);
    assert.deepEqual(codes, ['unknown-key', 'unknown-key', 'unknown-key', 'stages-missing']);
    assert.deepEqual(diags[0].range, { start: posOf(TEXT, 'enabled'), end: posOf(TEXT, 'enabled', 7) });
  });

  it('inlay hints and hover carry 331,776 / 346,200 / 64,032,768', async () => {
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', {
      textDocument: { uri },
      range: ALL,
    });
    const depth = hints.find((h) => h.position.line === posOf(TEXT, 'depth: 4').line)!;
    for (const n of ['331,776', '346,200', '64,032,768']) assert.ok(String(depth.label).includes(n));
    const h = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri },
      position: posOf(TEXT, 'depth: 4', 1),
    });
    assert.ok(
      plainTable((h.contents as { value: string }).value).includes('| 4 | 331,776 | 346,200 | 64,032,768 |'),
    );
  });

  it('code lens, completion, code action, symbols, folding and iobench/estimate answer', async () => {
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.equal(lenses.length, 5);
    const items = await client.request<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri },
      position: posOf(TEXT, 'path_selection: ', 16),
    });
    assert.deepEqual(items.map((i) => i.label).sort(), ['exclusive', 'partitioned', 'random', 'weighted']);
    const diags = (await client.diagnostics(uri)).diagnostics;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diags[1].range,
      context: { diagnostics: [diags[1]] },
    });
    const remove = actions.find((a) => a.title.startsWith('Remove'))!;
    const out = applyEdits(TEXT, remove.edit!.changes![uri]);
    assert.equal(out, TEXT.replace('      use_multi_endpoint: true\n', ''));
    const syms = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', {
      textDocument: { uri },
    });
    assert.equal(syms.length, 6);
    const folds = await client.request<FoldingRange[]>('textDocument/foldingRange', {
      textDocument: { uri },
    });
    assert.ok(folds.length > 10);
    const e = await client.request<{ total: { files: number } }>(REQUESTS.estimate, { uri });
    assert.equal(e.total.files, 64_032_768);
  });

  it('re-publishes after an incremental edit, for that version', async () => {
    const from = client.published.length;
    await client.change(uri, { start: posOf(TEXT, 'enabled'), end: posOf(TEXT, 'enabled', 7) }, 'interval');
    const p = await client.diagnostics(uri, () => true, from);
    assert.equal(p.version, 8);
    assert.ok(
      p.diagnostics.every(
        (d) => d.range.start.line !== posOf(TEXT, 'enabled').line || d.code !== 'unknown-key',
      ),
    );
  });

  it('shuts down and exits with code 0, nothing on stderr', async () => {
    const exited = once(child, 'exit');
    await client.shutdown();
    const [code] = await exited;
    assert.equal(code, 0);
    assert.equal(stderr, '');
  });
});

describe('iobench lsp --stdio with a pull-diagnostics client', () => {
  it('announces diagnosticProvider and answers textDocument/diagnostic instead of pushing', async () => {
    const { client, child } = spawned();
    const init = await client.initialize({
      workspace: { configuration: true },
      textDocument: { diagnostic: { dynamicRegistration: false } },
    });
    assert.deepEqual(init.capabilities.diagnosticProvider, {
      interFileDependencies: false,
      workspaceDiagnostics: false,
    });
    const uri = uriOf('pull-stdio.iobench.yaml');
    await client.open(uri, TEXT);
    const r = await client.request<{ kind: string; items: { code: string }[] }>('textDocument/diagnostic', {
      textDocument: { uri },
    });
    assert.equal(r.kind, 'full');
    assert.deepEqual(
      r.items.map((d) => d.code),
      ['unknown-key', 'unknown-key', 'unknown-key', 'stages-missing'],
    );
    assert.equal(client.published.length, 0);
    const exited = once(child, 'exit');
    await client.shutdown();
    assert.equal((await exited)[0], 0);
  });
});
