// Hostile configs and a busy agent (issue 12 items 2, 3, 6): depth 10^6 and concurrency 10^9 are refused by
// every layer in bounded time and memory; while a run is active, pre-flight and START are refused with
// "busy: running <run id>"; an oversized config is refused before it is parsed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as grpc from '@grpc/grpc-js';
import type { AgentClient, PreFlightResponse__Output } from '../../proto';
import {
  agentClient,
  AgentStream,
  Command,
  Status,
  startAgent,
  tempDir,
  unary,
  type AgentProcess,
} from './helpers/agent';
import { treeConfig } from './helpers/configs';
import { iobench } from './controller-helpers';

let agent: AgentProcess;
let client: AgentClient;
const t = tempDir('iobench-limits-');
before(async () => {
  agent = await startAgent([t.dir]);
  client = agentClient(agent.address);
});
after(async () => {
  client?.close();
  await agent?.stop();
  t.cleanup();
});

const DEEP = `target: "file://${t.dir}/deep/"
duration: 1s
workload: [{ op: get, path: "*", weight: 1 }]
prepare:
  directory_structure: { width: 2, depth: 1000000, files_per_dir: 1 }
  ensure_objects: [{ count: 0 }]
`;
const WIDE = treeConfig(t.dir, { base: `${t.dir}/wide/`, duration: '30s' }).replace(
  'concurrency: 4',
  'concurrency: 1000000000',
);
const rssMb = () =>
  Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${agent.proc.pid}/status`, 'utf8'))![1]) / 1024;
const preflight = (yaml: string) =>
  unary<object, PreFlightResponse__Output>(client.PreFlightValidation.bind(client), {
    config_yaml: yaml,
    agent_id: 'agent-1',
  });

async function startRefused(yaml: string): Promise<string> {
  const s = new AgentStream(client);
  s.start(yaml);
  const m = await s.next((x) => x.status === Status.ERROR || x.status === Status.READY, 10000, 'ERROR');
  s.close();
  assert.equal(m.status, Status.ERROR);
  return m.error_message;
}

test('depth 10^6 and concurrency 10^9: START and pre-flight refused at once, the agent stays small', async () => {
  const t0 = Date.now();
  assert.match(await startRefused(DEEP), /depth 1,000,000 is over the limit of 64 levels/);
  assert.match(await startRefused(WIDE), /concurrency 1,000,000,000 is over the limit of 4,096 per agent/);
  for (const yaml of [DEEP, WIDE]) {
    const r = await preflight(yaml);
    assert.equal(r.passed, false);
    assert.match(r.results[0].message, /over the limit/);
  }
  assert.ok(Date.now() - t0 < 5000, `${Date.now() - t0} ms`);
  assert.ok(rssMb() < 400, `agent RSS ${rssMb().toFixed(0)} MB`);
  assert.equal(fs.existsSync(path.join(t.dir, 'deep')), false, 'nothing created');
});

test('depth 10^6 and concurrency 10^9: validate, estimate and run refuse them quickly, at the config line', async () => {
  const file = path.join(t.dir, 'hostile.yaml');
  fs.writeFileSync(file, DEEP.replace('duration: 1s', 'duration: 1s\nconcurrency: 1000000000'));
  const t0 = Date.now();
  const v = await iobench(['validate', file]);
  assert.equal(v.code, 1);
  assert.match(v.stdout, /hostile\.yaml:3:14: error: concurrency 1,000,000,000 is over the limit/);
  assert.match(v.stdout, /hostile\.yaml:6:\d+: error: depth 1,000,000 is over the limit of 64 levels/);
  const e = await iobench(['estimate', file, '--json']);
  assert.equal(e.code, 1);
  assert.match(e.stderr, /depth 1,000,000 is over the limit/);
  const r = await iobench(['run', file, '--local', '1', '--root', t.dir, '--yes']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /over the limit/);
  assert.ok(Date.now() - t0 < 15000, `${Date.now() - t0} ms`);
});

test('a config over the size limit is refused before it is parsed', async () => {
  const big = `${treeConfig(t.dir)}# ${'x'.repeat(1100 * 1024)}\n`;
  const e = await preflight(big).then(
    () => undefined,
    (x: grpc.ServiceError) => x,
  );
  // refused by gRPC's message limit or by the agent's own check, never parsed
  assert.ok(e, 'refused');
  assert.match(e.details, /larger than|exceeds|max/i);
});

test('while a run is active: pre-flight and START are refused as busy, naming the run', async () => {
  const s = new AgentStream(client);
  s.start(treeConfig(t.dir, { base: `${t.dir}/busy/`, duration: '30s' }));
  await s.next((x) => x.status === Status.READY, 20000, 'READY');
  const e = await preflight(treeConfig(t.dir, { base: `${t.dir}/other/` })).then(
    () => undefined,
    (x: grpc.ServiceError) => x,
  );
  assert.ok(e, 'pre-flight refused');
  assert.match(e.details, /^pre-flight refused: busy: running run-[0-9a-f]{8} \(agent-1\)$/);
  assert.match(
    await startRefused(treeConfig(t.dir, { base: `${t.dir}/other/` })),
    /busy: running run-[0-9a-f]{8}/,
  );
  s.send({ command: Command.ABORT });
  await s.next((x) => x.status === Status.ABORTED || x.status === Status.ERROR, 20000, 'ABORTED');
  s.close();
  // idle again: pre-flight is answered
  const r = await preflight(treeConfig(t.dir, { base: `${t.dir}/other/` }));
  assert.ok(r.results.length > 0);
});

test('concurrent pre-flights are bounded: the ones beyond the limit are told the agent is busy', async () => {
  // ~900 KB configs are parsed in a worker thread, so the first two are still running when the rest arrive
  const yaml = `${treeConfig(t.dir, { base: `${t.dir}/pf/` })}${Array.from({ length: 9000 }, (_, i) => `# comment line ${i} ${'y'.repeat(80)}`).join('\n')}\n`;
  const answers = await Promise.all(
    Array.from({ length: 8 }, () =>
      preflight(yaml).then(
        () => 'ok',
        (x: grpc.ServiceError) => x.details,
      ),
    ),
  );
  const busy = answers.filter((a) => /^busy: \d+ pre-flight checks are already running/.test(a));
  assert.ok(busy.length >= 1, answers.join('\n'));
  assert.ok(
    answers.every((a) => a === 'ok' || busy.includes(a)),
    answers.join('\n'),
  );
});
