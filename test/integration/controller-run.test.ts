// The controller driving real agent processes on loopback (node dist/cli.js agent): a full run, a pre-flight
// refusal, an unreachable agent and an abort. Tests wait on events and process exits, never on sleeps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  PERF_LOG_COLUMNS,
  RunEmitter,
  STAGE_TSV_COLUMNS,
  planRun,
  runSession,
  type RunPlan,
} from '../../controller';
import { fileDirectories } from '../../controller/local-root';
import { loadConfig } from '../../core/config';
import { estimate } from '../../core/estimate';
import { closedPort, countTree, record, smallConfig, withAgents } from './controller-helpers';

function plan(text: string, addresses: string[], root?: string): RunPlan {
  const r = planRun(loadConfig(text).value, { agents: addresses.map((address) => ({ address })), root });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  return r.plan;
}

const makeDirs = (p: RunPlan) => {
  for (const a of p.agents) for (const d of fileDirectories(a.value)) mkdirSync(d, { recursive: true });
};

test('full run, 2 agents: events in order, files as predicted, results files with the right columns', () =>
  withAgents(2, async (agents, root) => {
    const p = plan(
      smallConfig({ duration: '3s' }),
      agents.map((a) => a.address),
      root,
    );
    makeDirs(p);
    const predicted = estimate(p.model);
    const emitter = new RunEmitter();
    const ev = record(emitter);
    const onDisk: Record<string, { files: number; dirs: number }> = {};
    // stage-summary is told just before the barrier release: the agents wait, the tree is complete
    emitter.on('stage-summary', (e) => {
      if (e.stage.type === 'prepare') for (const a of p.agents) onDisk[a.id] = countTree(a.folder!);
    });
    const results = join(root, 'results');
    const out = await runSession({ plan: p, emitter, resultsDir: results, configFile: 'small.yaml' });
    assert.equal(out.ok, true, out.reason);

    // events in order
    const at = (name: string, pred: (d: any) => boolean = () => true) => {
      const i = ev.findIndex((e) => e.name === name && pred(e.data));
      assert.ok(i >= 0, `no ${name} event`);
      return i;
    };
    const stage = (type: string) => (d: any) => d.stage?.type === type;
    const order = [
      at('run-start'),
      at('agent-connected'),
      at('preflight-result'),
      at('preflight-done', (d) => d.passed),
      at('stage-start', stage('validation')),
      at('agent-ready'),
      at('barrier-released', (d) => d.index === 0),
      at('stage-start', stage('prepare')),
      at('progress', (d) => d.stage.type === 'prepare' && d.total > 0 && d.current === d.total),
      at('stage-summary', stage('prepare')),
      at('barrier-released', (d) => d.index === 1),
      at('stage-start', stage('execute')),
      at('live-stats', (d) => d.stage.type === 'execute' && d.total.get.opsPerSec > 0),
      at('stage-summary', stage('execute')),
      at('stage-start', stage('cleanup')),
      at('stage-summary', stage('cleanup')),
      at('results-written'),
      at('completed', (d) => d.ok),
    ];
    assert.deepEqual(
      [...order].sort((a, b) => a - b),
      order,
      `event order: ${ev.map((e) => e.name).join(',')}`,
    );
    assert.equal(ev.filter((e) => e.name === 'agent-ready').length, 2);
    assert.equal(ev.filter((e) => e.name === 'stage-summary').length, 4);

    // live stats every second during execute, per agent and total
    const live = ev.filter((e) => e.name === 'live-stats' && e.data.stage.type === 'execute');
    assert.ok(live.length >= 2, `only ${live.length} live-stats during a 3 s execute`);
    for (let i = 1; i < live.length; i++) {
      const gap = live[i].at - live[i - 1].at;
      assert.ok(gap > 500 && gap < 1600, `live-stats ${gap} ms apart`);
    }
    assert.deepEqual(
      live[live.length - 1].data.agents.map((a: any) => a.id),
      ['agent-1', 'agent-2'],
    );
    assert.equal(live[0].data.total.latency, 'op-weighted');

    // the tree on disk = the estimate (parallel prepare, isolated storage: every agent writes every file)
    for (const [i, a] of p.agents.entries()) {
      assert.equal(onDisk[a.id].files, Number(predicted.perAgent[i].files), `${a.id} files`);
      assert.equal(onDisk[a.id].dirs, Number(predicted.total.dirs), `${a.id} dirs`);
    }
    // cleanup removed the files again
    for (const a of p.agents) assert.equal(countTree(a.folder!).files, 0);

    // merged stage summary: true percentiles from the agents' histograms
    const exec = ev.find((e) => e.name === 'stage-summary' && e.data.stage.type === 'execute')!.data;
    assert.equal(exec.total.latency, 'hdr');
    assert.equal(exec.total.get.ops, exec.agents[0].get.ops + exec.agents[1].get.ops);
    assert.ok(exec.total.get.p99Us >= exec.total.get.p50Us && exec.total.get.p50Us > 0);

    // results folder
    for (const f of [
      'summary.json',
      'perf_log.tsv',
      'console_log.txt',
      'events.ndjson',
      '01_validation_results.tsv',
      '02_prepare_results.tsv',
      '03_execute_results.tsv',
      '04_cleanup_results.tsv',
      'agents/agent-1/perf_log.tsv',
    ])
      assert.ok(existsSync(join(results, f)), `${f} missing`);
    const perf = readFileSync(join(results, 'perf_log.tsv'), 'utf8').trim().split('\n');
    assert.deepEqual(perf[0].split('\t'), [...PERF_LOG_COLUMNS]);
    assert.ok(perf.slice(1).every((l) => l.split('\t').length === PERF_LOG_COLUMNS.length));
    assert.ok(perf.some((l) => l.startsWith('all\t')) && perf.some((l) => l.startsWith('agent-2\t')));
    const tsv = readFileSync(join(results, '03_execute_results.tsv'), 'utf8').trim().split('\n');
    assert.deepEqual(tsv[0].split('\t'), [...STAGE_TSV_COLUMNS]);
    assert.ok(tsv.some((l) => l.startsWith('GET\tALL\t98\t')));
    const summary = JSON.parse(readFileSync(join(results, 'summary.json'), 'utf8'));
    assert.equal(summary.ok, true);
    assert.equal(summary.stages.length, 4);
    assert.ok(summary.agents.every((a: any) => a.completed && typeof a.clockOffsetMs === 'number'));
  }));

test('an agent failing pre-flight (missing folder) → the run is refused, naming the agent', () =>
  withAgents(2, async (agents, root) => {
    // files go to /bench/data (base_uri), target /bench → <agent folder>/data; only agent-1 gets that folder
    const text = smallConfig({ target: 'file:///bench/' }).replace(
      /base_uri: .*/,
      'base_uri: file:///bench/data/',
    );
    const p = plan(
      text,
      agents.map((a) => a.address),
      root,
    );
    mkdirSync(join(p.agents[0].folder!, 'data'), { recursive: true });
    const emitter = new RunEmitter();
    const ev = record(emitter);
    const config = loadConfig(text).value as Record<string, unknown>;
    const out = await runSession({ plan: p, emitter, config });
    assert.equal(out.ok, false);
    assert.equal(out.phase, 'preflight');
    assert.match(out.reason!, /agent-2 \(127\.0\.0\.1:\d+\)/);
    assert.doesNotMatch(out.reason!, /agent-1/);
    const bad = ev.find((e) => e.name === 'preflight-result' && !e.data.passed)!.data;
    assert.equal(bad.agent.id, 'agent-2');
    const err = bad.results.find((r: any) => r.level === 'error');
    assert.match(err.message, /does not exist/i);
    assert.deepEqual(err.configPath, ['prepare', 'ensure_objects', 0, 'base_uri']);
    assert.ok(!ev.some((e) => e.name === 'stage-start'), 'nothing may start');
    assert.ok(ev.some((e) => e.name === 'completed' && !e.data.ok));
  }));

test('an unreachable agent → a clear error naming it and its address within the connect timeout', () =>
  withAgents(1, async (agents, root) => {
    const dead = `127.0.0.1:${await closedPort()}`;
    const p = plan(smallConfig(), [agents[0].address, dead], root);
    const emitter = new RunEmitter();
    const ev = record(emitter);
    const t0 = Date.now();
    const out = await runSession({ plan: p, emitter });
    assert.ok(Date.now() - t0 < 7_000, 'within the 5 s connect timeout');
    assert.equal(out.ok, false);
    assert.equal(out.phase, 'connect');
    assert.ok(out.reason!.includes(`agent-2 (${dead})`), out.reason);
    assert.match(out.reason!, /unreachable/);
    const err = ev.find((e) => e.name === 'agent-error')!.data;
    assert.equal(err.agent.address, dead);
  }));

test('abort mid-run → every agent aborted and idle', () =>
  withAgents(2, async (agents, root) => {
    const p = plan(
      smallConfig({ duration: '60s' }),
      agents.map((a) => a.address),
      root,
    );
    makeDirs(p);
    const emitter = new RunEmitter();
    const ev = record(emitter);
    const ac = new AbortController();
    emitter.on('live-stats', (e) => {
      if (e.stage.type === 'execute' && e.total.get.ops > 0) ac.abort();
    });
    const t0 = Date.now();
    const out = await runSession({ plan: p, emitter, signal: ac.signal });
    assert.ok(Date.now() - t0 < 40_000, 'the 60 s execute stage did not run out');
    assert.equal(out.ok, false);
    assert.match(out.reason!, /interrupted/);
    const aborted = ev.find((e) => e.name === 'aborted')!.data;
    assert.deepEqual(
      aborted.agents.map((a: any) => [a.id, a.ok, a.idle]),
      [
        ['agent-1', true, true],
        ['agent-2', true, true],
      ],
    );
    assert.ok(ev.some((e) => e.name === 'completed' && !e.data.ok));
    assert.ok(!ev.some((e) => e.name === 'stage-summary' && e.data.stage.type === 'execute'));
  }));

test('an agent ERROR aborts every agent and says which agent and why', () =>
  withAgents(2, async (agents, root) => {
    // gets of files prepare did not create (skip_verification) fail; error_handling stops the stage at the
    // first error → status ERROR at run time
    const text = `${smallConfig({ duration: '1s' }).replace('prepare:\n', 'prepare:\n  skip_verification: true\n')}error_handling: { max_total_errors: 1 }
distributed:
  agents: []
  shared_filesystem: false
  tree_creation_mode: isolated
  path_selection: random
  stages:
    - { name: validation, order: 1, type: validation, completion: validation_passed }
    - { name: hook, order: 2, type: execute, completion: duration, duration: 5s }
    - { name: run, order: 3, type: execute, completion: duration, duration: 1s }
`;
    const p = plan(
      text,
      agents.map((a) => a.address),
      root,
    );
    makeDirs(p);
    const emitter = new RunEmitter();
    const ev = record(emitter);
    const out = await runSession({ plan: p, emitter });
    assert.equal(out.ok, false);
    assert.equal(out.phase, 'run');
    assert.match(
      out.reason!,
      /^agent-\d \(127\.0\.0\.1:\d+\) failed: .*1 total errors exceeded threshold of 1/,
    );
    const err = ev.find((e) => e.name === 'agent-error')!.data;
    assert.equal(err.stage.name, 'hook');
    const aborted = ev.find((e) => e.name === 'aborted')!.data;
    assert.deepEqual(
      aborted.agents.map((a: any) => a.id),
      ['agent-1', 'agent-2'],
    );
    assert.ok(aborted.agents.every((a: any) => a.idle));
    assert.ok(!ev.some((e) => e.name === 'stage-start' && e.data.stage.name === 'run'));
  }));

test('failing operations are reported once per agent while the stage runs, and counted in its summary', () =>
  withAgents(1, async (agents, root) => {
    // deletes and gets over one small tree: the gets soon find files deleted (ENOENT), as in sai3's tree mode
    const text = smallConfig({ duration: '2s', files: 3 }).replace(
      /workload:[\s\S]*$/,
      'workload:\n  - { op: get, path: "*", weight: 50 }\n  - { op: delete, path: "*", weight: 50 }\n',
    );
    const p = plan(
      text,
      agents.map((a) => a.address),
      root,
    );
    makeDirs(p);
    const emitter = new RunEmitter();
    const ev = record(emitter);
    const out = await runSession({ plan: p, emitter });
    assert.equal(out.ok, true, out.reason);
    const warnings = ev.filter((e) => e.name === 'log' && /operations are failing/.test(e.data.message));
    assert.equal(warnings.length, 1, JSON.stringify(warnings));
    assert.match(
      warnings[0].data.message,
      /^agent-1: operations are failing in execute \([\d,]+ failed operations?; latest: (get|delete) \S+file_\d{8}\.dat: ENOENT\)$/,
    );
    const summary = ev.find((e) => e.name === 'stage-summary' && e.data.stage.name === 'execute')!.data;
    assert.ok(summary.total.errors > 0);
  }));
