// controller/outcome.ts: which stage fails a run that reached its end, and the --max-error-rate value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { failedStage, parseErrorRate } from '../../controller/outcome';
import type { RunEvents } from '../../controller/events';

const cls = (ops: number) => ({ ops }) as RunEvents['stage-summary']['total']['get'];
const stage = (name: string, ops: number, errors: number) =>
  ({
    stage: { index: 0, name, type: 'execute' },
    wallSeconds: 1,
    agents: [],
    total: { get: cls(ops), put: cls(0), meta: cls(0), errors, latency: 'hdr' },
  }) as RunEvents['stage-summary'];

test('no failed operations, or few enough: no failed stage', () => {
  assert.equal(failedStage([stage('a', 10, 0), stage('b', 0, 0)]), undefined);
  assert.equal(failedStage([stage('a', 1000, 10)]), undefined); // 0.99 %
});

test('every operation failed: that stage, whatever the threshold', () => {
  const f = failedStage([stage('prepare', 5, 0), stage('execute', 0, 95559)], 1);
  assert.equal(f?.stage.name, 'execute');
  assert.match(f!.reason, /all 95,559 operations failed, none succeeded/);
});

test('more than the threshold failed: named with the rate', () => {
  const f = failedStage([stage('execute', 900, 100)]);
  assert.match(f!.reason, /100 of 1,000 operations failed \(10 %, more than the 1 % allowed/);
  assert.equal(failedStage([stage('execute', 900, 100)], 0.2), undefined);
});

test('--max-error-rate: percentages and fractions, anything else refused', () => {
  assert.equal(parseErrorRate('5%'), 0.05);
  assert.equal(parseErrorRate('0.5 %'), 0.005);
  assert.equal(parseErrorRate('0.01'), 0.01);
  assert.throws(() => parseErrorRate('2'), /percentage/);
  assert.throws(() => parseErrorRate('-1%'), /percentage/);
  assert.throws(() => parseErrorRate('lots'), /percentage/);
});
