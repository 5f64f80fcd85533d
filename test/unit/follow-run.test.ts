// followRun on event files this test writes itself (the real file system under a temp folder, a real process
// behind run.pid): replay of a finished run, live lines appended while following, a truncated last line held
// until complete, ladder step folders in order, a run whose process died, a newer format refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  RunFileError,
  followRun,
  formatEventLine,
  pidFileText,
  type RunEventLine,
  type RunEventName,
  type RunEvents,
} from '../../controller';

const line = <K extends RunEventName>(event: K, data: RunEvents[K], t = 1) =>
  `${formatEventLine(event, data, t)}\n`;
const log = (message: string) => line('log', { level: 'info', message });
const completed = (ok = true) => line('completed', { ok, wallSeconds: 1, stages: 1 });

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'iobench-follow-'));
  try {
    await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A real process standing in for the detached controller: run.pid names it, the test ends it. */
async function fakeRun(dir: string): Promise<{ child: ChildProcess; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e9)'], { stdio: 'ignore' });
  await new Promise<void>((r) => child.once('spawn', () => r()));
  writeFileSync(join(dir, 'run.pid'), pidFileText(child.pid!));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    child,
    stop: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

const describe = (l: RunEventLine) => (l.event === 'log' ? `log:${l.data.message}` : l.event);

async function collect(it: AsyncIterable<RunEventLine>): Promise<string[]> {
  const out: string[] = [];
  for await (const l of it) out.push(describe(l));
  return out;
}

test('a finished run replays, including lines of the previous build without "v", and ends', () =>
  withDir(async (dir) => {
    const old = JSON.stringify({ event: 'log', t: 5, data: { level: 'info', message: 'old' } });
    writeFileSync(join(dir, 'events.ndjson'), `${old}\n${log('new')}\n${completed()}`);
    let caughtUp = 0;
    const got = await collect(followRun(dir, { onCaughtUp: () => caughtUp++ }));
    assert.deepEqual(got, ['log:old', 'log:new', 'completed']);
    assert.equal(caughtUp, 1);
  }));

test('live: lines appended while following arrive; a truncated last line is held until complete', () =>
  withDir(async (dir) => {
    const run = await fakeRun(dir);
    try {
      const whole = line('log', { level: 'warning', message: 'a line written in two parts' });
      writeFileSync(join(dir, 'events.ndjson'), log('first') + whole.slice(0, 25));
      let caughtUp!: () => void;
      const waiting = new Promise<void>((r) => (caughtUp = r));
      const it = followRun(dir, { pollMs: 50, onCaughtUp: () => caughtUp() })[Symbol.asyncIterator]();
      assert.equal(describe((await it.next()).value), 'log:first');
      const next = it.next(); // pending: only half a line is there
      await waiting;
      appendFileSync(join(dir, 'events.ndjson'), whole.slice(25));
      const r = await next;
      assert.equal(r.done, false);
      assert.deepEqual(r.value.data, { level: 'warning', message: 'a line written in two parts' });
      const end = it.next();
      appendFileSync(join(dir, 'events.ndjson'), log('live') + completed(false));
      assert.equal(describe((await end).value), 'log:live');
      assert.equal(describe((await it.next()).value), 'completed');
      assert.equal((await it.next()).done, true, 'ends after completed while the process still runs');
    } finally {
      await run.stop();
    }
  }));

test('a ladder: step folders from detach.json in order, the next one followed when it appears', () =>
  withDir(async (dir) => {
    const run = await fakeRun(dir);
    try {
      writeFileSync(
        join(dir, 'detach.json'),
        JSON.stringify({ pid: run.child.pid, steps: ['1-SIMPLE', '2-MEDIUM'] }),
      );
      mkdirSync(join(dir, '1-SIMPLE'));
      writeFileSync(
        join(dir, '1-SIMPLE', 'events.ndjson'),
        line('step-start', { step: 'SIMPLE', index: 0, of: 2, resultsDir: join(dir, '1-SIMPLE') }) +
          completed(),
      );
      let caughtUp!: () => void;
      const waiting = new Promise<void>((r) => (caughtUp = r));
      const it = followRun(dir, { pollMs: 50, onCaughtUp: () => caughtUp() })[Symbol.asyncIterator]();
      assert.equal(describe((await it.next()).value), 'step-start');
      assert.equal(describe((await it.next()).value), 'completed');
      const next = it.next();
      await waiting; // step 1 read, step 2 not there yet
      mkdirSync(join(dir, '2-MEDIUM'));
      writeFileSync(join(dir, '2-MEDIUM', 'events.ndjson'), log('medium'));
      assert.equal(describe((await next).value), 'log:medium');
      const last = it.next();
      appendFileSync(join(dir, '2-MEDIUM', 'events.ndjson'), completed());
      assert.equal(describe((await last).value), 'completed');
      assert.equal((await it.next()).done, true);
    } finally {
      await run.stop();
    }
  }));

test('a failed ladder step ends the run; the later folders are not waited for', () =>
  withDir(async (dir) => {
    writeFileSync(join(dir, 'ladder.json'), JSON.stringify({ steps: ['1-SIMPLE', '2-FULL'] }));
    mkdirSync(join(dir, '1-SIMPLE'));
    writeFileSync(join(dir, '1-SIMPLE', 'events.ndjson'), log('s') + completed(false));
    assert.deepEqual(await collect(followRun(dir)), ['log:s', 'completed']);
  }));

test('the run process died without completing: what it wrote, then the end', () =>
  withDir(async (dir) => {
    const run = await fakeRun(dir);
    writeFileSync(join(dir, 'events.ndjson'), log('one') + log('two').slice(0, 10));
    let caughtUp!: () => void;
    const waiting = new Promise<void>((r) => (caughtUp = r));
    const it = followRun(dir, { pollMs: 50, onCaughtUp: () => caughtUp() })[Symbol.asyncIterator]();
    assert.equal(describe((await it.next()).value), 'log:one');
    const next = it.next();
    await waiting;
    await run.stop();
    assert.equal((await next).done, true, 'the half line of a dead run is never yielded');
  }));

test('a folder with nothing, whose process is gone, ends at once', () =>
  withDir(async (dir) => {
    const run = await fakeRun(dir);
    await run.stop();
    assert.deepEqual(await collect(followRun(dir)), []);
  }));

test('a newer format version and a broken line throw RunFileError with file and line', () =>
  withDir(async (dir) => {
    const file = join(dir, 'events.ndjson');
    writeFileSync(file, `${log('ok')}\n${JSON.stringify({ v: 2, event: 'log', t: 1, data: {} })}\n`);
    const seen: string[] = [];
    await assert.rejects(
      async () => {
        for await (const l of followRun(dir)) seen.push(describe(l));
      },
      (e: unknown) =>
        e instanceof RunFileError &&
        e.file === file &&
        e.line === 3 &&
        /event format v2; this build reads up to v1\): update iobench/.test(e.message),
    );
    assert.deepEqual(seen, ['log:ok']);
    writeFileSync(file, `${log('ok')}{"event":\n`);
    await assert.rejects(collect(followRun(dir)), new RegExp(`${file}:2: not JSON`));
  }));

test('abort ends a follow that is waiting', () =>
  withDir(async (dir) => {
    const run = await fakeRun(dir);
    try {
      writeFileSync(join(dir, 'events.ndjson'), log('x'));
      const ac = new AbortController();
      const got: string[] = [];
      await collect(
        followRun(dir, {
          signal: ac.signal,
          pollMs: 10_000,
          onCaughtUp: () => ac.abort(),
        }),
      ).then((g) => got.push(...g));
      assert.deepEqual(got, ['log:x']);
    } finally {
      await run.stop();
    }
  }));
