import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../core/config';

test('an integer literal past 2^53 keeps every digit (count is exact)', () => {
  const text = [
    'target: "file:///tmp/x/"',
    'prepare:',
    '  ensure_objects:',
    '    - base_uri: "file:///tmp/x/"',
    '      count: 9007199254740993',
    'workload:',
    '  - op: get',
    '    path: "*"',
    '    weight: 1',
    '',
  ].join('\n');
  const loaded = loadConfig(text);
  assert.equal(loaded.model?.prepare?.ensure[0].count, 9007199254740993n);
  assert.deepEqual(
    loaded.diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
});
