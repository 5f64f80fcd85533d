import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseSize,
  parseHumantime,
  parseSeconds,
  parseCount,
  formatCount,
  formatHumantime,
} from '../../core/units';

const val = <T>(r: { ok: boolean; value?: T }) => (r.ok ? (r as { value: T }).value : undefined);

test('size strings follow sai3 (§1.2a)', () => {
  assert.equal(val(parseSize('8MiB')), 8388608n);
  assert.equal(val(parseSize('8MB')), 8000000n);
  assert.equal(val(parseSize('1.5GiB')), 1610612736n);
  assert.equal(val(parseSize('8mb')), 8000000n);
  assert.equal(val(parseSize('9Mi')), 9n * 1048576n);
  assert.equal(val(parseSize(' 4096 ')), 4096n);
  assert.equal(val(parseSize(4096)), 4096n);
  assert.equal(val(parseSize('0.5KiB')), 512n);
  for (const bad of ['8 MiB', '8B', '8PB', '-1', 'abc', '', '1.5.5M'])
    assert.equal(parseSize(bad).ok, false, bad);
  assert.match((parseSize('8 MiB') as { error: string }).error, /space/);
});

test('humantime durations (§1.2b)', () => {
  assert.equal(val(parseHumantime('0')), 0);
  assert.equal(val(parseHumantime(0)), 0);
  assert.equal(val(parseHumantime('5m')), 300000);
  assert.equal(val(parseHumantime('1h30m')), 5400000);
  assert.equal(val(parseHumantime('1h 30m')), 5400000);
  assert.equal(val(parseHumantime('1.5s')), 1500);
  assert.equal(val(parseHumantime('100ms')), 100);
  assert.equal(val(parseHumantime('1m 30s')), 90000);
  for (const bad of [300, '300', '30', '5x', '', 'm5'])
    assert.equal(parseHumantime(bad).ok, false, String(bad));
  assert.equal(formatHumantime(90000), '1m 30s');
  assert.equal(formatHumantime(1500), '1s 500ms');
  assert.equal(formatHumantime(0), '0s');
});

test('seconds fields (§1.2c)', () => {
  assert.equal(val(parseSeconds(30)), 30);
  assert.equal(val(parseSeconds('2m')), 120);
  assert.equal(val(parseSeconds('1d')), 86400);
  assert.equal(val(parseSeconds('5 s')), 5);
  for (const bad of ['1m30s', '1.5s', '100ms', -1, 1.5])
    assert.equal(parseSeconds(bad).ok, false, String(bad));
});

test('counts with separators (§1.2d)', () => {
  assert.equal(val(parseCount('64,032,768')), 64032768n);
  assert.equal(val(parseCount('64_032_768')), 64032768n);
  assert.equal(val(parseCount(90)), 90n);
  for (const bad of [1e6 + 0.5, -1, '1e6', 'x']) assert.equal(parseCount(bad).ok, false, String(bad));
  assert.equal(formatCount(64032768n), '64,032,768');
});
