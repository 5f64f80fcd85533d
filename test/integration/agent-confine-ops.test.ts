// Confinement of every file operation, not only prepare's mkdir: a tree folder inside the root replaced by a
// symlink to a folder outside it must not let put, get, stat, delete, cleanup_only or prepare touch the files
// there. Each operation fails with a clear error that is counted, and the files outside stay as they were.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AgentClient, LiveStats__Output } from '../../proto';
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
const outer = tempDir('iobench-confine-ops-');
const root = path.join(outer.dir, 'root');
const base = path.join(root, 'data');
const outside = path.join(outer.dir, 'outside');
const FILES = 4; // width 1, depth 1: every file (0..3) is in d1_w1.dir, the folder the test replaces
const name = (i: number) => `file_${String(i).padStart(8, '0')}.dat`;
const PRECIOUS = 'precious, outside the root\n';

function config(body: string): string {
  return `
target: "file://${base}/"
concurrency: 2
${body}
prepare:
  ensure_objects:
    - count: 0
      fill: zero
      size_spec: 4096
  directory_structure: { width: 1, depth: 1, files_per_dir: ${FILES}, distribution: bottom, dir_mask: "d%d_w%d.dir" }
`;
}
/** validation + execute only (no prepare stage that would see the symlink first), as the issue ran it. */
const executeOnly = (op: string) =>
  config(`duration: 1s
workload:
  - { op: ${op}, path: "*", weight: 1${op === 'put' ? ', object_size: 4096' : ''} }
distributed:
  shared_filesystem: false
  tree_creation_mode: isolated
  path_selection: random
  agents: [{ address: "127.0.0.1:1", id: agent-1 }]
  stages:
    - { name: check, order: 1, type: validation, completion: validation_passed }
    - { name: run, order: 2, type: execute, completion: duration, duration: 1s }`);

async function play(yaml: string): Promise<LiveStats__Output[]> {
  const s = new AgentStream(client);
  s.start(yaml);
  for (;;) {
    const m = await s.next(
      (x) =>
        (x.at_barrier && x.status === Status.RUNNING && !!x.stage_summary) ||
        ([Status.COMPLETED, Status.ERROR, Status.ABORTED] as number[]).includes(x.status),
      30000,
      'barrier or end',
    );
    if (m.status !== Status.RUNNING) {
      s.close();
      return s.log.map((x) => x.msg);
    }
    s.send({ command: Command.RELEASE_BARRIER, barrier_sequence: m.barrier_sequence });
  }
}
const errorsOf = (log: LiveStats__Output[]) =>
  log.reduce((n, m) => Math.max(n, Number(m.stage_summary?.errors ?? 0)), 0);
const texts = (log: LiveStats__Output[]) => log.map((m) => m.error_message).join('\n');

function plantSymlink(): void {
  const dir = path.join(base, 'd1_w1.dir');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
  fs.mkdirSync(outside);
  for (let i = 0; i < FILES; i++) fs.writeFileSync(path.join(outside, name(i)), PRECIOUS);
  fs.symlinkSync(outside, dir);
}
function assertOutsideIntact(): void {
  assert.deepEqual(fs.readdirSync(outside).sort(), [0, 1, 2, 3].map(name));
  for (let i = 0; i < FILES; i++)
    assert.equal(fs.readFileSync(path.join(outside, name(i)), 'utf8'), PRECIOUS, name(i));
}

before(async () => {
  fs.mkdirSync(root);
  agent = await startAgent([root]);
  client = agentClient(agent.address);
  const log = await play(config('duration: 0s\nworkload: [{ op: get, path: "*", weight: 1 }]'));
  assert.equal(log.at(-1)!.status, Status.COMPLETED, texts(log));
  assert.equal(fs.readdirSync(path.join(base, 'd1_w1.dir')).length, FILES);
});
after(async () => {
  client?.close();
  await agent?.stop();
  outer.cleanup();
});

for (const op of ['put', 'get', 'stat', 'delete']) {
  test(`execute ${op}: a symlinked tree folder leading out fails each operation there, nothing outside changes`, async () => {
    plantSymlink();
    const log = await play(executeOnly(op));
    assertOutsideIntact();
    assert.ok(errorsOf(log) > 0, `the refused ${op}s are counted as errors`);
    assert.match(texts(log), /ECONFINE|outside the agent's roots/);
  });
}

test('cleanup_only: files behind the symlinked folder are not deleted; the refusals are counted', async () => {
  plantSymlink();
  const log = await play(
    config('duration: 0s\nworkload: []').replace(
      'prepare:\n',
      'prepare:\n  cleanup_only: true\n  cleanup_mode: tolerant\n',
    ),
  );
  assertOutsideIntact();
  // every delete refused (and the symlink is no folder to rmdir): the stage fails, saying why
  assert.equal(log.at(-1)!.status, Status.ERROR);
  assert.match(
    log.at(-1)!.error_message,
    /file_00000000\.dat: its folder resolves to .* outside the agent's roots/,
  );
});

test('prepare (force_overwrite) does not write through the symlinked folder', async () => {
  plantSymlink();
  const log = await play(
    config('duration: 0s\nworkload: [{ op: get, path: "*", weight: 1 }]').replace(
      'prepare:\n',
      'prepare:\n  force_overwrite: true\n',
    ),
  );
  assertOutsideIntact();
  assert.equal(log.at(-1)!.status, Status.ERROR);
  assert.match(log.at(-1)!.error_message, /symlink/);
});
