// Confinement: `..`, absolute paths elsewhere and symlinks pointing out of the --root are refused with a clear
// error, and nothing is written outside the root.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AgentClient } from '../../proto';
import {
  agentClient,
  AgentStream,
  listTree,
  startAgent,
  Status,
  tempDir,
  type AgentProcess,
} from './helpers/agent';
import { treeConfig } from './helpers/configs';

let agent: AgentProcess;
let client: AgentClient;
const outer = tempDir('iobench-confine-');
const root = path.join(outer.dir, 'root');
const outside = path.join(outer.dir, 'outside');
before(async () => {
  fs.mkdirSync(root);
  fs.mkdirSync(outside);
  fs.symlinkSync(outside, path.join(root, 'link-out'));
  agent = await startAgent([root]);
  client = agentClient(agent.address);
});
after(async () => {
  client?.close();
  await agent?.stop();
  outer.cleanup();
});

async function refused(base: string, pattern: RegExp): Promise<void> {
  const s = new AgentStream(client);
  s.start(treeConfig(root, { base }));
  const m = await s.next((x) => x.status === Status.ERROR || x.status === Status.READY, 10000, 'ERROR');
  assert.equal(m.status, Status.ERROR, `expected refusal of ${base}`);
  assert.match(m.error_message, pattern);
  s.close();
  assert.deepEqual(listTree(outside), [], 'nothing written outside the root');
}

test("'..' in a target is refused", () => refused(`${root}/../outside/data/`, /'\.\.' is not allowed/));
test('an absolute path outside the roots is refused', () =>
  refused(`${outside}/data/`, /outside the agent's roots/));
test('a symlink inside the root pointing out is refused', () =>
  refused(`${root}/link-out/data/`, /outside the agent's roots/));
test('a path_prefix with .. is refused', async () => {
  const s = new AgentStream(client);
  s.start(treeConfig(root, { base: `${root}/data/` }), 'agent-1', {
    path_prefix: '../../outside/',
    shared_storage: false,
  });
  const m = await s.next((x) => x.status === Status.ERROR || x.status === Status.READY, 10000, 'ERROR');
  assert.equal(m.status, Status.ERROR);
  s.close();
  assert.deepEqual(listTree(outside), []);
});
test('a symlinked directory planted inside the tree is not followed', async () => {
  const base = path.join(root, 'planted');
  fs.mkdirSync(base);
  fs.symlinkSync(outside, path.join(base, 'd1_w1.dir'));
  const s = new AgentStream(client);
  s.start(treeConfig(root, { base: `${base}/` }));
  let m = await s.next((x) => x.status === Status.ERROR || x.status === Status.READY, 10000, 'READY');
  assert.equal(m.status, Status.READY);
  s.send({ command: 5, barrier_sequence: 0 });
  m = await s.next(
    (x) =>
      x.status === Status.ERROR ||
      x.status === Status.COMPLETED ||
      (x.at_barrier && x.barrier_sequence === 1),
    10000,
    'ERROR',
  );
  assert.equal(m.status, Status.ERROR);
  assert.match(m.error_message, /symlink/);
  s.close();
  assert.deepEqual(listTree(outside), []);
});
