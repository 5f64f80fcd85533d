// The terminal rendering of controller events (cli/render): pre-flight blocks, the progress bar without a TTY,
// live lines during execute, the summary table and the results path — fed with synthetic events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClassStats, RunEventName, RunEvents, StageRef } from '../../controller';
import { TerminalRenderer } from '../../cli/render/terminal';
import { summaryTable } from '../../cli/render/summary';

function fakeStream() {
  const s = { text: '', isTTY: false, columns: 200, write: (x: string) => ((s.text += x), true) };
  return s;
}

const cls = (opsPerSec: number, p50: number): ClassStats => ({
  ops: opsPerSec,
  bytes: opsPerSec * 65536,
  opsPerSec,
  mibPerSec: opsPerSec / 16,
  meanUs: p50,
  p50Us: p50,
  p90Us: p50 * 2,
  p95Us: p50 * 3,
  p99Us: p50 * 20,
});
const none = cls(0, 0);
const prepare: StageRef = { index: 1, name: 'prepare', type: 'prepare' };
const execute: StageRef = { index: 2, name: 'execute', type: 'execute', durationMs: 2000 };
const agent = { id: 'agent-2', index: 1, address: '127.0.0.1:7002' };

test('terminal rendering: pre-flight, bar, live lines, summary table, results path', () => {
  const out = fakeStream();
  const err = fakeStream();
  const r = new TerminalRenderer({ out: out as never, err: err as never, file: 'f.yaml' });
  const feed = <K extends RunEventName>(name: K, data: RunEvents[K]) => r.handle(name, data);
  feed('run-start', { runId: 'abcdef0123', agents: [agent], stages: [prepare, execute], startedAt: '' });
  feed('preflight-result', {
    agent,
    passed: false,
    errors: 1,
    warnings: 0,
    results: [
      {
        level: 'error',
        type: 'permission',
        phase: 'write',
        message: 'Cannot create a file in /data',
        suggestion: 'chmod u+w /data',
        details: 'EACCES',
        line: 3,
        column: 5,
      },
    ],
  });
  feed('preflight-done', { passed: false, agents: 1, errors: 1, warnings: 0 });
  feed('stage-start', { stage: prepare, at: 1 });
  feed('progress', { stage: prepare, label: 'prepare', current: 5, total: 10, agents: [] });
  feed('barrier-released', { index: 1, stage: prepare, agents: ['agent-2'] });
  feed('stage-start', { stage: execute, at: 2 });
  const row = { get: cls(1234, 900), put: none, meta: cls(50, 100) };
  feed('live-stats', {
    t: 3,
    stage: execute,
    elapsedS: 1.2,
    agents: [{ id: 'agent-2', ...row }],
    total: { ...row, latency: 'op-weighted' },
  });
  feed('stage-summary', {
    stage: execute,
    wallSeconds: 2,
    agents: [{ id: 'agent-2', wallSeconds: 2, errors: 0, ...row }],
    total: { ...row, errors: 0, latency: 'hdr' },
  });
  feed('results-written', { dir: '/x/results', files: [] });
  feed('completed', { ok: true, wallSeconds: 4, stages: 3 });
  r.close();
  const text = out.text;
  assert.match(text, /✗ agent-2 \(127\.0\.0\.1:7002\): FAILED \(1 error\)/);
  assert.match(
    text,
    /✗ \[PERM\] write: Cannot create a file in \/data \(f\.yaml:3:5\)\n\s+→ chmod u\+w \/data\n\s+Details: EACCES/,
  );
  assert.match(text, /❌ Pre-flight validation FAILED — 1 error, 0 warnings across 1 agent/);
  assert.match(text, /── stage 2\/2: prepare \(prepare\)/);
  assert.match(text, /prepare \|█+░+\| 50% \| 5\/10/);
  assert.match(
    text,
    /\[execute 1s\/2s\] total: GET 1,234 ops\/s, 77\.1 MiB\/s \(p50 900µs, p95 2700µs, p99 18\.0ms\) \| META 50 ops\/s/,
  );
  assert.match(text, /stage +agent +op +ops +ops\/s +MiB\/s +p50 +p95 +p99/);
  assert.match(text, /3 execute \(2\.0 s\) +all +GET +1,234 +1,234 +77\.1 +900µs/);
  assert.ok(text.indexOf('✅ Completed') < text.indexOf('Results: /x/results'));
  assert.equal(r.ok, true);
});

test('summary table marks op-weighted percentiles', () => {
  const row = { get: cls(10, 100), put: none, meta: none };
  const t = summaryTable([
    {
      stage: execute,
      wallSeconds: 1,
      agents: [{ id: 'a', wallSeconds: 1, errors: 0, ...row }],
      total: { ...row, errors: 0, latency: 'op-weighted' },
    },
  ]);
  assert.match(t, /~100µs/);
  assert.match(t, /~ = op-weighted/);
});

test('failed operations are shown: per stage (with the agents that had them) and on the final line', () => {
  const out = fakeStream();
  const err = fakeStream();
  const r = new TerminalRenderer({ out: out as never, err: err as never });
  const row = { get: cls(36, 800), put: none, meta: cls(40, 200) };
  r.handle('stage-summary', {
    stage: execute,
    wallSeconds: 1,
    agents: [
      { id: 'agent-1', wallSeconds: 1, errors: 24531, ...row },
      { id: 'agent-2', wallSeconds: 1, errors: 0, ...row },
    ],
    total: { ...row, errors: 24531, latency: 'hdr' },
  });
  r.handle('completed', { ok: true, wallSeconds: 1.3, stages: 4 });
  r.close();
  assert.match(err.text, /⚠ execute: 24,531 operations failed \(agent-1: 24,531\)\n/);
  assert.match(out.text, /✅ Completed: every stage on every agent \(1\.3 s\) — ⚠ 24,531 failed operations/);
});

test('a stage that ends before a bar is up prints one line with the final total, not the first agent’s', () => {
  const out = fakeStream();
  const r = new TerminalRenderer({ out: out as never, err: fakeStream() as never });
  // agent-1 reports its whole share done before agent-2 has reported at all, then both at the barrier
  r.handle('progress', { stage: prepare, label: 'prepare', current: 724, total: 724, agents: [] });
  r.handle('progress', { stage: prepare, label: 'prepare', current: 1448, total: 1448, agents: [] });
  r.handle('stage-summary', {
    stage: prepare,
    wallSeconds: 0.9,
    agents: [],
    total: { get: none, put: none, meta: none, errors: 0, latency: 'hdr' },
  });
  r.handle('barrier-released', { index: 1, stage: prepare, agents: ['agent-1', 'agent-2'] });
  r.close();
  assert.match(out.text, /prepare █+ 100% \| 1448\/1448\n/);
  assert.doesNotMatch(out.text, /724\/724/);
  assert.equal(out.text.match(/100% \|/g)?.length, 1);
});
