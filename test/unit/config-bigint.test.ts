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
  // the only error is the files limit (10^12), which quotes the count exactly
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(
    errors.map((d) => [d.code, d.range.start.line]),
    [['limit', 4]],
  );
  assert.match(errors[0].message, /count 9,007,199,254,740,993 is over the limit of 1,000,000,000,000 files/);
});
