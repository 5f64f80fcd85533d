// Workloads over data the run did not prepare (no tree, no ensure_objects), through a real agent process: get
// and stat read the objects under their path (a `*` pattern, a folder, a key — sai3's GET path rules), put
// writes into its path's folder; no matches, '..', a symlink out of the root and deletes are refused clearly.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AgentClient, LiveStats__Output, PreFlightResponse__Output } from '../../proto';
import {
  agentClient,
  AgentStream,
  Command,
  startAgent,
  Status,
  tempDir,
  unary,
  type AgentProcess,
} from './helpers/agent';

let agent: AgentProcess;
let client: AgentClient;
const t = tempDir('iobench-existing-');
const data = path.join(t.dir, 'data');
before(async () => {
  fs.mkdirSync(path.join(data, 'smoke', 'sub'), { recursive: true });
  for (let i = 0; i < 5; i++) fs.writeFileSync(path.join(data, 'smoke', `f${i}.bin`), Buffer.alloc(8192, i));
  fs.writeFileSync(path.join(data, 'smoke', 'sub', 'deep.bin'), Buffer.alloc(4096, 9));
  fs.writeFileSync(path.join(data, 'other.txt'), 'not matched by smoke/*');
  agent = await startAgent([t.dir]);
  client = agentClient(agent.address);
});
after(async () => {
  client?.close();
  await agent?.stop();
  t.cleanup();
});

const config = (workload: string) =>
  `target: "file://${data}/"\nduration: 1s\nconcurrency: 2\nworkload:\n${workload}`;

/** Runs to the end, releasing barriers; returns every message, the last one being COMPLETED/ERROR/ABORTED. */
async function run(yaml: string): Promise<LiveStats__Output[]> {
  const s = new AgentStream(client);
  s.start(yaml);
  try {
    for (;;) {
      const m = await s.next(
        (x) =>
          (x.at_barrier && x.status === Status.RUNNING && !!x.stage_summary) ||
          ([Status.COMPLETED, Status.ERROR, Status.ABORTED] as number[]).includes(x.status),
        20000,
        'barrier or end',
      );
      if (m.status !== Status.RUNNING) return [...s.log.map((x) => x.msg), m];
      s.send({ command: Command.RELEASE_BARRIER, barrier_sequence: m.barrier_sequence });
    }
  } finally {
    s.close();
  }
}

const executeSummary = (msgs: LiveStats__Output[]) =>
  msgs.find((m) => m.stage_summary?.stage_type === 'execute')?.stage_summary;

test('get and stat read the existing objects their paths match; put writes into its folder', async () => {
  const msgs = await run(
    config(
      '  - { op: get, path: "smoke/*", weight: 60 }\n  - { op: stat, path: "smoke/sub/", weight: 20 }\n' +
        '  - { op: put, path: "written/", object_size: 4096, weight: 20 }\n',
    ),
  );
  const end = msgs[msgs.length - 1];
  assert.equal(end.status, Status.COMPLETED, end.error_message);
  const sum = executeSummary(msgs)!;
  assert.ok(sum.get_ops > 0 && sum.meta_ops > 0 && sum.put_ops > 0, JSON.stringify(sum));
  assert.equal(Number(sum.errors), 0);
  // every GET read a whole matched object: 8 KiB from smoke/f*.bin or 4 KiB from smoke/sub/deep.bin
  const mean = Number(sum.get_bytes) / Number(sum.get_ops);
  assert.ok(mean >= 4096 && mean <= 8192, `mean GET size ${mean}`);
  const written = fs.readdirSync(path.join(data, 'written'));
  assert.equal(written.length, Number(sum.put_ops));
  assert.ok(written.every((f) => /^obj_\d+$/.test(f)));
  assert.equal(fs.readFileSync(path.join(data, 'other.txt'), 'utf8'), 'not matched by smoke/*');
});

test('a path that matches nothing is an ERROR that names the path and what to do', async () => {
  const msgs = await run(config('  - { op: get, path: "smoke/*.nothing", weight: 1 }\n'));
  const end = msgs[msgs.length - 1];
  assert.equal(end.status, Status.ERROR);
  assert.match(end.error_message, /workload path "smoke\/\*\.nothing" matches no objects/);
  assert.match(end.error_message, /add a prepare section/);
});

test("'..', a symlink out of the root and deletes of data the run did not create are refused", async () => {
  const up = await run(config('  - { op: get, path: "../../etc/*", weight: 1 }\n'));
  assert.equal(up.at(-1)!.status, Status.ERROR);
  assert.match(up.at(-1)!.error_message, /'\.\.' is not allowed/);

  const outside = fs.mkdtempSync(path.join(path.dirname(t.dir), 'iobench-outside-'));
  try {
    fs.writeFileSync(path.join(outside, 'secret'), 'x');
    fs.symlinkSync(outside, path.join(data, 'escape'));
    const sym = await run(config('  - { op: get, path: "escape/*", weight: 1 }\n'));
    assert.equal(sym.at(-1)!.status, Status.ERROR);
    assert.match(sym.at(-1)!.error_message, /outside the agent's roots/);
  } finally {
    fs.rmSync(path.join(data, 'escape'), { force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  }

  const del = await run(config('  - { op: delete, path: "smoke/*", weight: 1 }\n'));
  assert.equal(del.at(-1)!.status, Status.ERROR);
  assert.match(del.at(-1)!.error_message, /delete ops would remove data this run did not create/);
  assert.equal(fs.readdirSync(path.join(data, 'smoke')).length, 6, 'nothing deleted');
});

test('pre-flight says whether each get/stat path matches existing objects', async () => {
  const r = await unary<object, PreFlightResponse__Output>(client.PreFlightValidation.bind(client), {
    config_yaml: config(
      '  - { op: get, path: "smoke/*", weight: 1 }\n  - { op: stat, path: "nowhere/", weight: 1 }\n',
    ),
    agent_id: 'agent-1',
  });
  assert.equal(r.passed, false);
  const phase = r.results.filter((x) => x.test_phase === 'workload-data');
  assert.equal(phase.length, 2, JSON.stringify(r.results));
  assert.equal(phase[0].level, 0);
  assert.match(phase[0].message, /get path "smoke\/\*" matches objects \(e\.g\. \S+smoke\/\S+\.bin\)/);
  assert.equal(phase[1].level, 3);
  assert.match(phase[1].message, /stat path "nowhere\/": its folder does not exist/);
  assert.match(phase[1].suggestion, /add a prepare section/);
});
