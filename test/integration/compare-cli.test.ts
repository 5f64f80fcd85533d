// `iobench compare` on two real runs of examples/local-small.iobench.yaml (local agents over loopback, real
// files under a temp root), as a user or CI runs it: dist/cli.js in a child process, --json and the exit code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { iobench, tempDir } from './controller-helpers';
import type { CompareResult } from '../../controller';

test('iobench compare: two real runs of the local example side by side; a slowed copy fails the gate', async () => {
  const work = tempDir('iobench-compare-');
  try {
    const runs = [join(work, 'run-1'), join(work, 'run-2')];
    for (const [i, results] of runs.entries()) {
      mkdirSync(join(work, `root-${i}`));
      const r = await iobench([
        'run',
        'examples/local-small.iobench.yaml',
        '--local',
        '2',
        '--root',
        join(work, `root-${i}`),
        '--results',
        results,
      ]);
      assert.equal(r.code, 0, r.stderr + r.stdout.slice(-2000));
    }

    // a threshold no noise reaches: the two runs compare, nothing is marked, exit 0
    const j = await iobench(['compare', ...runs, '--json', '--threshold', '100000']);
    assert.equal(j.code, 0, j.stderr);
    const res = JSON.parse(j.stdout) as CompareResult;
    assert.deepEqual(
      res.runs.map((x) => [x.label, x.ok]),
      [
        [runs[0], true],
        [runs[1], true],
      ],
    );
    for (const op of ['GET', 'PUT', 'META']) {
      const ops = res.rows.find((x) => x.stage.name === 'execute' && x.op === op && x.metric === 'opsPerSec');
      assert.ok(ops, `execute ${op} ops/s compared`);
      assert.ok(
        ops.values.every((v) => v !== null && v > 0),
        `both runs did ${op}: ${ops.values.join(', ')}`,
      );
      assert.equal(typeof ops.changePct[1], 'number');
    }
    assert.equal(res.regressions, 0);

    // the default threshold: the exit code says whether the table has a regression, whatever the noise
    const t = await iobench(['compare', ...runs]);
    assert.match(t.stdout, /3 execute\s+GET\s+ops\/s/);
    const m = /(\d+) regressions?, \d+ improvements? beyond ±10% against #1/.exec(t.stdout);
    assert.ok(m, t.stdout + t.stderr);
    assert.equal(t.code, Number(m[1]) > 0 ? 1 : 0);

    // run 2 with its execute GET rate halved: a regression, exit 1, named in the table
    const slowed = join(work, 'run-2-slowed');
    cpSync(runs[1], slowed, { recursive: true });
    const file = join(slowed, 'summary.json');
    const s = JSON.parse(readFileSync(file, 'utf8')) as {
      stages: { stage: { name: string }; total: { get: { opsPerSec: number } } }[];
    };
    const exec = s.stages.find((x) => x.stage.name === 'execute')!;
    const base = (JSON.parse(readFileSync(join(runs[0], 'summary.json'), 'utf8')) as typeof s).stages.find(
      (x) => x.stage.name === 'execute',
    )!;
    exec.total.get.opsPerSec = base.total.get.opsPerSec / 2;
    writeFileSync(file, JSON.stringify(s));
    const g = await iobench(['compare', runs[0], slowed, '--threshold', '40']);
    assert.equal(g.code, 1, g.stdout + g.stderr);
    assert.match(g.stdout, /3 execute\s+GET\s+ops\/s\s+[\d,]+\s+[\d,]+\s+-50\.0% REGRESSION/);

    // usage errors: exit 2 with what to do
    const one = await iobench(['compare', runs[0]]);
    assert.equal(one.code, 2);
    assert.match(one.stderr, /iobench compare: need at least two runs/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
