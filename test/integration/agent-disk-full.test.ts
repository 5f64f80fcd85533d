// An unlucky disk: prepare never leaves an empty or truncated file that a rerun would take as prepared, stops
// every worker at the first ENOSPC, and says "inodes" when inodes (not bytes) ran out. The full-disk cases
// mount small tmpfs file systems of their own (root only; skipped with the reason otherwise).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AgentClient, LiveStats__Output } from '../../proto';
import { WorkerPool } from '../../agent/storage/worker-pool';
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
const t = tempDir('iobench-diskfull-');
const mounted: string[] = [];
const notRoot =
  process.getuid?.() !== 0 ? 'needs root to mount a small tmpfs (run the tests as root)' : false;
function mount(dir: string, opts: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', opts, 'tmpfs', dir], { encoding: 'utf8' });
  assert.equal(r.status, 0, `mount tmpfs ${opts}: ${r.stderr}`);
  mounted.push(dir);
}
before(async () => {
  agent = await startAgent([t.dir]);
  client = agentClient(agent.address);
});
after(async () => {
  client?.close();
  await agent?.stop();
  for (const d of mounted.reverse()) spawnSync('umount', [d]);
  t.cleanup();
});

const SIZE = 16384;
/** width 10, depth 1, 100 files of 16 KiB per leaf: 1,000 files, 16 MiB. */
const config = (base: string, extra = '') => `
target: "file://${base}/"
concurrency: 8
duration: 0s
workload: [{ op: get, path: "*", weight: 1 }]
prepare:
${extra}  ensure_objects: [{ count: 0, fill: zero, size_spec: ${SIZE} }]
  directory_structure: { width: 10, depth: 1, files_per_dir: 100, distribution: bottom, dir_mask: "d%d_w%d.dir" }
`;

async function play(yaml: string): Promise<LiveStats__Output> {
  const s = new AgentStream(client);
  s.start(yaml);
  for (;;) {
    const m = await s.next(
      (x) =>
        (x.at_barrier && x.status === Status.RUNNING && !!x.stage_summary) ||
        ([Status.COMPLETED, Status.ERROR, Status.ABORTED] as number[]).includes(x.status),
      60000,
      'barrier or end',
    );
    if (m.status !== Status.RUNNING) {
      s.close();
      return m;
    }
    s.send({ command: Command.RELEASE_BARRIER, barrier_sequence: m.barrier_sequence });
  }
}
/** Sizes of every file under `dir` (recursive). */
function sizes(dir: string): number[] {
  const out: number[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile()) out.push(fs.statSync(path.join(e.parentPath, e.name)).size);
  return out;
}

test('skip-existing: an empty or truncated file from an earlier crash is written again, not kept', async () => {
  const base = path.join(t.dir, 'crashed');
  assert.equal((await play(config(base))).status, Status.COMPLETED);
  // what kill -9 mid-prepare leaves: a file created but not yet written, one cut short
  fs.truncateSync(path.join(base, 'd1_w1.dir', 'file_00000000.dat'), 0);
  fs.truncateSync(path.join(base, 'd1_w2.dir', 'file_00000100.dat'), 100);
  const end = await play(config(base));
  assert.equal(end.status, Status.COMPLETED, end.error_message);
  const s = sizes(base);
  assert.equal(s.length, 1000);
  assert.ok(
    s.every((x) => x === SIZE),
    'every file at its size',
  );
});

test(
  'ENOSPC mid-prepare leaves no zero-byte or truncated file; after freeing space the rerun completes them',
  { skip: notRoot },
  async () => {
    const dir = path.join(t.dir, 'small');
    mount(dir, 'size=4m');
    const base = path.join(dir, 'data');
    const first = await play(config(base));
    assert.equal(first.status, Status.ERROR);
    assert.match(first.error_message, /no space left on the file system of .* MiB free/);
    const left = sizes(base);
    assert.ok(left.length > 0 && left.length < 1000, `${left.length} files`);
    assert.deepEqual(
      left.filter((x) => x !== SIZE),
      [],
      'no empty or truncated file left behind',
    );
    assert.equal(spawnSync('mount', ['-o', 'remount,size=32m', dir]).status, 0);
    const again = await play(config(base));
    assert.equal(again.status, Status.COMPLETED, again.error_message);
    const all = sizes(base);
    assert.equal(all.length, 1000);
    assert.ok(all.every((x) => x === SIZE));
  },
);

test('inode exhaustion is named as inodes, not as a bare ENOSPC', { skip: notRoot }, async () => {
  const dir = path.join(t.dir, 'few-inodes');
  mount(dir, 'size=64m,nr_inodes=200');
  const end = await play(config(path.join(dir, 'data')));
  assert.equal(end.status, Status.ERROR);
  assert.match(
    end.error_message,
    /no free inodes on the file system of .*ENOSPC here means inodes, not bytes/,
  );
});

test('the first ENOSPC stops every batch that shares the stop flag', { skip: notRoot }, async () => {
  const dir = path.join(t.dir, 'stop');
  mount(dir, 'size=1m');
  const pool = new WorkerPool(4);
  try {
    const stop = new SharedArrayBuffer(4);
    const batch = (k: number) => {
      const paths = Array.from({ length: 200 }, (_, i) => path.join(dir, `b${k}-${i}`));
      return pool.run({
        kind: 'create',
        paths,
        sizes: new Float64Array(200).fill(65536),
        fill: 'zero',
        exclusive: true,
        stop,
      });
    };
    const rs = await Promise.all([0, 1, 2, 3].map(batch));
    const failed = rs.reduce((n, r) => n + r.errors.length, 0);
    assert.ok(failed >= 1 && failed <= 4, `one ENOSPC per worker at most, got ${failed}`);
    assert.ok(
      rs.every((r) => r.done < 200),
      'no batch went on to its end',
    );
    assert.ok(
      sizes(dir).every((x) => x === 65536),
      'the file that hit ENOSPC was removed',
    );
  } finally {
    await pool.close();
  }
});
