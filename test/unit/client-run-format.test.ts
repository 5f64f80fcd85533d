// The run half's VS Code-free formatters: status bar text/tooltip, the ladder offer, pre-flight diagnostics.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ClassStats, StatsRow } from '../../controller/events';
import { statusText, statusTooltip, stagePercent, type StatusView } from '../../client/run/format-status';
import { ladderOffer } from '../../client/run/format-ladder';
import { preflightDiagnostics } from '../../client/run/preflight-diagnostics';

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
const row = (get: Partial<ClassStats>, put: Partial<ClassStats> = {}): StatsRow => ({
  get: cls(get),
  put: cls(put),
  meta: cls(),
});

describe('status bar text', () => {
  const base: StatusView = {
    step: 'SIMPLE',
    phase: 'running',
    stage: { name: 'prepare', index: 1, count: 4 },
    progress: { label: 'prepare', current: 42, total: 100, perSec: 812, etaSeconds: 5 },
    agents: 2,
  };

  it('shows step, stage percent and throughput', () => {
    const v = { ...base, total: row({ mibPerSec: 1000, ops: 1 }, { mibPerSec: 228.8, ops: 1 }) };
    assert.equal(statusText(v), '$(sync~spin) iobench SIMPLE · prepare 42% · 1.2 GiB/s');
  });

  it('falls back to the progress rate when there are no live stats yet', () => {
    assert.equal(statusText(base), '$(sync~spin) iobench SIMPLE · prepare 42% · 812/s');
  });

  it('gives time-based stages a percent from the elapsed time', () => {
    const v: StatusView = {
      ...base,
      stage: { name: 'execute', index: 2, count: 4, durationMs: 10_000 },
      progress: { label: 'execute', current: 0, total: 0 },
      elapsedS: 3.5,
      total: row({ opsPerSec: 6584.5 }),
    };
    assert.equal(stagePercent(v), 35);
    assert.equal(statusText(v), '$(sync~spin) iobench SIMPLE · execute 35% · 6,585 ops/s');
  });

  it('says pre-flight and starting, and the outcome when finished', () => {
    assert.equal(
      statusText({ ...base, phase: 'preflight' }),
      '$(sync~spin) iobench SIMPLE · pre-flight · 812/s',
    );
    assert.equal(statusText({ phase: 'starting', agents: 0 }), '$(sync~spin) iobench · starting');
    assert.equal(
      statusText({ ...base, phase: 'finished', outcome: { ok: true, wallSeconds: 5.3 } }),
      '$(check) iobench SIMPLE done · 5 s',
    );
    assert.equal(
      statusText({ ...base, phase: 'finished', outcome: { ok: false, aborted: true } }),
      '$(circle-slash) iobench SIMPLE aborted',
    );
    assert.equal(
      statusText({ ...base, phase: 'finished', outcome: { ok: false } }),
      '$(error) iobench SIMPLE failed',
    );
  });

  it('tooltip names agents, stage, counts with ETA and the results folder', () => {
    const t = statusTooltip({ ...base, resultsDir: '/w/iobench-results/x' });
    assert.match(t, /iobench run SIMPLE · 2 agents/);
    assert.match(t, /stage 2\/4: prepare/);
    assert.match(t, /prepare: 42 \/ 100 · ETA 5 s/);
    assert.match(t, /results: \/w\/iobench-results\/x/);
  });
});

describe('ladder offer', () => {
  it('shows what was measured and the next step with its predicted size and time', () => {
    const o = ladderOffer({
      step: 'MEDIUM',
      from: 'SIMPLE',
      basedOn: 'calibration.json',
      dirs: 2 * 340,
      files: 2 * 12_288,
      bytes: 2 * 50e6,
      treeSeconds: 0.4,
      prepareSeconds: 4.2,
      rates: {
        'agent-1': { mkdirPerSec: 5623, createsPerSec: 13054 },
        'agent-2': { mkdirPerSec: 12810, createsPerSec: 14749 },
      },
    });
    assert.equal(o.run, 'Run MEDIUM');
    assert.equal(o.stop, 'Stop here');
    assert.equal(o.step, 'medium');
    assert.match(o.message, /SIMPLE done \(measured 5,623 mkdir\/s · 13,054 creates\/s per agent\)/);
    assert.match(o.message, /MEDIUM: 680 dirs · 24,576 files · 100 MB · tree ≈ < 1 s · prepare ≈ 4 s/);
  });
});

const CONFIG = `target: "file:///data/bench/"
distributed:
  agents:
    - address: "10.0.0.1:7167"
    - address: "10.0.0.2:7167"
prepare:
  ensure_objects:
    - base_uri: "file:///data/bench/"
      count: 10
workload:
  - op: get
    path: "*"
    weight: 100
`;

describe('pre-flight diagnostics', () => {
  const agent = (index: number) => ({ id: `agent-${index + 1}`, index, address: `10.0.0.${index + 1}:7167` });

  it('puts a path finding on the config value it is about', () => {
    const d = preflightDiagnostics(CONFIG, [
      {
        agent: agent(0),
        results: [
          { level: 'success', type: 'system', phase: 'stat', message: 'ok', suggestion: '', details: '' },
          {
            level: 'error',
            type: 'permission',
            phase: 'write',
            message: 'cannot write /data/bench',
            suggestion: 'chmod the folder',
            details: '',
            configPath: ['prepare', 'ensure_objects', 0, 'base_uri'],
            line: 8,
            column: 15,
          },
        ],
      },
    ]);
    assert.equal(d.length, 1, 'successes are not diagnostics');
    assert.equal(d[0].severity, 'error');
    assert.equal(d[0].range.start.line, 7);
    assert.equal(d[0].code, 'preflight-permission');
    assert.match(
      d[0].message,
      /agent-1 \(10\.0\.0\.1:7167\) write: cannot write \/data\/bench\nchmod the folder/,
    );
  });

  it('uses the 1-based line when there is no path, and the agent address for an unreachable agent', () => {
    const d = preflightDiagnostics(
      CONFIG,
      [
        {
          agent: agent(0),
          results: [
            {
              level: 'warning',
              type: 'resource',
              phase: 'disk-space',
              message: 'low',
              suggestion: '',
              details: '',
              line: 1,
            },
          ],
        },
      ],
      [{ agent: agent(1), message: 'agent-2 (10.0.0.2:7167): connection refused' }],
    );
    assert.deepEqual(d[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 29 } });
    assert.equal(d[0].severity, 'warning');
    assert.equal(d[1].range.start.line, 4, 'the second agent address line');
    assert.equal(d[1].code, 'preflight-unreachable');
    assert.equal(
      d[1].message,
      'pre-flight agent-2 (10.0.0.2:7167): connection refused',
      'the agent named once',
    );
  });

  it('marks the top of the file for local agents (no distributed section)', () => {
    const d = preflightDiagnostics('workload:\n  - op: get\n', [], [{ agent: agent(0), message: 'gone' }]);
    assert.equal(d[0].range.start.line, 0);
  });
});

describe('status view from the controller run state', () => {
  it('folds events through reduceRun into the status bar text, live and finished', async () => {
    const { replayRun } = await import('../../controller/run-state');
    const { runStatusView } = await import('../../client/run/run-view');
    const agentRef = { id: 'agent-1', index: 0, address: '127.0.0.1:1' };
    const prep = { index: 1, name: 'prepare', type: 'prepare' as const };
    const exec = { index: 2, name: 'execute', type: 'execute' as const, durationMs: 10_000 };
    const stages = [{ index: 0, name: 'validation', type: 'validation' as const }, prep, exec];
    const ev = (event: string, data: unknown, t: number) => ({ event, data, t, v: 1 }) as never;
    const start = [
      ev('step-start', { step: 'SIMPLE', index: 0, of: 1, resultsDir: '/r' }, 0),
      ev('run-start', { runId: 'x', agents: [agentRef], stages, startedAt: '' }, 1),
      ev('stage-start', { stage: prep, at: 0 }, 1000),
      ev('progress', { stage: prep, label: 'prepare', current: 100, total: 1000, agents: [] }, 1000),
      ev('progress', { stage: prep, label: 'prepare', current: 420, total: 1000, agents: [] }, 2000),
    ];
    let v = runStatusView(replayRun(start));
    assert.equal(statusText(v), '$(sync~spin) iobench SIMPLE · prepare 42% · 320/s');
    const live = [
      ...start,
      ev('stage-start', { stage: exec, at: 2 }, 3000),
      ev(
        'live-stats',
        {
          t: 3,
          stage: exec,
          elapsedS: 4,
          agents: [],
          total: { ...row({ mibPerSec: 1228.8, ops: 1 }), latency: 'op-weighted' },
        },
        7000,
      ),
    ];
    v = runStatusView(replayRun(live));
    assert.equal(statusText(v), '$(sync~spin) iobench SIMPLE · execute 40% · 1.2 GiB/s');
    v = runStatusView(replayRun([...live, ev('completed', { ok: true, wallSeconds: 12, stages: 3 }, 9000)]));
    assert.equal(statusText(v), '$(check) iobench SIMPLE done · 12 s');
    v = runStatusView(
      replayRun([
        ...live,
        ev('aborted', { reason: 'user', agents: [] }, 8000),
        ev('completed', { ok: false, wallSeconds: 8, stages: 3, message: 'aborted' }, 9000),
      ]),
    );
    assert.equal(statusText(v), '$(circle-slash) iobench SIMPLE aborted');
  });
});
