// startDetached / followRun / runStatus / abortRun as the editor uses them: a real detached `iobench run`
// (dist/cli.js with local agents on loopback), followed live from its folder, aborted from another "host".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  abortRun,
  detachedArgs,
  followRun,
  runStatus,
  startDetached,
  type RunEventLine,
} from '../../controller';
import { CLI, iobench, smallConfig, withTempDir } from './controller-helpers';

test('a detached run is followed live, aborted from outside, and its folder says how it ended', () =>
  withTempDir(async (dir) => {
    const cfg = join(dir, 'long.yaml');
    writeFileSync(cfg, smallConfig({ duration: '60s' }));
    mkdirSync(join(dir, 'root'));
    const out = join(dir, 'out');
    // what the extension host does: its own Node in "run as node" mode and the packaged CLI
    const { pid, resultsDir } = startDetached({
      command: process.execPath,
      args: [CLI, ...detachedArgs(cfg, { local: 2, root: join(dir, 'root') }, out)],
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      resultsDir: out,
      file: cfg,
    });
    assert.equal(resultsDir, out);
    assert.equal(Number(readFileSync(join(out, 'run.pid'), 'utf8').split(' ')[0]), pid);
    assert.equal(JSON.parse(readFileSync(join(out, 'detach.json'), 'utf8')).pid, pid);
    const seen: RunEventLine[] = [];
    let abort: Promise<{ ok: boolean; message: string }> | undefined;
    for await (const e of followRun(out, { pollMs: 100 })) {
      seen.push(e);
      if (e.event === 'live-stats' && !abort) {
        assert.deepEqual(
          { alive: runStatus(out).alive, finished: runStatus(out).finished },
          { alive: true, finished: false },
        );
        abort = abortRun(out);
      }
    }
    assert.ok(abort, `no live-stats: ${seen.map((e) => e.event).join(' ')}`);
    const r = await abort;
    assert.equal(r.ok, true, r.message);
    const last = seen[seen.length - 1];
    assert.equal(last.event, 'completed');
    assert.ok(seen.some((e) => e.event === 'aborted'));
    assert.ok(seen.every((e) => e.v === 1));
    const st = runStatus(out);
    assert.equal(st.finished, true);
    assert.equal(st.ok, false);
    assert.match(st.message ?? '', /interrupted/);
    assert.match(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).reason, /interrupted/);
    // a second abort has nothing to stop
    const again = await abortRun(out);
    assert.equal(again.ok, false);
    assert.match(again.message, /already ended \(failed: .*interrupted/);
  }));

test('abortRun on a folder no detached run owns says so', () =>
  withTempDir(async (dir) => {
    const r = await abortRun(dir);
    assert.equal(r.ok, false);
    assert.match(r.message, /has no run\.pid: not a run this machine started in the background/);
    assert.match((await abortRun(join(dir, 'nope'))).message, /no such folder/);
    assert.throws(
      () => startDetached({ command: join(dir, 'no-such-node'), args: [], resultsDir: join(dir, 'x') }),
      /cannot start .*no-such-node/,
    );
  }));

test('attach reads a run folder of the previous build (lines without "v") and refuses a newer format clearly', () =>
  withTempDir(async (dir) => {
    const old = join(dir, 'old');
    mkdirSync(old);
    const agent = { id: 'agent-1', index: 0, address: '127.0.0.1:7001' };
    const lines = [
      {
        event: 'run-start',
        t: 1,
        data: { runId: 'abcdef012345', agents: [agent], stages: [], startedAt: '' },
      },
      { event: 'results-written', t: 2, data: { dir: old, files: ['summary.json'] } },
      { event: 'completed', t: 3, data: { ok: true, wallSeconds: 1, stages: 0 } },
    ];
    writeFileSync(join(old, 'events.ndjson'), lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
    const a = await iobench(['attach', old]);
    assert.equal(a.code, 0, a.stderr);
    assert.match(a.stdout, /Run abcdef01: 1 agent/);
    assert.match(a.stdout, /✅ Completed/);
    const j = await iobench(['attach', old, '--json']);
    assert.deepEqual(
      j.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).v),
      [1, 1, 1],
    );

    const newer = join(dir, 'newer');
    mkdirSync(newer);
    writeFileSync(join(newer, 'events.ndjson'), `${JSON.stringify({ ...lines[2], v: 2 })}\n`);
    const n = await iobench(['attach', newer]);
    assert.equal(n.code, 1);
    assert.match(
      n.stderr,
      /iobench attach: \S+events\.ndjson:1: written by a newer iobench \(event format v2; this build reads up to v1\): update iobench/,
    );
  }));
