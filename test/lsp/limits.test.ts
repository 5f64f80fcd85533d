// The language server on a hostile config (depth 10^6, concurrency 10^9): limit errors at the lines, and the
// estimate-backed features (inlay hints, code lenses, the estimate request) answer at once instead of counting.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeLens, Diagnostic, InlayHint } from 'vscode-languageserver';
import { REQUESTS } from '../../core/lsp-contract';
import { inProcess, posOf, uriOf, type TestClient } from './harness';

const TEXT = `concurrency: 1000000000
duration: 1s
target: "file:///tmp/x/"
workload: [{ op: get, path: "*", weight: 1 }]
prepare:
  directory_structure: { width: 2, depth: 1000000, files_per_dir: 1 }
  ensure_objects: [{ count: 0 }]
`;
const ALL = { start: { line: 0, character: 0 }, end: { line: 99, character: 0 } };

describe('limits in the editor', () => {
  let client: TestClient;
  before(async () => {
    client = inProcess().client;
    await client.initialize();
  });
  after(() => client.shutdown());

  it('reports each limit as an error at its value and answers every feature quickly', async () => {
    const uri = uriOf('hostile.iobench.yaml');
    const t0 = performance.now();
    const diags = await client.openAndWait(uri, TEXT);
    const limits = diags.filter((d: Diagnostic) => d.code === 'limit');
    assert.deepEqual(
      limits.map((d) => [d.severity, d.range.start]),
      [
        [1, posOf(TEXT, '1000000000')],
        [1, posOf(TEXT, '1000000,')],
      ],
    );
    assert.match(String(limits[1].message), /depth 1,000,000 is over the limit of 64 levels/);
    await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: ALL });
    await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    await client.request(REQUESTS.estimate, { uri });
    assert.ok(performance.now() - t0 < 3000, `${(performance.now() - t0).toFixed(0)} ms`);
  });
});
