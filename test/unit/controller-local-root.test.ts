// --local N --root DIR moves every file:// location under DIR/agent-<i> exactly once (issue 12 item 9): the
// four-host example's per-agent multi_endpoint lists were moved twice (DIR/DIR/agent-3/…).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { planRun } from '../../controller';
import { rebaseFileUris } from '../../controller/local-root';
import { loadConfig } from '../../core/config';
import { ladder } from '../../core/ladder';

test("the four-host example's SIMPLE step under --local 4 --root: every endpoint moved once", () => {
  const steps = ladder(readFileSync('examples/four-host.iobench.yaml', 'utf8'));
  assert.ok(steps.ok);
  const simple = steps.ok ? steps.steps[0].text : '';
  const r = planRun(loadConfig(simple).value, {
    agents: Array.from({ length: 4 }, () => ({ address: '127.0.0.1:0' })),
    root: '/R',
  });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  if (!r.ok) return;
  r.plan.agents.forEach((a, i) => {
    const sent = parse(a.yaml);
    const mounts = [1, 2, 3, 4].map((k) => `file:///R/agent-${i + 1}/fs${i * 4 + k}/bench/`);
    assert.deepEqual(sent.multi_endpoint.endpoints, mounts, a.id);
    assert.deepEqual(sent.distributed.agents[i].multi_endpoint.endpoints, mounts, `${a.id} (its own entry)`);
    assert.doesNotMatch(a.yaml, /\/R\/R\//);
  });
});

test('a list reached twice (a YAML alias) is moved once', () => {
  const value = loadConfig(`target: "file:///mnt/a/"
multi_endpoint: { endpoints: &eps ["file:///mnt/a/", "file:///mnt/b/"] }
workload: [{ op: get, path: "*", weight: 1 }]
distributed:
  shared_filesystem: false
  tree_creation_mode: isolated
  path_selection: random
  agents: [{ address: "h:1", multi_endpoint: { endpoints: *eps } }]
`).value as Record<string, any>;
  rebaseFileUris(value, '/mnt', '/R/agent-1');
  assert.deepEqual(value.multi_endpoint.endpoints, ['file:///R/agent-1/a/', 'file:///R/agent-1/b/']);
  assert.equal(value.target, 'file:///R/agent-1/a/');
});
