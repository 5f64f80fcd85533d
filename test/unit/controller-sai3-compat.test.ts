// The controller's rules for driving sai3-bench v0.8.97 agents (sai3-wire-audit.md): credential forwarding,
// barrier windows by the (k+1) × T rule, `shared_filesystem` refused when absent, sequential pre-flight on
// shared storage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { planRun } from '../../controller';
import { RunEmitter } from '../../controller/events';
import {
  EnvFileError,
  collectForwardedEnv,
  describeForwarding,
  redactingEmitter,
  withForwardedEnv,
} from '../../controller/forward-env';
import { sharesStorage } from '../../controller/preflight';
import { sai3BarrierWindowS, sai3TimeoutForWindow } from '../../core/sai3-protocol';

const base = (): any => ({
  target: 'file:///tmp/iobench-demo/',
  duration: '5s',
  concurrency: 8,
  prepare: {
    ensure_objects: [{ base_uri: 'file:///tmp/iobench-demo/', count: 100, size_spec: 4096 }],
    cleanup: true,
  },
  workload: [{ op: 'get', path: '*', weight: 1 }],
});
const two = [{ address: '127.0.0.1:7001' }, { address: '127.0.0.1:7002' }];

test('credentials: only the allow-list, from the environment or (instead) an env file', () => {
  const env = {
    AWS_ACCESS_KEY_ID: 'id',
    AWS_SECRET_ACCESS_KEY: 'secret',
    GOOGLE_APPLICATION_CREDENTIALS: '/k.json',
    AZURE_STORAGE_ACCOUNT: 'acct',
    AZURE_OTHER: 'no',
    PATH: '/bin',
    MY_AWS_KEY: 'no',
  };
  const fromEnv = collectForwardedEnv(env);
  assert.deepEqual(Object.keys(fromEnv.vars), [
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AZURE_STORAGE_ACCOUNT',
    'GOOGLE_APPLICATION_CREDENTIALS',
  ]);
  assert.equal(fromEnv.source, 'controller environment');
  const dir = mkdtempSync(join(tmpdir(), 'iobench-env-'));
  try {
    const f = join(dir, 'c.env');
    writeFileSync(f, '# comment\nAWS_ACCESS_KEY_ID=file-id\nexport AWS_REGION="eu 1"\nOTHER=x\n');
    const fromFile = collectForwardedEnv(env, f);
    assert.deepEqual(fromFile.vars, { AWS_ACCESS_KEY_ID: 'file-id', AWS_REGION: 'eu 1' });
    assert.throws(() => collectForwardedEnv(env, join(dir, 'missing.env')), EnvFileError);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // what is said names keys only, and warns about plaintext
  const lines = describeForwarding(fromEnv, false).join('\n');
  assert.match(lines, /forwarding 4 credential variables from controller environment/);
  assert.ok(!lines.includes('secret') && !lines.includes('acct'));
  assert.match(lines, /plaintext/);
  assert.doesNotMatch(describeForwarding(fromEnv, true).join('\n'), /plaintext/);
});

test('credentials go into every agent YAML only; the config’s own distributed_env wins; plan.value stays clean', () => {
  const v = base();
  v.distributed_env = { AWS_REGION: 'mine' };
  const r = planRun(v, { agents: two });
  assert.ok(r.ok);
  const fwd = { vars: { AWS_REGION: 'fwd', AWS_SECRET_ACCESS_KEY: 's3cr3t' }, source: 'test' };
  const p = withForwardedEnv(r.plan, fwd);
  for (const a of p.agents)
    assert.deepEqual(parse(a.yaml).distributed_env, { AWS_REGION: 'mine', AWS_SECRET_ACCESS_KEY: 's3cr3t' });
  assert.ok(!JSON.stringify(p.value).includes('s3cr3t'));
  assert.ok(!JSON.stringify(p.agents.map((a) => a.value)).includes('s3cr3t'));
  assert.ok(!r.plan.agents[0].yaml.includes('s3cr3t'), 'the original plan is untouched');
  assert.equal(withForwardedEnv(r.plan, { vars: {}, source: 'x' }), r.plan);
});

test('what agents say is relayed with the forwarded secrets masked (keys that name secrets only)', () => {
  const outer = new RunEmitter();
  const seen: unknown[] = [];
  outer.onAny((name, data) => seen.push({ name, data }));
  const fwd = {
    vars: {
      AWS_SECRET_ACCESS_KEY: 'wJal"rX/secret',
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIA123456',
    },
    source: 't',
  };
  const inner = redactingEmitter(outer, fwd);
  const agent = { id: 'agent-1', index: 0, address: 'h:1' };
  inner.emit('agent-error', {
    agent,
    message: 'bad config: key=wJal"rX/secret id=AKIA123456 region eu-west-1',
  });
  inner.emit('log', { level: 'info', message: 'nothing secret' });
  assert.deepEqual(seen, [
    { name: 'agent-error', data: { agent, message: 'bad config: key=*** id=*** region eu-west-1' } },
    { name: 'log', data: { level: 'info', message: 'nothing secret' } },
  ]);
});

test('(k+1) × T: a release of barrier k counts for (k+1) periods, capped at 6', () => {
  assert.equal(sai3BarrierWindowS(0, 120), 120);
  assert.equal(sai3BarrierWindowS(1, 120), 240);
  assert.equal(sai3BarrierWindowS(9, 120), 720);
  assert.equal(sai3TimeoutForWindow(1, 720), 360);
  assert.equal(sai3TimeoutForWindow(3, 100), 120, 'never below the default');
});

test('synthesized barriers: each window covers what the stage needs under the (k+1) rule', () => {
  const r = planRun(base(), { agents: two, prepareSeconds: 1000 });
  assert.ok(r.ok);
  const stages = parse(r.plan.agents[0].yaml).distributed.stages;
  const windows = stages.map((s: any, k: number) => sai3BarrierWindowS(k, s.barrier.agent_barrier_timeout));
  assert.deepEqual(
    stages.map((s: any) => s.type),
    ['validation', 'prepare', 'execute', 'cleanup'],
  );
  assert.ok(windows[0] >= 120, 'barrier 0 ≥ the READY wait');
  assert.ok(windows[1] >= 12 * 1000, 'prepare: 6 × twice the estimate');
  assert.ok(windows[2] >= 720);
  assert.ok(windows[3] >= 12 * 1000);
  // the old rule (T = max(120, 2 × estimate) for every barrier) gave the prepare barrier only 2 × 2000 s
  assert.equal(stages[1].barrier.agent_barrier_timeout, 6000);
  assert.deepEqual(r.plan.warnings, []);
});

test('own stage lists: barrier timeouts too short for the (k+1) rule are warned about, at their line', () => {
  const v = base();
  v.distributed = {
    agents: two,
    shared_filesystem: false,
    barrier_sync: { enabled: true },
    stages: [
      { name: 'validate', order: 1, type: 'validation', completion: 'validation_passed' },
      { name: 'prep', order: 2, type: 'prepare', completion: 'tasks_done' },
      {
        name: 'run',
        order: 3,
        type: 'execute',
        duration: '5s',
        completion: 'duration',
        barrier: { type: 'all_or_nothing', agent_barrier_timeout: 60 },
      },
    ],
  };
  const r = planRun(v, { prepareSeconds: 900 });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  assert.equal(r.plan.warnings.length, 1);
  const w = r.plan.warnings[0];
  assert.deepEqual(w.path, ['distributed', 'stages', 1]);
  assert.match(w.message, /'prep' ends at barrier 1: .* 2 × 120 s = 240 s .* 900 s .* at least 450/);
  // long enough: no warning
  v.distributed.stages[1].barrier = { type: 'all_or_nothing', agent_barrier_timeout: '15m' };
  const ok = planRun(v, { prepareSeconds: 900 });
  assert.ok(ok.ok);
  assert.deepEqual(ok.plan.warnings, []);
});

test('shared_filesystem: refused when the config’s own agents leave it out; defaulted for local agents', () => {
  const v = base();
  v.distributed = { agents: two };
  const r = planRun(v);
  assert.ok(!r.ok);
  assert.deepEqual(r.errors[0].path, ['distributed']);
  assert.match(r.errors[0].message, /shared_filesystem is required/);
  assert.ok(planRun(v, { agents: two }).ok);
  assert.ok(planRun(v, { root: '/tmp' }).ok);
});

test('pre-flight runs one agent after the other when they may share a directory', () => {
  const plan = (addresses: string[], shared: boolean, targets?: string[]) => {
    const v = base();
    v.distributed = {
      agents: addresses.map((address, i) => ({
        address,
        ...(targets ? { target_override: targets[i] } : {}),
      })),
      shared_filesystem: shared,
    };
    const r = planRun(v);
    assert.ok(r.ok);
    return r.plan.agents;
  };
  assert.equal(sharesStorage(plan(['h1:7167', 'h2:7167'], true)), true);
  assert.equal(sharesStorage(plan(['h1:7167', 'h2:7167'], false)), false);
  assert.equal(sharesStorage(plan(['h1:7167', 'h1:7168'], false)), true, 'one host, one target');
  assert.equal(sharesStorage(plan(['h1:7167', 'h1:7168'], false, ['file:///a/', 'file:///b/'])), false);
});

test('a GET on an absolute file:// glob with a prepare stage is warned about (sai3 checks it at START)', () => {
  const v = base();
  v.workload = [
    { op: 'get', path: 'file:///tmp/iobench-demo/*', weight: 1 },
    { op: 'get', path: '*', weight: 1 },
  ];
  const r = planRun(v, { agents: two });
  assert.ok(r.ok);
  assert.equal(r.plan.warnings.length, 1);
  assert.deepEqual(r.plan.warnings[0].path, ['workload', 0, 'path']);
  assert.match(r.plan.warnings[0].message, /checks at START, before the prepare stage/);
  v.prepare = undefined;
  const none = planRun(v, { agents: two });
  assert.ok(none.ok);
  assert.deepEqual(none.plan.warnings, []);
});
