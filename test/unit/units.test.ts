import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseSize,
  parseHumantime,
  parseSeconds,
  parseCount,
  formatCount,
  formatHumantime,
  formatBytes,
  formatBytesBinary,
  formatSeconds,
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

test('absurd magnitudes stay readable: 3 significant digits past 10^24, bytes past 1000 EB, years past 2 years', () => {
  // exact digits up to 24, then scientific from the digits themselves (no Number overflow at 10^366)
  assert.equal(formatCount(10n ** 24n - 1n), '999,999,999,999,999,999,999,999');
  assert.equal(formatCount(10n ** 24n), '1.00e+24');
  assert.equal(formatCount(10n ** 366n), '1.00e+366');
  assert.equal(formatCount(9995n * 10n ** 32n), '1.00e+36');
  assert.equal(formatCount(12345n * 10n ** 40n), '1.23e+44');
  assert.equal(formatBytes(537e12), '537 TB');
  assert.equal(formatBytes(500e18), '500 EB');
  assert.equal(formatBytes(10n ** 372n), '1.00e+372 B');
  assert.equal(formatBytesBinary(10n ** 372n), '1.00e+372 B');
  assert.equal(formatSeconds(200000), '2 d 7 h');
  assert.equal(formatSeconds(6.3e7), '729 d 4 h');
  assert.equal(formatSeconds(2.1e9), '66.5 years');
  assert.equal(formatSeconds(2.1e12), '66.5k years');
  assert.equal(formatSeconds(2.1e25), '6.65e+17 years');
  assert.equal(formatSeconds(Infinity), '∞');
});
