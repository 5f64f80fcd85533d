// The run-state reducer: every host renders from it, so what it derives (stage, progress rate and ETA, agents
// with their offsets and rates, errors, outcome, the ladder's prediction) is checked on a synthetic run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MAX_RUN_MESSAGES,
  initialRunState,
  reduceRun,
  replayRun,
  type AnyRunEvent,
  type ClassStats,
  type RunState,
  type StageRef,
} from '../../controller';

type Ev = AnyRunEvent & { t?: number };

const a1 = { id: 'agent-1', index: 0, address: '127.0.0.1:7001' };
const a2 = { id: 'agent-2', index: 1, address: '127.0.0.1:7002' };
const prepare: StageRef = { index: 1, name: 'prepare', type: 'prepare' };
const execute: StageRef = { index: 2, name: 'execute', type: 'execute', durationMs: 10_000 };
const cls = (opsPerSec: number, mibPerSec = 0): ClassStats => ({
  ops: opsPerSec,
  bytes: 0,
  opsPerSec,
  mibPerSec,
  meanUs: 100,
  p50Us: 90,
  p90Us: 150,
  p95Us: 200,
  p99Us: 400,
});
const row = (get: number, put: number) => ({
  get: cls(get, get / 16),
  put: cls(put, put / 16),
  meta: cls(0),
});

const T0 = 1_700_000_000_000;
const run: Ev[] = [
  { event: 'step-start', t: T0, data: { step: 'SIMPLE', index: 0, of: 3, resultsDir: '/r/1-SIMPLE' } },
  {
    event: 'estimate',
    t: T0,
    data: { json: {}, files: 1448, bytes: 1448 * 4096, dirs: 62, treeSeconds: 1, prepareSeconds: 2 },
  },
  {
    event: 'run-start',
    t: T0 + 1,
    data: { runId: 'r1', configFile: 'b.yaml', agents: [a1, a2], stages: [prepare, execute], startedAt: '' },
  },
  { event: 'agent-connected', t: T0 + 10, data: { agent: a1, version: '0.1', ms: 3 } },
  { event: 'agent-connected', t: T0 + 11, data: { agent: a2, version: '0.1', ms: 4 } },
  {
    event: 'preflight-result',
    t: T0 + 20,
    data: { agent: a1, passed: true, errors: 0, warnings: 1, results: [] },
  },
  { event: 'preflight-done', t: T0 + 30, data: { passed: true, agents: 2, errors: 0, warnings: 1 } },
  { event: 'calibration', t: T0 + 31, data: { agents: { 'agent-1': { mkdirPerSec: 5000 } } } },
  { event: 'agent-ready', t: T0 + 40, data: { agent: a1, clockOffsetMs: 1.5 } },
  { event: 'agent-ready', t: T0 + 41, data: { agent: a2, clockOffsetMs: -0.5 } },
  { event: 'stage-start', t: T0 + 1_000, data: { stage: prepare, at: T0 + 1_000 } },
  {
    event: 'progress',
    t: T0 + 2_000,
    data: {
      stage: prepare,
      label: 'Creating files',
      current: 100,
      total: 1100,
      agents: [{ id: 'agent-1', current: 100, total: 550, label: 'Creating files' }],
    },
  },
  {
    event: 'progress',
    t: T0 + 4_000,
    data: { stage: prepare, label: 'Creating files', current: 600, total: 1100, agents: [] },
  },
  { event: 'barrier-reached', t: T0 + 5_000, data: { index: 1, agent: a1, waiting: 1 } },
  {
    event: 'barrier-released',
    t: T0 + 5_100,
    data: { index: 1, stage: prepare, agents: ['agent-1', 'agent-2'] },
  },
  { event: 'stage-start', t: T0 + 6_000, data: { stage: execute, at: T0 + 6_000 } },
  {
    event: 'live-stats',
    t: T0 + 9_000,
    data: {
      t: 8,
      stage: execute,
      elapsedS: 3,
      agents: [
        { id: 'agent-1', ...row(1000, 10) },
        { id: 'agent-2', ...row(500, 0) },
      ],
      total: { ...row(1500, 10), latency: 'op-weighted' },
    },
  },
  { event: 'agent-error', t: T0 + 9_500, data: { agent: a2, message: 'stream ended', stage: execute } },
  { event: 'log', t: T0 + 9_600, data: { level: 'warning', message: 'agent-2 is slow' } },
  { event: 'log', t: T0 + 9_700, data: { level: 'info', message: 'fine' } },
  {
    event: 'prediction',
    t: T0 + 12_000,
    data: {
      step: 'MEDIUM',
      from: 'SIMPLE',
      basedOn: 'SIMPLE pre-flight and prepare',
      dirs: 400,
      files: 12_288,
      bytes: 50e6,
      treeSeconds: 0.1,
      prepareSeconds: 4,
      rates: { 'agent-1': { createsPerSec: 3000 } },
    },
  },
  { event: 'results-written', t: T0 + 12_100, data: { dir: '/r/1-SIMPLE', files: ['summary.json'] } },
  {
    event: 'completed',
    t: T0 + 12_200,
    data: { ok: false, wallSeconds: 12.2, stages: 2, message: 'agent-2 failed' },
  },
];

/** Every prefix of the run, folded. */
function states(events: Ev[]): RunState[] {
  const out: RunState[] = [];
  let s = initialRunState();
  for (const e of events) out.push((s = reduceRun(s, e)));
  return out;
}

const at = (name: string, nth = 0) => {
  let seen = -1;
  return run.findIndex((e) => e.event === name && ++seen === nth);
};

test('phases, stage and agents follow the run', () => {
  const ss = states(run);
  assert.equal(ss[at('run-start')].phase, 'starting');
  assert.equal(ss[at('run-start')].step?.name, 'SIMPLE');
  assert.equal(ss[at('agent-connected', 1)].agents['agent-2'].state, 'connected');
  assert.equal(ss[at('preflight-result')].phase, 'preflight');
  assert.equal(ss[at('preflight-result')].agents['agent-1'].state, 'preflight-passed');
  assert.equal(ss[at('preflight-done')].preflight.done?.warnings, 1);
  assert.deepEqual(ss[at('calibration')].calibration, { 'agent-1': { mkdirPerSec: 5000 } });
  const ready = ss[at('agent-ready', 1)];
  assert.equal(ready.agents['agent-1'].clockOffsetMs, 1.5);
  assert.equal(ready.agents['agent-2'].clockOffsetMs, -0.5);
  const prep = ss[at('stage-start')];
  assert.equal(prep.phase, 'running');
  assert.deepEqual(prep.stage, { ref: prepare, index: 1, count: 2, startedT: T0 + 1_000 });
  assert.equal(prep.agents['agent-1'].state, 'running');
  assert.equal(ss[at('barrier-reached')].agents['agent-1'].state, 'waiting');
  assert.equal(ss[at('barrier-released')].agents['agent-1'].state, 'ready');
  assert.equal(ss[at('stage-start', 1)].stage?.ref.name, 'execute');
});

test('progress: rate since the stage began, ETA at that rate, complete at the barrier', () => {
  const ss = states(run);
  const first = ss[at('progress')].progress!;
  assert.equal(first.current, 100);
  assert.equal(first.perSec, undefined, 'one report: no rate yet');
  assert.equal(ss[at('progress')].agents['agent-1'].current, 100);
  const second = ss[at('progress', 1)].progress!;
  assert.equal(second.perSec, 250); // 500 items in 2 s
  assert.equal(second.etaSeconds, 2); // 500 left at 250/s
  const released = ss[at('barrier-released')].progress!;
  assert.equal(released.current, 1100);
  assert.equal(released.etaSeconds, 0);
  assert.equal(ss[at('stage-start', 1)].progress, undefined, 'a new stage starts without progress');
});

test('live statistics: the total, each agent’s rates, a time-based stage’s clock', () => {
  const s = states(run)[at('live-stats')];
  assert.equal(s.live?.total.get.opsPerSec, 1500);
  assert.equal(s.agents['agent-1'].opsPerSec, 1010);
  assert.equal(s.agents['agent-1'].mibPerSec, (1000 + 10) / 16);
  assert.deepEqual(
    {
      unit: s.progress?.unit,
      current: s.progress?.current,
      total: s.progress?.total,
      eta: s.progress?.etaSeconds,
    },
    { unit: 'seconds', current: 3, total: 10, eta: 7 },
  );
});

test('errors name the agent and address; warnings kept, info logs not; the outcome at the end', () => {
  const s = replayRun(run);
  assert.deepEqual(s.errors, [
    { t: T0 + 9_500, message: 'stream ended', agent: 'agent-2', address: '127.0.0.1:7002', stage: 'execute' },
  ]);
  assert.equal(s.agents['agent-2'].state, 'error');
  assert.equal(s.agents['agent-2'].error, 'stream ended');
  assert.deepEqual(s.warnings, [{ t: T0 + 9_600, message: 'agent-2 is slow' }]);
  assert.equal(s.phase, 'finished');
  assert.deepEqual(s.outcome, { ok: false, wallSeconds: 12.2, message: 'agent-2 failed' });
  assert.equal(s.prediction?.files, 12_288);
  assert.equal(s.resultsDir, '/r/1-SIMPLE');
  assert.equal(s.lastEventT, T0 + 12_200);
  assert.equal(s.startedT, T0 + 1);
});

test('pure: inputs are not changed, the same events give the same state, and it is plain JSON', () => {
  const deepFreeze = <T>(o: T): T => {
    if (o && typeof o === 'object') {
      Object.freeze(o);
      for (const v of Object.values(o)) deepFreeze(v);
    }
    return o;
  };
  const frozen = deepFreeze(structuredClone(run));
  let s = deepFreeze(initialRunState());
  for (const e of frozen) s = deepFreeze(reduceRun(s, e)); // throws if the reducer writes into its input
  assert.deepEqual(s, replayRun(run));
  assert.deepEqual(JSON.parse(JSON.stringify(s)), s);
});

test('a ladder step starts a new state and keeps the prediction made for it', () => {
  const done = replayRun(run);
  const next = reduceRun(done, {
    event: 'step-start',
    t: T0 + 20_000,
    data: { step: 'MEDIUM', index: 1, of: 3, resultsDir: '/r/2-MEDIUM' },
  });
  assert.equal(next.phase, 'starting');
  assert.deepEqual(next.step, { name: 'MEDIUM', index: 1, of: 3 });
  assert.equal(next.resultsDir, '/r/2-MEDIUM');
  assert.deepEqual(next.agents, {});
  assert.equal(next.outcome, undefined);
  assert.equal(next.prediction?.step, 'MEDIUM');
});

test('errors and warnings are bounded on a long run', () => {
  let s = initialRunState();
  for (let i = 0; i < MAX_RUN_MESSAGES + 50; i++)
    s = reduceRun(s, { event: 'agent-error', data: { agent: a1, message: `e${i}` } });
  assert.equal(s.errors.length, MAX_RUN_MESSAGES);
  assert.equal(s.errors[s.errors.length - 1].message, `e${MAX_RUN_MESSAGES + 49}`);
  assert.equal(s.lastEventT, undefined, 'no t, no time: the reducer reads no clock');
});
