// Run comparison on hand-made results folders (test/fixtures/results): exact % changes, the threshold edge
// (a change exactly at it is not marked), regression vs improvement per metric direction, refusal of runs with
// different stages, ladder folders expanding to their steps, and the command's exit codes (0 / 1 / 2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  changePct,
  compareRuns,
  loadRunFolder,
  loadRunFolders,
  verdictOf,
  type CompareResult,
  type CompareRow,
} from '../../controller';
import { compareCommand, compareText } from '../../cli/commands/compare';

const FIX = resolve(__dirname, '..', 'fixtures', 'results');
const dir = (n: string) => join(FIX, n);

function compared(names: string[], threshold?: number): CompareResult {
  const l = loadRunFolders(names.map(dir));
  assert.ok(l.ok, l.ok ? '' : l.error);
  const c = compareRuns(l.runs, threshold);
  assert.ok(c.ok, c.ok ? '' : c.error);
  return c.result;
}

const row = (r: CompareResult, stage: string, op: string, metric: string): CompareRow => {
  const x = r.rows.find((y) => y.stage.name === stage && y.op === op && y.metric === metric);
  assert.ok(x, `no row ${stage} ${op} ${metric}`);
  return x;
};

function captured(dirs: string[], o: { json?: boolean; threshold?: string } = {}) {
  const io = { out: '', err: '' };
  const code = compareCommand(dirs, o, { out: (s) => (io.out += s), err: (s) => (io.err += s) });
  return { code, ...io };
}

test('compare: exact changes against the baseline, marked beyond the threshold by direction', () => {
  const r = compared(['baseline', 'slower']);
  assert.equal(r.thresholdPct, 10);
  assert.deepEqual(
    r.runs.map((x) => x.label),
    [dir('baseline'), dir('slower')],
  );
  const get = (m: string) => row(r, 'execute', 'GET', m);
  assert.deepEqual(get('opsPerSec').values, [1000, 850]);
  assert.deepEqual(get('opsPerSec').changePct, [null, -15]);
  assert.deepEqual(get('opsPerSec').verdicts, ['baseline', 'regression'], 'fewer ops/s is worse');
  assert.deepEqual(get('mibPerSec').changePct, [null, -10]);
  assert.equal(get('mibPerSec').verdicts[1], 'within', 'exactly at the threshold is not marked');
  assert.deepEqual(get('p50Us').changePct, [null, 10]);
  assert.equal(get('p50Us').verdicts[1], 'within');
  assert.deepEqual(get('p95Us').changePct, [null, 20]);
  assert.equal(get('p95Us').verdicts[1], 'regression', 'higher latency is worse');
  assert.deepEqual(get('p99Us').changePct, [null, -20]);
  assert.equal(get('p99Us').verdicts[1], 'improvement', 'lower latency is better');
  assert.equal(row(r, 'execute', 'PUT', 'opsPerSec').verdicts[1], 'improvement', 'more ops/s is better');
  assert.deepEqual(row(r, 'execute', 'PUT', 'mibPerSec').changePct, [null, 15]);
  assert.deepEqual(row(r, 'execute', 'META', 'p99Us').changePct, [null, 5]);
  assert.equal(row(r, 'execute', 'META', 'p99Us').verdicts[1], 'within');
  // META moves no bytes: no MiB/s row; the validation stage did nothing: no rows at all
  assert.ok(!r.rows.some((x) => x.op === 'META' && x.metric === 'mibPerSec'));
  assert.ok(!r.rows.some((x) => x.stage.name === 'validation'));
  assert.equal(row(r, 'prepare', 'PUT', 'opsPerSec').changePct[1], 0);
  assert.equal(r.regressions, 2);
  assert.equal(r.improvements, 3);
});

test('compare: the threshold decides what is marked', () => {
  const tight = compared(['baseline', 'slower'], 9.99);
  assert.equal(row(tight, 'execute', 'GET', 'mibPerSec').verdicts[1], 'regression');
  assert.equal(row(tight, 'execute', 'GET', 'p50Us').verdicts[1], 'regression');
  assert.equal(tight.regressions, 4);
  const loose = compared(['baseline', 'slower'], 20);
  assert.equal(loose.regressions, 0, '±20 % exactly is within a 20 % threshold');
  assert.equal(loose.improvements, 0);
  assert.equal(verdictOf(-10.000001, true, 10), 'regression');
  assert.equal(verdictOf(null, true, 10), 'n/a');
  assert.equal(changePct(0, 5), null, 'no % against a zero baseline');
  assert.equal(changePct(0, 0), 0);
  assert.equal(changePct(100, 110), 10, 'no float noise in exact ratios');
});

test('compare: runs of different stages are refused, saying which and what to do', () => {
  const l = loadRunFolders([dir('baseline'), dir('other-stages')]);
  assert.ok(l.ok);
  const c = compareRuns(l.runs);
  assert.equal(c.ok, false);
  assert.match(c.ok ? '' : c.error, /other-stages has stages \[1 validation, 2 execute\] but .*baseline has/);
  assert.match(c.ok ? '' : c.error, /same config \(or the steps of one ladder\)/);
  assert.equal(compareRuns(l.runs.slice(0, 1)).ok, false, 'one run is not a comparison');
  assert.equal(compareRuns(l.runs, -1).ok, false);
});

test('compare: a ladder folder is its steps, in order; steps that never ran are skipped', () => {
  const l = loadRunFolder(dir('ladder'));
  assert.ok(l.ok, l.ok ? '' : l.error);
  assert.deepEqual(
    l.runs.map((x) => x.label),
    [join(dir('ladder'), '1-SIMPLE'), join(dir('ladder'), '2-MEDIUM')],
  );
  const c = captured([dir('ladder')]);
  assert.equal(c.code, 1, 'MEDIUM is slower than SIMPLE in GET ops/s');
  assert.match(c.out, /#1 \(baseline\): .*1-SIMPLE\n#2: .*2-MEDIUM/);
});

test('iobench compare: table, --json, and exit 0 / 1 / 2', () => {
  const same = captured([dir('baseline'), dir('baseline')]);
  assert.equal(same.code, 0, same.err);
  assert.match(same.out, /0 regressions, 0 improvements beyond ±10% against #1/);

  const slower = captured([dir('baseline'), dir('slower')]);
  assert.equal(slower.code, 1, 'a regression fails the gate');
  assert.match(slower.out, /3 execute\s+GET\s+ops\/s\s+1,000\s+850\s+-15\.0% REGRESSION/);
  assert.match(slower.out, /3 execute\s+GET\s+p99\s+1000µs\s+800µs\s+-20\.0% improved/);
  assert.match(slower.out, /3 execute\s+GET\s+MiB\/s\s+62\.5\s+56\.3\s+-10\.0%\n/);
  assert.match(slower.out, /2 regressions, 3 improvements beyond ±10%/);
  assert.equal(captured([dir('baseline'), dir('slower')], { threshold: '25' }).code, 0);

  const json = captured([dir('baseline'), dir('slower')], { json: true });
  assert.equal(json.code, 1);
  const parsed = JSON.parse(json.out) as CompareResult;
  assert.equal(parsed.regressions, 2);
  assert.deepEqual(parsed, compared(['baseline', 'slower']));

  const one = captured([dir('baseline')]);
  assert.equal(one.code, 2);
  assert.match(one.err, /need at least two runs, got 1 .*give two or more results folders/);
  const none = captured([dir('baseline'), dir('no-summary')]);
  assert.equal(none.code, 2);
  assert.match(none.err, /no-summary: no summary\.json here; give the results folder of a finished run/);
  const missing = captured([dir('baseline'), dir('nowhere')]);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /nowhere: no such folder/);
  assert.equal(captured([dir('baseline'), dir('other-stages')]).code, 2);
  const bad = captured([dir('baseline'), dir('slower')], { threshold: 'ten' });
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--threshold: expected a percentage/);
  assert.equal(compareText(compared(['baseline', 'slower'])), slower.out);
});

test('compare: broken, foreign or hostile summary.json files are refused with the file named', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'iobench-compare-'));
  try {
    const put = (name: string, text: string) => {
      mkdirSync(join(tmp, name));
      writeFileSync(join(tmp, name, 'summary.json'), text);
      return join(tmp, name);
    };
    const cut = loadRunFolder(put('cut', '{"version":1,"stages":['));
    assert.match(
      cut.ok ? '' : cut.error,
      /cut\/summary\.json: not valid JSON .*the run may not have finished/,
    );
    const foreign = loadRunFolder(put('foreign', '{"stages":[{"name":"x"}]}'));
    assert.match(
      foreign.ok ? '' : foreign.error,
      /stages\[0\]: no 'stage' or 'total'; is this a summary\.json/,
    );
    // a FIFO would block the reader forever: refused before it is opened
    mkdirSync(join(tmp, 'fifo'));
    execFileSync('mkfifo', [join(tmp, 'fifo', 'summary.json')]);
    const fifo = loadRunFolder(join(tmp, 'fifo'));
    assert.match(fifo.ok ? '' : fifo.error, /fifo\/summary\.json: not a regular file/);
    const file = loadRunFolder(join(tmp, 'cut', 'summary.json'));
    assert.match(file.ok ? '' : file.error, /not a folder/);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
