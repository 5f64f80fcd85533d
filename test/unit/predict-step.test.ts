// predictStep: the next ladder step's figures are its config's estimate with the measured rates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { predictStep } from '../../controller';
import { loadConfig } from '../../core/config';
import { ladder } from '../../core/ladder';

const text = [
  'target: file:///bench/',
  'duration: 1s',
  'prepare:',
  '  directory_structure: { width: 4, depth: 3, files_per_dir: 10, distribution: bottom, dir_mask: "d%d_w%d.dir" }',
  '  ensure_objects: [{ base_uri: file:///bench/, count: 0, size_distribution: 4096 }]',
  'workload: [{ op: get, path: "*", weight: 1 }]',
].join('\n');

test('MEDIUM from SIMPLE: its counts, and faster measured rates give a shorter prepare', () => {
  const l = ladder(text);
  assert.ok(l.ok, l.ok ? '' : l.error);
  const model = loadConfig(l.steps[1].text).model!;
  const slow = predictStep({
    next: { name: 'MEDIUM', model },
    from: 'SIMPLE',
    calibration: {
      version: 1,
      measuredAt: '',
      agents: { local: { createsPerSec: 100, mkdirPerSec: 100 } },
    },
  });
  const fast = predictStep({
    next: { name: 'MEDIUM', model },
    from: 'SIMPLE',
    calibration: {
      version: 1,
      measuredAt: '',
      agents: { local: { createsPerSec: 10_000, mkdirPerSec: 10_000 } },
    },
  });
  assert.equal(slow.step, 'MEDIUM');
  assert.equal(slow.files, 16 * 10); // depth 2: 16 leaf dirs × 10 files
  assert.equal(slow.dirs, 4 + 16);
  assert.ok(
    slow.prepareSeconds > fast.prepareSeconds * 10,
    `${slow.prepareSeconds} vs ${fast.prepareSeconds}`,
  );
  assert.match(slow.basedOn, /rates measured on SIMPLE \(1 agent\)/);
  assert.deepEqual(slow.rates, { local: { createsPerSec: 100, mkdirPerSec: 100 } });
  const none = predictStep({ next: { name: 'MEDIUM', model }, from: 'SIMPLE' });
  assert.match(none.basedOn, /default rates/);
  assert.deepEqual(none.rates, {});
});
