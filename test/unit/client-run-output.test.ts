// The output channel's lines for a run (client/run/format-output.ts): progress with rate and ETA thinned to one
// line per second, LiveStats with p50/p95/p99 and agents reporting, pre-flight findings with suggestions, errors
// naming the agent and its address, the prediction, the results folder.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AnyRunEvent, ClassStats, RunEventLine, StageRef } from '../../controller/events';
import { OutputFormatter, printedOnReplay } from '../../client/run/format-output';
import type { StatusView } from '../../client/run/format-status';

const line = (e: AnyRunEvent, t: number): RunEventLine => ({ ...e, v: 1, t });
const cls = (o: Partial<ClassStats> = {}): ClassStats => ({
  ops: 0,
  bytes: 0,
  opsPerSec: 0,
  mibPerSec: 0,
  meanUs: 0,
  p50Us: 0,
  p90Us: 0,
  p95Us: 0,
  p99Us: 0,
  ...o,
});
const prepare: StageRef = { index: 1, name: 'prepare', type: 'prepare' };
const execute: StageRef = { index: 2, name: 'execute', type: 'execute', durationMs: 5000 };
const agent = { id: 'agent-1', index: 0, address: '127.0.0.1:7167' };
const view = (o: Partial<StatusView> = {}): StatusView => ({ phase: 'running', agents: 2, ...o });

describe('output channel lines', () => {
  it('prints progress with rate and ETA, at most once per second, and always the last', () => {
    const f = new OutputFormatter();
    const p = (current: number, t: number) =>
      f.format(
        line(
          { event: 'progress', data: { stage: prepare, label: 'prepare', current, total: 1000, agents: [] } },
          t,
        ),
        view({
          progress: {
            label: 'prepare',
            current,
            total: 1000,
            perSec: 500,
            etaSeconds: (1000 - current) / 500,
          },
        }),
      );
    const first = p(100, 1000);
    assert.equal(first.length, 1);
    assert.equal(first[0].text, 'prepare · prepare: 100 / 1,000 (10%) · 500/s · ETA 2 s');
    assert.equal(p(200, 1500).length, 0, 'half a second later: nothing');
    assert.equal(p(600, 2100).length, 1, 'a second later: a line');
    const last = p(1000, 2200);
    assert.equal(last.length, 1, 'the last one always');
    assert.doesNotMatch(last[0].text, /ETA/);
    assert.equal(p(1000, 2300).length, 0, 'not twice');
  });

  it('prints one LiveStats line with p50/p95/p99 and the agents reporting', () => {
    const f = new OutputFormatter();
    const row = {
      get: cls({ ops: 6000, opsPerSec: 6584, mibPerSec: 405.8, p50Us: 899, p95Us: 2100, p99Us: 12_500 }),
      put: cls(),
      meta: cls(),
    };
    const [l] = f.format(
      line(
        {
          event: 'live-stats',
          data: {
            t: 2,
            stage: execute,
            elapsedS: 1,
            agents: [{ id: 'agent-1', ...row }],
            total: { ...row, latency: 'op-weighted' },
          },
        },
        5000,
      ),
      view(),
    );
    assert.match(
      l.text,
      /^\[execute 1s\] GET 6,584 ops\/s, 405\.8 MiB\/s \(p50 899µs, p95 2100µs, p99 12\.5ms\)/,
    );
    assert.match(l.text, /total 406 MiB\/s · 1\/2 agents reporting$/);
  });

  it('prints pre-flight findings with suggestions and the config line, errors with agent and address', () => {
    const f = new OutputFormatter();
    const out = f.format(
      line(
        {
          event: 'preflight-result',
          data: {
            agent,
            passed: false,
            errors: 1,
            warnings: 0,
            results: [
              { level: 'success', type: 'system', phase: 'stat', message: 'ok', suggestion: '', details: '' },
              {
                level: 'error',
                type: 'permission',
                phase: 'write',
                message: 'denied',
                suggestion: 'chmod it',
                details: '',
                line: 8,
              },
            ],
          },
        },
        1,
      ),
      view(),
    );
    assert.equal(out.length, 2);
    assert.equal(out[0].level, 'error');
    assert.equal(out[1].text, '  ✗ agent-1 (127.0.0.1:7167) write: denied (config line 8) — chmod it');
    const [err] = f.format(
      line({ event: 'agent-error', data: { agent, message: 'stream broke' } }, 2),
      view(),
    );
    assert.equal(err.level, 'error');
    assert.equal(err.text, 'error: agent-1 (127.0.0.1:7167): stream broke');
    const [again] = f.format(
      line(
        {
          event: 'agent-error',
          data: { agent, message: 'agent-1 (127.0.0.1:7167): unreachable', stage: execute },
        },
        3,
      ),
      view(),
    );
    assert.equal(
      again.text,
      'error: agent-1 (127.0.0.1:7167) in execute: unreachable',
      'the agent named once',
    );
  });

  it('prints the prediction, the ladder step, the outcome and the results folder', () => {
    const f = new OutputFormatter();
    const text = (e: AnyRunEvent) =>
      f
        .format(line(e, 1), view())
        .map((l) => l.text)
        .join('\n');
    assert.match(
      text({ event: 'step-start', data: { step: 'SIMPLE', index: 0, of: 3, resultsDir: '/r/1-SIMPLE' } }),
      /ladder step 1\/3: SIMPLE · results \/r\/1-SIMPLE/,
    );
    assert.equal(
      text({
        event: 'prediction',
        data: {
          step: 'MEDIUM',
          from: 'SIMPLE',
          basedOn: 'x',
          dirs: 340,
          files: 24_576,
          bytes: 1e8,
          treeSeconds: 0.1,
          prepareSeconds: 4,
          rates: {},
        },
      }),
      "prediction for MEDIUM (from SIMPLE's measured rates): 340 dirs · 24,576 files · 100 MB · tree ≈ < 1 s · prepare ≈ 4 s",
    );
    assert.equal(
      text({ event: 'completed', data: { ok: true, wallSeconds: 5.3, stages: 4 } }),
      'completed in 5.3 s',
    );
    const [aborted] = f.format(
      line(
        {
          event: 'completed',
          data: { ok: false, wallSeconds: 2, stages: 4, message: 'interrupted (Ctrl-C)' },
        },
        1,
      ),
      view({ phase: 'finished', outcome: { ok: false, aborted: true } }),
    );
    assert.deepEqual(aborted, { level: 'warn', text: 'run aborted: interrupted (Ctrl-C)' });
    assert.equal(
      text({ event: 'results-written', data: { dir: '/r', files: ['summary.json', 'a.tsv'] } }),
      'results: /r (2 files)',
    );
  });
});

describe('re-attach replay', () => {
  it('prints the milestones of earlier events and everything from the attach on', () => {
    const old = 1000;
    const at = 5000;
    const stats = line({ event: 'log', data: { level: 'info', message: 'x' } }, old);
    const stage = line({ event: 'stage-start', data: { stage: execute, at: 1 } }, old);
    const done = line({ event: 'completed', data: { ok: true, wallSeconds: 1, stages: 1 } }, old);
    assert.equal(printedOnReplay(stats, at), false);
    assert.equal(printedOnReplay(stage, at), true);
    assert.equal(printedOnReplay(done, at), true);
    assert.equal(printedOnReplay({ ...stats, t: at + 1 }, at), true);
  });
});
