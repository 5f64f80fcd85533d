// Our agent speaks sai3's protocol but does not copy the defects the wire audit found in sai3-bench v0.8.97's
// agent (sai3-wire-audit.md §B2-B5): a rejected START is answered with ERROR, a release sent before the agent
// waits at that barrier is not lost, a barrier release is accepted for 6 × agent_barrier_timeout at every
// barrier (not (k+1) ×), and COMPLETED comes even when every stage is shorter than a second.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentClient } from '../../proto';
import {
  agentClient,
  AgentStream,
  Command,
  startAgent,
  Status,
  tempDir,
  type AgentProcess,
} from './helpers/agent';

let agent: AgentProcess;
let client: AgentClient;
const t = tempDir();
before(async () => {
  agent = await startAgent([t.dir]);
  client = agentClient(agent.address);
});
after(async () => {
  client?.close();
  await agent?.stop();
  t.cleanup();
});

/** validation → prepare (a few files) [→ execute], barrier timeout `barrierS` seconds on every stage. */
const config = (barrierS: number, executeS = 0) => `
target: file://${t.dir}/d/
duration: ${executeS}s
concurrency: 2
workload:
  - { op: get, path: "*", weight: 1 }
prepare:
  ensure_objects: [{ base_uri: "file://${t.dir}/d/", count: 6, size_spec: 1024, fill: zero }]
distributed:
  agents: [{ address: "${'127.0.0.1:1'}" }]
  shared_filesystem: true
  tree_creation_mode: isolated
  path_selection: random
  stages:
    - { name: v, order: 1, type: validation, completion: validation_passed, barrier: { type: all_or_nothing, agent_barrier_timeout: ${barrierS} } }
    - { name: p, order: 2, type: prepare, completion: tasks_done, barrier: { type: all_or_nothing, agent_barrier_timeout: ${barrierS} } }
${executeS ? `    - { name: x, order: 3, type: execute, completion: duration, duration: ${executeS}s, barrier: { type: all_or_nothing, agent_barrier_timeout: ${barrierS} } }` : ''}
`;

test('a rejected START gets an ERROR with the reason, and the agent takes the next START', async () => {
  const s = new AgentStream(client);
  s.start(config(5).replaceAll('file://', 'gs://'));
  const err = await s.next((m) => m.status === Status.ERROR, 10_000, 'ERROR');
  assert.match(err.error_message, /gs:\/\/.*file:\/\/ and direct:\/\/ only/);
  s.close();
  const ok = new AgentStream(client);
  ok.start(config(5));
  await ok.next((m) => m.status === Status.READY, 10_000, 'READY');
  ok.send({ command: Command.ABORT });
  await ok.next((m) => m.status === Status.ABORTED, 10_000, 'ABORTED');
  ok.close();
});

test('releases sent before the agent waits at a barrier are kept; COMPLETED comes for sub-second stages', async () => {
  const s = new AgentStream(client);
  s.start(config(5));
  // barrier 0 and barrier 1 released at once, before the agent reached barrier 1 (sai3 would lose a release
  // sent before it subscribes, agent.rs:4265)
  s.send({ command: Command.RELEASE_BARRIER, barrier_sequence: 0 });
  s.send({ command: Command.RELEASE_BARRIER, barrier_sequence: 1 });
  const done = await s.next((m) => m.status === Status.COMPLETED, 15_000, 'COMPLETED');
  assert.equal(done.completed, true);
  s.close();
});

test('barrier 1 still accepts its release after (1+1) × agent_barrier_timeout', async () => {
  const s = new AgentStream(client);
  s.start(config(1));
  await s.next((m) => m.status === Status.READY, 10_000, 'READY');
  s.send({ command: Command.RELEASE_BARRIER, barrier_sequence: 0 });
  const at1 = await s.next((m) => m.at_barrier && m.barrier_sequence === 1, 10_000, 'barrier 1');
  const arrived = Date.now();
  // wait past sai3's window of 2 × 1 s on the agent's own messages (it re-sends while it waits)
  await s.next(() => Date.now() - arrived > 2_500, 10_000, 'messages while waiting');
  void at1;
  s.send({ command: Command.RELEASE_BARRIER, barrier_sequence: 1 });
  const done = await s.next((m) => m.status === Status.COMPLETED || m.status === Status.ERROR, 15_000, 'end');
  assert.equal(done.status, Status.COMPLETED, done.error_message);
  s.close();
});
