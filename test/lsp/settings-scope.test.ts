// Settings declared `resource` apply per document: the server pulls each open document's own copy (scopeUri),
// so two configs in two workspace folders get their own rates and lens switches.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { REQUESTS } from '../../core/lsp-contract';
import { inProcess, uriOf } from './harness';

const TEXT = `prepare:
  directory_structure:
    width: 10
    depth: 2
    files_per_dir: 1
  ensure_objects:
    - base_uri: "file:///tmp/x/"
      count: 100
workload:
  - op: get
    path: "*"
    weight: 100
`;

describe('per-resource settings', () => {
  it('each document gets the settings of its own scope', async () => {
    const { client } = inProcess();
    const a = uriOf('folder-a/a.iobench.yaml');
    const b = uriOf('folder-b/b.iobench.yaml');
    client.settings = { rates: { mkdirPerSec: 10 } };
    client.scopedSettings.set(a, { rates: { mkdirPerSec: 1 }, codeLens: { enabled: false } });
    await client.initialize();
    await client.openAndWait(a, TEXT);
    await client.openAndWait(b, TEXT);
    type Est = { total: { dirs: number; treeSeconds: number } };
    // Pulled when opened: wait until the scoped answer arrived (the estimate changes from the global one).
    let ea = await client.request<Est>(REQUESTS.estimate, { uri: a });
    for (let i = 0; i < 50 && ea.total.treeSeconds !== ea.total.dirs; i++) {
      await client.request('textDocument/codeLens', { textDocument: { uri: a } }); // a round trip, not a sleep
      ea = await client.request<Est>(REQUESTS.estimate, { uri: a });
    }
    const eb = await client.request<Est>(REQUESTS.estimate, { uri: b });
    assert.equal(ea.total.treeSeconds, ea.total.dirs, 'folder a: 1 mkdir/s');
    assert.equal(eb.total.treeSeconds, eb.total.dirs / 10, 'folder b: the global 10 mkdir/s');
    assert.deepEqual(await client.request('textDocument/codeLens', { textDocument: { uri: a } }), []);
    const lb = await client.request<unknown[]>('textDocument/codeLens', { textDocument: { uri: b } });
    assert.ok(lb.length > 0, 'lenses stay on in folder b');
    await client.shutdown();
  });
});
