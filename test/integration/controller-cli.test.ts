// `iobench run / preflight / attach` as a user runs them (child processes of dist/cli.js, real agents on
// loopback): the README's first command, --json NDJSON, exit codes, pre-flight refusal, detach + attach.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import {
  CLI,
  REPO,
  closedPort,
  iobench,
  runProcess,
  smallConfig,
  tempDir,
  withAgents,
  withTempDir,
} from './controller-helpers';

test("the README's first command runs a real benchmark and exits 0", async () => {
  const results = tempDir('iobench-results-');
  const roots: string[] = [];
  try {
    // exactly the README line after the build; mktemp's folder is recorded so the test can remove it
    const r = await runProcess(
      'sh',
      [
        '-c',
        'R="$(mktemp -d)"; echo "ROOT=$R"; npx iobench run examples/local-small.iobench.yaml --local 2 --root "$R"',
      ],
      { env: { IOBENCH_RESULTS_DIR: results } },
    );
    const root = /ROOT=(\S+)/.exec(r.stdout)?.[1];
    if (root) roots.push(root);
    assert.equal(r.code, 0, r.stderr + r.stdout.slice(-2000));
    assert.match(r.stdout, /per agent \(every agent writes every file\)/, 'the estimate comes first');
    assert.ok(r.stdout.indexOf('per agent') < r.stdout.indexOf('Pre-flight'), 'estimate before pre-flight');
    assert.match(r.stdout, /prepare .*100% \| 1448\/1448/, 'prepare progress reaches the total');
    assert.match(r.stdout, /\[execute \ds\/5s\] total: GET [\d,]+ ops\/s/, 'live stats during execute');
    assert.match(r.stdout, /✅ Completed: every stage on every agent/);
    const dir = /Results: (\S+)/.exec(r.stdout)?.[1];
    assert.ok(
      dir && dir.startsWith(results) && existsSync(join(dir, 'summary.json')),
      `results path: ${dir}`,
    );
  } finally {
    for (const d of [results, ...roots]) rmSync(d, { recursive: true, force: true });
  }
});

test('run --json prints parseable NDJSON events and exits 0', () =>
  withTempDir(async (dir) => {
    const cfg = join(dir, 'small.iobench.yaml');
    writeFileSync(cfg, smallConfig({ duration: '1s' }));
    mkdirSync(join(dir, 'root'));
    const r = await iobench([
      'run',
      cfg,
      '--local',
      '2',
      '--root',
      join(dir, 'root'),
      '--json',
      '--results',
      join(dir, 'out'),
    ]);
    assert.equal(r.code, 0, r.stderr);
    const events = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const names = events.map((e) => e.event);
    assert.equal(names[0], 'estimate');
    for (const n of [
      'run-start',
      'agent-connected',
      'preflight-done',
      'stage-start',
      'progress',
      'live-stats',
      'stage-summary',
      'results-written',
    ])
      assert.ok(names.includes(n), `no ${n} event`);
    assert.equal(names[names.length - 1], 'completed');
    assert.equal(events[events.length - 1].data.ok, true);
    assert.ok(events.every((e) => typeof e.t === 'number' && e.data));
  }));

test('exit codes: config error 1 with file:line:col, usage error 2, unreachable agent 1 naming it', () =>
  withTempDir(async (dir) => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, smallConfig().replace(/count: 0/, 'count: 7'));
    const r1 = await iobench(['run', bad, '--local', '1', '--root', dir]);
    assert.equal(r1.code, 1);
    assert.match(r1.stderr, new RegExp(`${bad.replace(/[.]/g, '\\.')}:\\d+:\\d+: error: .*count`));

    const good = join(dir, 'good.yaml');
    writeFileSync(good, smallConfig());
    const r2 = await iobench(['run', good, '--local', '0']);
    assert.equal(r2.code, 2);
    assert.match(r2.stderr, /--local 0/);
    const r3 = await iobench(['run', good, '--step', 'huge']);
    assert.equal(r3.code, 2);

    // 537 TB on 4 hosts: refused without a terminal to confirm on (before connecting to anything)
    const full = join(REPO, 'test', 'fixtures', 'configs', 'four-host-full.yaml');
    const r5 = await iobench(['run', full, '--results', join(dir, 'out-full')]);
    assert.equal(r5.code, 1);
    assert.match(
      r5.stderr,
      /refusing a large run \(256,131,072 files .*\) without a terminal to confirm; pass --yes/,
    );

    const dead = `127.0.0.1:${await closedPort()}`;
    const remote = join(dir, 'remote.yaml');
    writeFileSync(remote, smallConfig({ agents: [{ address: dead }] }));
    const r4 = await iobench(['run', remote, '--results', join(dir, 'out')]);
    assert.equal(r4.code, 1);
    assert.ok(r4.stderr.includes(`agent-1 (${dead})`) && /unreachable/.test(r4.stderr), r4.stderr);
  }));

test('preflight and run refuse when an agent fails pre-flight, naming it', () =>
  withAgents(2, async (agents, root) => {
    const cfg = join(root, 'two.yaml');
    writeFileSync(
      cfg,
      smallConfig({ target: 'file:///bench/', agents: agents.map((a) => ({ address: a.address })) }).replace(
        /base_uri: .*/,
        'base_uri: file:///bench/data/',
      ),
    );
    mkdirSync(join(root, 'agent-1', 'data'));
    const p = await iobench(['preflight', cfg, '--root', root]);
    assert.equal(p.code, 1, p.stdout + p.stderr);
    assert.match(p.stdout, /✓ agent-1 .*: passed/);
    assert.match(p.stdout, /✗ agent-2 \(127\.0\.0\.1:\d+\): FAILED/);
    assert.match(p.stdout, /Directory does not exist.*two\.yaml:\d+:\d+\)/);
    const r = await iobench(['run', cfg, '--root', root, '--results', join(root, 'out')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /pre-flight failed on agent-2 \(127\.0\.0\.1:\d+\); nothing was started/);
  }));

test('preflight --local says which folder its agents check (the config paths move under a root)', () =>
  withTempDir(async (dir) => {
    const cfg = join(dir, 'small.yaml');
    writeFileSync(cfg, smallConfig({ target: 'file:///read-only-somewhere/' }));
    const p = await iobench(['preflight', cfg, '--local', '1']);
    assert.equal(p.code, 0, p.stdout + p.stderr);
    assert.match(
      p.stdout,
      /^Local agents: 127\.0\.0\.1:\d+ · root \S+iobench-\S+ \(file:\/\/ locations are checked under it; pass --root DIR to choose it\)$/m,
    );
  }));

test('run --detach prints the results folder; attach follows it to the end', () =>
  withTempDir(async (dir) => {
    const cfg = join(dir, 'small.yaml');
    writeFileSync(cfg, smallConfig({ duration: '1s' }));
    mkdirSync(join(dir, 'root'));
    const out = join(dir, 'out');
    const d = await iobench([
      'run',
      cfg,
      '--local',
      '2',
      '--root',
      join(dir, 'root'),
      '--results',
      out,
      '--detach',
    ]);
    assert.equal(d.code, 0, d.stderr);
    assert.equal(d.stdout.trim().split('\n').pop(), out);
    const a = await iobench(['attach', out]);
    assert.equal(a.code, 0, a.stderr + a.stdout);
    assert.match(a.stdout, /✅ Completed: every stage on every agent/);
    assert.match(a.stdout, /stage +agent +op +ops/);
    // a finished run: attach prints the summary again
    const again = await iobench(['attach', out]);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /Results: /);
  }));

test('Ctrl-C during prepare aborts every agent, leaves them idle, stops the local agents and exits 130', () =>
  withTempDir(async (dir) => {
    const cfg = join(dir, 'big.yaml');
    // ~100,000 small files across 2 agents: seconds of prepare, so the interrupt lands inside it
    writeFileSync(cfg, smallConfig({ width: 10, depth: 3, files: 50, duration: '60s' }));
    mkdirSync(join(dir, 'root'));
    const out = join(dir, 'out');
    const p = spawn(
      process.execPath,
      [CLI, 'run', cfg, '--local', '2', '--root', join(dir, 'root'), '--yes', '--results', out],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let interrupted = false;
    p.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (!interrupted && stdout.includes('── stage 2/4: prepare')) {
        interrupted = true;
        p.kill('SIGINT'); // what Ctrl-C sends to the foreground process
      }
    });
    let stderr = '';
    p.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const code = await new Promise<number | null>((r) => p.once('close', r));
    assert.equal(code, 130, stdout + stderr);
    assert.match(stderr, /interrupted: aborting every agent/);
    assert.match(stderr, /Run aborted: interrupted \(Ctrl-C\)/);
    assert.match(stderr, /✓ agent-1 aborted, idle/);
    assert.match(stderr, /✓ agent-2 aborted, idle/);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    assert.equal(summary.ok, false);
    assert.match(summary.reason, /interrupted/);
    // the local agents are gone: their ports refuse connections
    const ports = [
      ...(/^Local agents: (.*) · root/m.exec(stdout)?.[1] ?? '').matchAll(/127\.0\.0\.1:(\d+)/g),
    ].map((m) => Number(m[1]));
    assert.equal(ports.length, 2, stdout);
    for (const port of ports) {
      const refused = await new Promise<boolean>((r) => {
        const sock = connect(port, '127.0.0.1');
        sock.once('connect', () => (sock.destroy(), r(false)));
        sock.once('error', () => r(true));
      });
      assert.ok(refused, `agent on port ${port} still listening`);
    }
  }));
