// The project's own four-host example on one machine (issue 12 item 9): its SIMPLE step under --local 4 --root
// reaches pre-flight with every mount moved under the root once — whatever the disk then says about space.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { iobench, withTempDir } from './controller-helpers';

test('four-host SIMPLE under --local 4 --root: pre-flight checks ROOT/agent-<i>/fs<n>/bench, nothing outside', () =>
  withTempDir(async (dir) => {
    const ladder = await iobench(['ladder', 'examples/four-host.iobench.yaml', '--out-dir', dir]);
    assert.equal(ladder.code, 0, ladder.stderr);
    const root = join(dir, 'root');
    mkdirSync(root);
    const r = await iobench([
      'preflight',
      join(dir, 'four-host.iobench.SIMPLE.yaml'),
      '--local',
      '4',
      '--root',
      root,
      '--json',
    ]);
    const out = r.stdout + r.stderr;
    assert.doesNotMatch(out, /outside the agent's roots/);
    assert.ok(!out.includes(`${root}${root}`), 'the root appears once in every path');
    for (const [agent, fs] of [
      [1, 1],
      [3, 9],
      [4, 16],
    ])
      assert.ok(out.includes(`${root}/agent-${agent}/fs${fs}/bench`), `agent-${agent} checks fs${fs}`);
  }));
