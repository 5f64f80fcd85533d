// A run whose operations failed is a failed run: exit ≠ 0, ok: false, the stage named in summary.json, and a
// stage that failed part-way still gets its TSV with the figures the agents had reached.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { iobench, withTempDir } from './controller-helpers';

const treeConfig = (o: { depth: number; skipVerification: boolean; duration: string }) => `
duration: ${o.duration}
concurrency: 2
target: "file:///bench/data/"
prepare:
  skip_verification: ${o.skipVerification}
  directory_structure: { width: 2, depth: ${o.depth}, files_per_dir: 3, distribution: bottom, dir_mask: "d%d_w%d.dir" }
  ensure_objects: [{ count: 0, fill: zero, size_spec: 1024 }]
workload:
  - { op: get, path: "*", weight: 1 }
`;
const summaryOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));

test('a run in which every operation failed exits 1 with ok: false and names the stage', () =>
  withTempDir(async (dir) => {
    // skip_verification creates no files: every GET of the execute stage fails (ENOENT)
    const cfg = join(dir, 'nothing.yaml');
    writeFileSync(cfg, treeConfig({ depth: 1, skipVerification: true, duration: '1s' }));
    mkdirSync(join(dir, 'root'));
    const res = join(dir, 'res');
    const r = await iobench([
      'run',
      cfg,
      '--local',
      '1',
      '--root',
      join(dir, 'root'),
      '--results',
      res,
      '--no-preflight',
      '--yes',
    ]);
    assert.equal(r.code, 1, r.stdout.slice(-1500));
    assert.match(r.stdout + r.stderr, /stage 'execute' failed: all [\d,]+ operations failed, none succeeded/);
    const s = summaryOf(res);
    assert.equal(s.ok, false);
    assert.equal(s.failedStage.stage.name, 'execute');
    assert.equal(s.failedStage.ops, 0);
    assert.ok(s.failedStage.errors > 0);
    assert.ok(existsSync(join(res, '03_execute_results.tsv')));

    // the threshold is a flag; a bad value is a usage error
    const bad = await iobench([
      'run',
      cfg,
      '--local',
      '1',
      '--root',
      join(dir, 'root'),
      '--max-error-rate',
      '2',
    ]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--max-error-rate 2: give a percentage/);
  }));

test('a stage that fails part-way is named and its partial figures are in its TSV', () =>
  withTempDir(async (dir) => {
    const cfg = join(dir, 'blocked.yaml');
    writeFileSync(cfg, treeConfig({ depth: 2, skipVerification: false, duration: '1s' }));
    const root = join(dir, 'root');
    // a regular file where the last folder of the tree goes: mkdir fails there, after the other five
    mkdirSync(join(root, 'agent-1', 'd1_w2.dir'), { recursive: true });
    writeFileSync(join(root, 'agent-1', 'd1_w2.dir', 'd2_w2.dir'), 'in the way');
    const res = join(dir, 'res');
    const r = await iobench([
      'run',
      cfg,
      '--local',
      '1',
      '--root',
      root,
      '--results',
      res,
      '--no-preflight',
      '--yes',
    ]);
    assert.equal(r.code, 1, r.stdout.slice(-1500));
    const s = summaryOf(res);
    assert.equal(s.ok, false);
    assert.equal(s.failedStage.stage.name, 'prepare');
    const partial = s.stages.find((x: { partial?: boolean }) => x.partial);
    assert.equal(partial?.stage.name, 'prepare');
    const tsv = readFileSync(join(res, '02_prepare_results.tsv'), 'utf8').trim().split('\n');
    const meta = tsv.find((l) => l.startsWith('META\tALL'))!.split('\t');
    assert.equal(meta.at(-1), '5', tsv.join('\n')); // five folders made before the failure
  }));
