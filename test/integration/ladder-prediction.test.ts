// `iobench run --ladder --json` with real local agents (issue 9): the prediction of MEDIUM and FULL is emitted
// before each of those steps starts, with a range and where its rates come from; each step's estimate is that
// prediction; summary.json and `completed` record predicted vs measured prepare; the calibration history in
// the results root grows by one line per step and a later run's estimate uses it; the text run's last line
// says how far off the prediction was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHistory } from '../../core/estimate';
import { CLI, smallConfig, withTempDir } from './controller-helpers';

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

interface Line {
  event: string;
  data: Record<string, unknown>;
}

test('run --ladder --json: predictions before each step, predicted vs measured in summary.json, history', () =>
  withTempDir(async (dir) => {
    const root = join(dir, 'root');
    mkdirSync(root);
    const cfg = join(dir, 'lad.yaml');
    writeFileSync(cfg, smallConfig({ width: 3, depth: 3, files: 3, duration: '1s' }));
    const results = join(dir, 'results', 'run-1');
    const r = await cli([
      'run',
      cfg,
      '--ladder',
      '--json',
      '--yes',
      '--local',
      '2',
      '--root',
      root,
      '--results',
      results,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const lines: Line[] = r.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    const at = (pred: (l: Line) => boolean) => lines.findIndex(pred);
    for (const [step, from] of [
      ['MEDIUM', 'SIMPLE'],
      ['FULL', 'MEDIUM'],
    ]) {
      const start = at((l) => l.event === 'step-start' && l.data.step === step);
      const p = at((l) => l.event === 'prediction' && l.data.step === step);
      assert.ok(
        start > 0 && p >= 0 && p < start,
        `${step}: prediction (${p}) before its step starts (${start})`,
      );
      const pred = lines[p].data as {
        prepareSeconds: number;
        prepareRange: [number, number];
        basedOn: string;
      };
      assert.ok(pred.prepareRange[0] < pred.prepareSeconds && pred.prepareSeconds < pred.prepareRange[1]);
      assert.match(pred.basedOn, new RegExp(`rates: measured by ${from} on these agents`));
      // the step's own estimate (before it runs) is that prediction, with its range and source
      const est = lines.slice(start).find((l) => l.event === 'estimate')!.data;
      assert.equal(est.prepareSeconds, pred.prepareSeconds);
      assert.deepEqual(est.prepareRange, pred.prepareRange);
      assert.equal(est.ratesSource, pred.basedOn);
    }
    const steps = ['1-SIMPLE', '2-MEDIUM', '3-FULL'];
    for (const [i, folder] of steps.entries()) {
      const s = JSON.parse(readFileSync(join(results, folder, 'summary.json'), 'utf8'));
      const prep = s.stages.find((x: { stage: { type: string } }) => x.stage.type === 'prepare');
      const [c] = s.prediction;
      assert.equal(c.stage, prep.stage.name);
      assert.equal(c.measuredSeconds, prep.wallSeconds);
      assert.equal(c.predictedSeconds, Math.max(0.001, Math.round(s.estimate.prepareSeconds * 1000) / 1000));
      assert.ok(
        Math.abs(c.errorPct - (100 * (c.measuredSeconds - c.predictedSeconds)) / c.predictedSeconds) < 0.1,
      );
      assert.equal(c.range.length, 2);
      if (i > 0) assert.match(c.ratesSource, /measured by (SIMPLE|MEDIUM)/);
      // each agent's prepare timing (levels, files curve) is kept with the run
      for (const a of s.agents) assert.equal(a.prepareTiming.levels.length, i + 1);
    }
    const done = lines.filter((l) => l.event === 'completed');
    assert.equal(done.length, 3);
    assert.ok(
      done.every((l) => Array.isArray(l.data.prediction) && (l.data.prediction as unknown[]).length === 1),
    );
    // the results root's history: one line per step, on this target and these agents
    const hist = join(dir, 'results', 'calibration-history.jsonl');
    const h = parseHistory(readFileSync(hist, 'utf8'));
    assert.deepEqual(
      h.entries.map((e) => [e.step, e.agents.join(','), e.target]),
      ['SIMPLE', 'MEDIUM', 'FULL'].map((s) => [s, 'agent-1,agent-2', `local:${root}`]),
    );
    assert.ok(
      h.entries.every((e) => e.prepare && e.prepare.measuredS > 0 && Object.keys(e.terms).length === 2),
    );

    // A later single run into the same results root: its estimate comes from the history, and the last line
    // of its output says how far off that prediction was.
    const again = await cli([
      'run',
      cfg,
      '--yes',
      '--local',
      '2',
      '--root',
      root,
      '--results',
      join(dir, 'results', 'run-2'),
    ]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /rates: measured by the last run \(FULL\) on these agents/);
    const last = again.stdout.trimEnd().split('\n').pop()!;
    assert.match(last, /^Prediction check: prepare took .+, predicted .+ \(.+–.+\) → [+−±]\d+ %/);
    assert.ok(existsSync(join(dir, 'results', 'run-2', 'summary.json')));
  }));
