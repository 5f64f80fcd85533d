// Prepare/execute/cleanup on file:// through a real agent process: the exact tree the core model predicts,
// sizes inside the distribution, LiveStats from the first second, summaries, skip-existing, cleanup, abort.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { iterDirs, iterFiles } from '../../core/tree';
import { seedFromUri, sizeSampler } from '../../agent/sizes';
import type { TreeSpec } from '../../core/model';
import type { AgentClient, LiveStats__Output } from '../../proto';
import {
  agentClient,
  AgentStream,
  Command,
  listTree,
  startAgent,
  Status,
  supportsODirect,
  tempDir,
  unary,
  type AgentProcess,
} from './helpers/agent';
import { treeConfig } from './helpers/configs';

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

/** Play a run to the end, releasing every barrier; returns the stream (log inside). */
async function runToEnd(yaml: string, onBarrier?: (m: LiveStats__Output) => void): Promise<AgentStream> {
  const s = new AgentStream(client);
  s.start(yaml);
  for (;;) {
    const m = await s.next(
      (x) =>
        (x.at_barrier && x.status === Status.RUNNING && !!x.stage_summary) ||
        x.status === Status.COMPLETED ||
        x.status === Status.ERROR ||
        x.status === Status.ABORTED,
      60000,
      'barrier or end',
    );
    if (m.status !== Status.RUNNING) {
      assert.equal(m.status, Status.COMPLETED, m.error_message);
      return s;
    }
    onBarrier?.(m);
    s.send({ command: Command.RELEASE_BARRIER, barrier_sequence: m.barrier_sequence });
  }
}

const tree: TreeSpec = { width: 3, depth: 2, filesPerDir: 4, distribution: 'bottom', dirMask: 'd%d_w%d.dir' };

test('prepare creates exactly the directories and files core/tree predicts, sizes inside the distribution', async () => {
  const base = path.join(t.dir, 'exact');
  const s = await runToEnd(treeConfig(t.dir, { base: `${base}/` }));
  const expected = [
    ...[...iterDirs(tree)].map((d) => `${d.path}/`),
    ...[...iterFiles(tree)].map((f) => f.path),
  ].sort();
  assert.deepEqual(listTree(base), expected);
  for (const f of iterFiles(tree)) {
    const size = fs.statSync(path.join(base, f.path)).size;
    assert.ok(size >= 1024 && size <= 8192, `${f.path}: ${size}`);
  }
  // Summaries: the prepare barrier carries a StageSummary, COMPLETED carries the prepare summary.
  const prep = s.log.find((x) => x.msg.stage_summary?.stage_type === 'prepare')!.msg.stage_summary!;
  assert.equal(prep.put_ops, 36);
  assert.equal(prep.meta_ops, 12); // mkdirs
  assert.ok(prep.histogram_put.length > 0);
  const done = s.log.find((x) => x.msg.status === Status.COMPLETED)!.msg;
  assert.equal(done.completed, true);
  assert.equal(done.prepare_summary?.objects_created, 36);
  assert.equal(done.prepare_summary?.mkdir_count, 12);
  s.close();

  // A second run creates nothing and reports every file as existing.
  const again = await runToEnd(treeConfig(t.dir, { base: `${base}/` }));
  const d2 = again.log.find((x) => x.msg.status === Status.COMPLETED)!.msg;
  assert.equal(d2.prepare_summary?.objects_created, 0);
  assert.equal(d2.prepare_summary?.objects_existed, 36);
  again.close();
});

test('direct:// prepares through O_DIRECT: the tree core/tree predicts, exact sizes, unaligned sizes included', async (c) => {
  const base = path.join(t.dir, 'direct');
  fs.mkdirSync(base, { recursive: true });
  if (!supportsODirect(base)) return c.skip(`${base} does not support O_DIRECT`);
  // Sizes from 1000 to 9000 bytes: almost none a multiple of 4096, some over one 4 KiB block. O_DIRECT writes
  // whole aligned blocks only, so without padding + truncation these files fail (EINVAL) or come out too big.
  const size = '{ type: uniform, min: 1000, max: 9000 }';
  const s = await runToEnd(treeConfig(t.dir, { base: `${base}/`, size, fill: 'random', scheme: 'direct' }));
  const done = s.log.find((x) => x.msg.status === Status.COMPLETED)!.msg;
  assert.equal(done.prepare_summary?.objects_created, 36);
  s.close();
  const expected = [
    ...[...iterDirs(tree)].map((d) => `${d.path}/`),
    ...[...iterFiles(tree)].map((f) => f.path),
  ].sort();
  assert.deepEqual(listTree(base), expected, 'exactly the tree, no probe files left behind');
  const sizeOf = sizeSampler({ kind: 'uniform', min: 1000n, max: 9000n }, seedFromUri(`direct://${base}/`));
  let unaligned = 0;
  for (const f of iterFiles(tree)) {
    const want = sizeOf(Number(f.index));
    assert.equal(fs.statSync(path.join(base, f.path)).size, want, f.path);
    if (want % 4096) unaligned++;
  }
  assert.ok(unaligned > 30, `${unaligned} unaligned sizes`);
});

test('LiveStats: first message at once, no gap over 1.5 s, READY/barriers/COMPLETED in order, cleanup leaves nothing', async () => {
  const base = path.join(t.dir, 'cycle');
  const s = await runToEnd(treeConfig(t.dir, { base: `${base}/`, duration: '2s', cleanup: true, files: 6 }));
  const log = s.log;
  assert.ok(log[0].at < 1000, `first message after ${log[0].at} ms`);
  for (let i = 1; i < log.length; i++)
    assert.ok(log[i].at - log[i - 1].at <= 1500, `gap ${log[i].at - log[i - 1].at} ms`);
  const ready = log.findIndex((x) => x.msg.status === Status.READY);
  assert.ok(ready > 0);
  assert.equal(log[ready].msg.at_barrier, true);
  assert.equal(log[ready].msg.barrier_sequence, 0);
  assert.ok(log[ready].msg.agent_timestamp_ns > 0);
  const summaries = log
    .filter((x) => x.msg.stage_summary)
    .map((x) => [x.msg.barrier_sequence, x.msg.stage_summary!.stage_type]);
  assert.deepEqual(summaries, [
    [0, 'validation'],
    [1, 'prepare'],
    [2, 'execute'],
    [3, 'cleanup'],
  ]);
  assert.equal(log[log.length - 1].msg.status, Status.COMPLETED);
  const exec = log.find((x) => x.msg.stage_summary?.stage_type === 'execute')!.msg.stage_summary!;
  assert.ok(exec.get_ops > 0 && exec.meta_ops > 0 && exec.put_ops > 0, JSON.stringify(exec.get));
  assert.ok(exec.get!.p50_us > 0);
  // RUNNING during execute carries op classes and stage fields.
  const running = log.find(
    (x) => x.msg.status === Status.RUNNING && x.msg.current_stage === 2 && !x.msg.at_barrier,
  );
  assert.ok(running, 'a RUNNING message during execute');
  assert.equal(running!.msg.stage_name, 'execute');
  assert.deepEqual(listTree(base), []);
  s.close();
});

test('abort mid-prepare stops within a second; the agent is idle and the next run works', async () => {
  const base = path.join(t.dir, 'abort');
  const s = new AgentStream(client);
  s.start(
    treeConfig(t.dir, { base: `${base}/`, width: 40, depth: 2, files: 60, size: '1024', concurrency: 2 }),
  );
  await s.next((m) => m.at_barrier && m.barrier_sequence === 0 && m.status === Status.READY, 10000, 'READY');
  s.send({ command: Command.RELEASE_BARRIER, barrier_sequence: 0 });
  const p = await s.next(
    (m) => m.current_stage === 1 && m.stage_progress_current > 0,
    20000,
    'prepare progress',
  );
  assert.ok(p.stage_progress_current < p.stage_progress_total);
  const t0 = Date.now();
  await unary(client.AbortWorkload.bind(client), {});
  const end = await s.next(
    (m) => m.status === Status.ABORTED || m.status === Status.COMPLETED,
    5000,
    'ABORTED',
  );
  assert.equal(end.status, Status.ABORTED);
  assert.ok(Date.now() - t0 < 1000, `abort took ${Date.now() - t0} ms`);
  const q: { current_progress: { current_phase: number } } = await unary<object, any>(
    client.QueryAgentStatus.bind(client),
    { agent_id: 'agent-1' },
  );
  assert.equal(q.current_progress.current_phase, 0); // PHASE_IDLE
  s.close();
  // Reusable: a fresh run completes.
  const again = await runToEnd(treeConfig(t.dir, { base: `${t.dir}/after-abort/` }));
  assert.equal(again.log[again.log.length - 1].msg.status, Status.COMPLETED);
  again.close();
});

test('a controller that disconnects aborts the run', async () => {
  const s = new AgentStream(client);
  s.start(
    treeConfig(t.dir, {
      base: `${t.dir}/disc/`,
      width: 40,
      depth: 2,
      files: 60,
      size: '1024',
      concurrency: 2,
    }),
  );
  await s.next((m) => m.status === Status.READY, 10000, 'READY');
  s.call.cancel();
  // The agent becomes idle: a new START is accepted and runs to the end.
  const again = await runToEnd(treeConfig(t.dir, { base: `${t.dir}/after-disc/` }));
  assert.equal(again.log[again.log.length - 1].msg.status, Status.COMPLETED);
  again.close();
});
