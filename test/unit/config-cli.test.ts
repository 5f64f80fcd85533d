// `iobench validate` end to end through the built CLI (scripts/test.mjs builds dist/ first).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES as FIX } from '../fixtures';

const iobench = (...args: string[]) =>
  spawnSync(process.execPath, ['bin/iobench.js', ...args], { encoding: 'utf8' });
const dir = mkdtempSync(join(tmpdir(), 'iobench-validate-'));
const bad = join(dir, 'bad.yaml');
writeFileSync(bad, 'concurrency: "8"\nworkload:\n  - {op: get, path: a, weight: 1}\nconcurency: 3\n');

test('validate prints file:line:col: severity: message (1-based) and exits 1 on errors', () => {
  const r = iobench('validate', bad);
  assert.equal(r.status, 1, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.deepEqual(lines, [
    `${bad}:1:14: error: concurrency: expected an integer, got the string '8' (sai3 rejects quoted numbers in integer fields: remove the quotes)`,
    `${bad}:4:1: warning: unknown key 'concurency' (ignored by sai3-bench); did you mean 'concurrency'?`,
  ]);
});

test('validate exits 0 with warnings only, and 0 with nothing to say', () => {
  const r = iobench('validate', `${FIX}/four-host-simple.yaml`, `${FIX}/s3-get-put.yaml`);
  assert.equal(r.status, 0, r.stderr);
  for (const line of r.stdout.trim().split('\n'))
    assert.match(line, /^\/.+four-host-simple\.yaml:\d+:\d+: (warning|info|hint): .+$/);
});

test('validate --json prints one array of findings', () => {
  const r = iobench('validate', '--json', bad, `${FIX}/s3-get-put.yaml`);
  assert.equal(r.status, 1);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(j[0], {
    file: bad,
    line: 1,
    column: 14,
    endLine: 1,
    endColumn: 17,
    severity: 'error',
    code: 'type',
    message:
      "concurrency: expected an integer, got the string '8' (sai3 rejects quoted numbers in integer fields: remove the quotes)",
  });
  assert.equal(j.length, 2);
});

test('an unreadable file is an error at 1:1 and exit 1', () => {
  const missing = join(dir, 'nope.yaml');
  const r = iobench('validate', missing, `${FIX}/s3-get-put.yaml`);
  assert.equal(r.status, 1);
  assert.equal(r.stdout.trim(), `${missing}:1:1: error: cannot read: no such file`);
  const d = iobench('validate', dir);
  assert.equal(d.status, 1);
  assert.match(d.stdout, /:1:1: error: cannot read/);
});
