// Diagnostics over real JSON-RPC (in-process duplex pair): exact ranges per error kind, suppression, staleness,
// push and pull modes, other YAML left alone.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic, DocumentDiagnosticReport } from 'vscode-languageserver';
import { inProcess, posOf, rangeOf, uriOf, type TestClient } from './harness';

const find = (ds: Diagnostic[], code: string) => ds.filter((d) => d.code === code);

describe('diagnostics (push)', () => {
  let client: TestClient;
  before(async () => {
    client = inProcess().client;
    await client.initialize();
  });
  after(() => client.shutdown());

  const CASES = [
    'concurrency: "8"',
    'duraton: 5m',
    'page_cache_mode: DontNeed',
    'workload:',
    '  - op: put',
    '    path: a',
    '    weight: 1',
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

  it('puts each error kind on its exact range', async () => {
    const ds = await client.openAndWait(uriOf('cases.iobench.yaml'), CASES);
    const one = (code: string) => {
      const hits = find(ds, code);
      assert.ok(hits.length >= 1, `no ${code} in ${JSON.stringify(ds.map((d) => d.code))}`);
      return hits;
    };
    // wrong type: the value node (with its quotes)
    assert.deepEqual(one('type')[0].range, rangeOf(CASES, '"8"'));
    // unknown key: the key node
    assert.deepEqual(one('unknown-key')[0].range, rangeOf(CASES, 'duraton'));
    assert.equal((one('unknown-key')[0].data as { suggestion: string }).suggestion, 'duration');
    // bad enum: the value
    assert.deepEqual(one('enum')[0].range, rangeOf(CASES, 'DontNeed'));
    // bad size string: the value
    assert.deepEqual(one('size-string')[0].range, rangeOf(CASES, '8 MiB'));
    // count mismatch: the count value, expected total in data
    const cm = one('count-mismatch')[0];
    assert.deepEqual(cm.range, rangeOf(CASES, '10'));
    assert.deepEqual(cm.data, { expected: '12' });
    // missing required: inside the map that lacks the key
    const req = one('required');
    assert.ok(req.some((d) => (d.data as { missing: string }).missing === 'path_selection'));
    assert.ok(req.some((d) => (d.data as { missing: string }).missing === 'address'));
    assert.deepEqual(req.find((d) => (d.data as { missing: string }).missing === 'address')!.range, {
      start: posOf(CASES, '- id', 2),
      end: posOf(CASES, '- id', 4),
    });
    for (const d of ds) assert.equal(d.source, 'iobench');
    // one diagnostic per problem
    const keys = ds.map((d) => `${d.code}@${JSON.stringify(d.range)}@${d.message}`);
    assert.equal(new Set(keys).size, keys.length);
  });

  it('reports YAML syntax errors from their position, nothing to EOF', async () => {
    const text = 'workload:\n  - op: get\n    path: [a\nduration: 5s\n';
    const ds = await client.openAndWait(uriOf('syntax.iobench.yaml'), text);
    const syn = find(ds, 'yaml-syntax');
    assert.equal(syn.length, 1);
    assert.deepEqual(syn[0].range, { start: { line: 3, character: 0 }, end: { line: 3, character: 1 } });
  });

  it('maps errors through aliases and merge keys to the usage site', async () => {
    const text = [
      'base: &b',
      '  width: 2',
      '  depth: x',
      'workload: [{op: get, path: a, weight: 1}]',
      'prepare:',
      '  directory_structure:',
      '    <<: *b',
      '    files_per_dir: 1',
      '  ensure_objects:',
      '    - count: 0',
      '      base_uri: file:///tmp/',
      'target: *b',
      '',
    ].join('\n');
    const ds = await client.openAndWait(uriOf('alias.iobench.yaml'), text);
    const merged = find(ds, 'count-format')[0];
    assert.deepEqual(merged.range, rangeOf(text, '*b', 0));
    assert.match(String(merged.message), /via merge/);
    const aliased = find(ds, 'type')[0];
    assert.deepEqual(aliased.range, rangeOf(text, '*b', 1));
    assert.match(String(aliased.message), /via alias/);
  });

  it('counts UTF-16 columns and CRLF line ends correctly', async () => {
    const text = 'workload:\r\n  - op: gét\r\n    path: "ü😀"\r\n    weight: 1\r\n    émoji😀: 1\r\n';
    const ds = await client.openAndWait(uriOf('crlf.iobench.yaml'), text);
    assert.deepEqual(find(ds, 'enum')[0].range, {
      start: { line: 1, character: 8 },
      end: { line: 1, character: 11 },
    });
    // 'émoji😀' is 7 UTF-16 units (the emoji is a surrogate pair)
    assert.deepEqual(find(ds, 'unknown-key')[0].range, {
      start: { line: 4, character: 4 },
      end: { line: 4, character: 11 },
    });
  });

  it('reports a bare duration with a fix to seconds', async () => {
    const text = 'workload: [{op: get, path: a, weight: 1}]\nduration: 300\n';
    const ds = await client.openAndWait(uriOf('dur.iobench.yaml'), text);
    const d = find(ds, 'duration-unit')[0];
    assert.deepEqual(d.range, rangeOf(text, '300'));
    assert.equal((d.data as { fixed: string }).fixed, '300s');
  });

  it('honours # iobench-disable-next-line, all codes or the listed ones', async () => {
    const text = [
      '# iobench-disable-next-line',
      'duraton: 5m',
      '# iobench-disable-next-line enum',
      'colour: red',
      'workload: [{op: get, path: a, weight: 1}]',
      '',
    ].join('\n');
    const ds = await client.openAndWait(uriOf('suppress.iobench.yaml'), text);
    const unknown = find(ds, 'unknown-key');
    assert.equal(unknown.length, 1);
    assert.deepEqual(unknown[0].range, rangeOf(text, 'colour'));
  });

  it('leaves other YAML alone: no diagnostics, no lenses, no hints', async () => {
    const uri = uriOf('k8s.yaml');
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nduraton: 5\n';
    await client.open(uri, text);
    // a later config's diagnostics arrive after this document was processed (same connection, in order)
    await client.openAndWait(uriOf('after.iobench.yaml'), 'workload: []\n');
    assert.equal(client.published.filter((p) => p.uri === uri).length, 0);
    assert.deepEqual(await client.request('textDocument/codeLens', { textDocument: { uri } }), []);
    assert.deepEqual(
      await client.request('textDocument/inlayHint', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } },
      }),
      [],
    );
    assert.equal(await client.request('iobench/estimate', { uri }), null);
  });

  it('recognises configs by modeline and by content, whatever the file name', async () => {
    const byModeline = await client.openAndWait(
      uriOf('a.yaml'),
      '# yaml-language-server: $schema=../schemas/iobench.schema.json\nduraton: 5m\nworkload: []\n',
    );
    assert.ok(find(byModeline, 'unknown-key').length === 1);
    const byContent = await client.openAndWait(
      uriOf('b.yaml'),
      'target: file:///tmp/x/\nduraton: 5m\nworkload: [{op: get, path: a, weight: 1}]\n',
    );
    assert.ok(find(byContent, 'unknown-key').length === 1);
  });
});

describe('diagnostics: staleness and debounce', () => {
  it('two quick edits publish only the second version', async () => {
    const { client, timers } = inProcess(undefined, 'manual');
    await client.initialize();
    const uri = uriOf('stale.iobench.yaml');
    const text = 'workload: [{op: get, path: a, weight: 1}]\nduration: 5s\n';
    await client.open(uri, text);
    const v2 = await client.change(uri, rangeOf(text, '5s'), '300');
    const v3 = await client.change(uri, rangeOf(client.texts.get(uri)!, '300'), '7s');
    assert.equal(v3, v2 + 1);
    // a request answered after both notifications proves the server has seen them (messages are in order)
    await client.request('textDocument/documentSymbol', { textDocument: { uri } });
    assert.equal(timers.size, 1, 'one pending validation, debounced');
    timers.flush();
    const p = await client.diagnostics(uri);
    assert.equal(p.version, v3);
    assert.deepEqual(p.diagnostics, []);
    assert.equal(client.published.filter((x) => x.uri === uri).length, 1);
    assert.ok(!client.published.some((x) => x.version === 1 || x.version === v2));
    await client.shutdown();
  });
});

describe('diagnostics (pull)', () => {
  it('answers textDocument/diagnostic, unchanged for the same version', async () => {
    const { client } = inProcess();
    const init = await client.initialize({
      workspace: { configuration: true },
      textDocument: { diagnostic: { dynamicRegistration: false } },
    });
    assert.ok(init.capabilities.diagnosticProvider);
    const uri = uriOf('pull.iobench.yaml');
    const text = 'duraton: 5m\nworkload: [{op: get, path: a, weight: 1}]\n';
    await client.open(uri, text);
    const r1 = await client.request<DocumentDiagnosticReport & { items: Diagnostic[]; resultId: string }>(
      'textDocument/diagnostic',
      { textDocument: { uri } },
    );
    assert.equal(r1.kind, 'full');
    assert.deepEqual(r1.items[0].range, rangeOf(text, 'duraton'));
    const r2 = await client.request<DocumentDiagnosticReport>('textDocument/diagnostic', {
      textDocument: { uri },
      previousResultId: r1.resultId,
    });
    assert.equal(r2.kind, 'unchanged');
    await client.change(uri, rangeOf(text, 'duraton'), 'duration');
    const r3 = await client.request<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', {
      textDocument: { uri },
      previousResultId: r1.resultId,
    });
    assert.equal(r3.kind, 'full');
    assert.deepEqual(r3.items, []);
    assert.equal(client.published.length, 0, 'pull clients get no pushes');
    await client.shutdown();
  });
});
