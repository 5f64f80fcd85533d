// runConfig as the editor calls it (in-process, local agents = real `dist/cli.js agent` processes on
// loopback): one ladder step predicts the next, the ladder runs its steps into their folders, every event
// the host saw is in the results folder's events.ndjson, and runs that must not start say why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  RunEmitter,
  followRun,
  parseEventLine,
  placeholders,
  planRun,
  replayRun,
  runConfig,
  runStatus,
  type AnyRunEvent,
  type RunEventLine,
} from '../../controller';
import { predictPlanned } from '../../controller/prepare-prediction';
import { ladder } from '../../core/ladder';
import { loadConfig } from '../../core/config';
import { CLI, smallConfig, withTempDir } from './controller-helpers';

const agentCommand = [process.execPath, CLI];

function fileEvents(dir: string): RunEventLine[] {
  return readFileSync(join(dir, 'events.ndjson'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const r = parseEventLine(l);
      assert.ok(r.ok, r.ok ? '' : r.error);
      return r.line;
    });
}

test('--step simple: SIMPLE runs, MEDIUM is predicted before completed; the file holds what the host saw', () =>
  withTempDir(async (dir) => {
    mkdirSync(join(dir, 'root'));
    const text = smallConfig({ width: 2, depth: 3, files: 2, duration: '1s' });
    const emitter = new RunEmitter();
    const seen: AnyRunEvent[] = [];
    const sub = emitter.subscribe((e) => seen.push(e));
    const out = join(dir, 'out');
    const r = await runConfig({
      file: join(dir, 'b.yaml'),
      text,
      step: 'simple',
      local: 2,
      root: join(dir, 'root'),
      resultsDir: out,
      emitter,
      agentCommand,
    });
    sub.dispose();
    assert.equal(r.code, 0, r.message);
    assert.deepEqual(
      r.steps.map((s) => [s.name, s.ok, s.ran, s.resultsDir]),
      [['SIMPLE', true, true, out]],
    );
    const names = seen.map((e) => e.event);
    assert.deepEqual(names.slice(0, 3), ['step-start', 'estimate', 'run-start']);
    const p = names.indexOf('prediction');
    assert.ok(p > names.lastIndexOf('stage-summary') && p < names.indexOf('completed'), names.join(' '));
    const prediction = seen[p];
    assert.ok(prediction.event === 'prediction');
    // the prediction is the MEDIUM config's estimate with the rates SIMPLE measured
    const medium = ladder(text);
    assert.ok(medium.ok);
    const cal = r.steps[0].calibration;
    assert.ok(cal && Object.keys(cal.agents).length === 2, 'both agents measured');
    assert.deepEqual(prediction.data.rates, cal.agents);
    assert.equal(prediction.data.step, 'MEDIUM');
    assert.equal(prediction.data.from, 'SIMPLE');
    const planned = planRun(loadConfig(medium.steps[1].text).value, {
      agents: placeholders(2),
      root: join(dir, 'root'),
    });
    assert.ok(planned.ok);
    // with the time model's terms SIMPLE measured (issue 9): predictPlanned, the function predictStep uses
    const { estimate: e } = predictPlanned(
      planned.plan.model,
      { calibration: cal, from: 'SIMPLE', history: [], target: '' },
      planned.plan.agents.map((a) => a.address),
    );
    assert.equal(prediction.data.files, Number(e.total.files));
    assert.equal(prediction.data.prepareSeconds, e.total.prepareSeconds);
    assert.deepEqual(
      prediction.data.prepareRange,
      e.total.prepareRange.map((x) => Math.round(x * 1000) / 1000),
    );

    // the results folder's file carries the same events, versioned, in the same order
    const file = fileEvents(out);
    assert.deepEqual(
      file.map((l) => l.event),
      names,
    );
    assert.ok(file.every((l) => l.v === 1));
    const state = replayRun(file);
    assert.equal(state.phase, 'finished');
    assert.equal(state.outcome?.ok, true);
    assert.equal(state.step?.name, 'SIMPLE');
    assert.equal(state.prediction?.step, 'MEDIUM');
    assert.ok(!existsSync(join(out, 'run.pid')), 'an in-process host does not give its own pid to signal');
    assert.deepEqual(
      { finished: runStatus(out).finished, ok: runStatus(out).ok },
      { finished: true, ok: true },
    );
  }));

test('--ladder: each step in its folder, followed from the base folder in order to the end', () =>
  withTempDir(async (dir) => {
    mkdirSync(join(dir, 'root'));
    const out = join(dir, 'out');
    const r = await runConfig({
      file: join(dir, 'b.yaml'),
      text: smallConfig({ width: 2, depth: 2, files: 2, duration: '1s' }),
      ladder: true,
      local: 1,
      root: join(dir, 'root'),
      resultsDir: out,
      emitter: new RunEmitter(),
      agentCommand,
    });
    assert.equal(r.code, 0, r.message);
    assert.deepEqual(
      r.steps.map((s) => s.resultsDir),
      [join(out, '1-SIMPLE'), join(out, '2-FULL')],
    );
    assert.deepEqual(JSON.parse(readFileSync(join(out, 'ladder.json'), 'utf8')).steps, [
      '1-SIMPLE',
      '2-FULL',
    ]);
    for (const s of r.steps) assert.ok(existsSync(join(s.resultsDir, 'summary.json')));
    const followed: RunEventLine[] = [];
    for await (const e of followRun(out)) followed.push(e);
    const marks = followed.filter((e) => ['step-start', 'prediction', 'completed'].includes(e.event));
    assert.deepEqual(
      marks.map((e) => (e.event === 'step-start' ? `start ${e.data.step}` : e.event)),
      ['start SIMPLE', 'prediction', 'completed', 'start FULL', 'completed'],
    );
    // each step's file has only its own step
    for (const s of r.steps)
      assert.equal(fileEvents(s.resultsDir).filter((e) => e.event === 'step-start').length, 1);
  }));

test('runs that must not start: a large run without confirmation, a config error; the file says so', () =>
  withTempDir(async (dir) => {
    const big = smallConfig({ width: 100, depth: 4, files: 100 }); // 10^10 files: large
    const asked: number[] = [];
    const r1 = await runConfig({
      file: 'big.yaml',
      text: big,
      local: 1,
      resultsDir: join(dir, 'big'),
      emitter: new RunEmitter(),
      agentCommand,
      confirm: async (ev) => (asked.push(ev.files), false),
    });
    assert.equal(r1.code, 1);
    assert.equal(r1.refused, true);
    assert.equal(asked.length, 1);
    assert.ok(asked[0] > 10_000_000);
    const last = fileEvents(join(dir, 'big')).pop();
    assert.ok(last?.event === 'completed' && !last.data.ok);
    const r2 = await runConfig({
      file: 'big.yaml',
      text: big,
      local: 1,
      resultsDir: join(dir, 'big2'),
      emitter: new RunEmitter(),
    });
    assert.equal(r2.refused, true);
    assert.match(r2.message ?? '', /a large run needs confirmation; nothing was started/);

    const r3 = await runConfig({
      file: 'bad.yaml',
      text: smallConfig().replace(/count: 0/, 'count: 7'),
      local: 1,
      resultsDir: join(dir, 'bad'),
      emitter: new RunEmitter(),
    });
    assert.equal(r3.code, 1);
    assert.match(r3.errors.join('\n'), /^bad\.yaml:\d+:\d+: error: .*count/m);
    const r4 = await runConfig({
      file: 'b.yaml',
      text: smallConfig(),
      step: 'simple',
      ladder: true,
      resultsDir: join(dir, 'x'),
      emitter: new RunEmitter(),
    });
    assert.equal(r4.code, 2);
    assert.match(r4.message ?? '', /use either --ladder or --step/);
  }));
