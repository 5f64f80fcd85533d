// The agent process: ready line, Ping, bearer token, port in use, listen policy, unimplemented RPCs.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { agentClient, startAgent, tempDir, unary, type AgentProcess } from './helpers/agent';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
const procs: AgentProcess[] = [];
const t = tempDir();
after(async () => {
  await Promise.all(procs.map((p) => p.stop()));
  t.cleanup();
});

test('Ping answers with a version on a free port picked by --listen 127.0.0.1:0', async () => {
  const a = await startAgent([t.dir]);
  procs.push(a);
  assert.ok(a.port > 0);
  const c = agentClient(a.address);
  const r = await unary<object, { version: string }>(c.Ping.bind(c), {});
  assert.match(r.version, /iobench-agent/);
  // Legacy/unneeded RPCs are UNIMPLEMENTED, not crashes.
  await assert.rejects(
    unary(c.RunGet.bind(c), { uri: 'file:///x' }),
    (e: grpc.ServiceError) => e.code === grpc.status.UNIMPLEMENTED,
  );
  c.close();
});

test('a token is required on every call when set', async () => {
  const a = await startAgent([t.dir], ['--token', 's3cret']);
  procs.push(a);
  const c = agentClient(a.address);
  await assert.rejects(
    unary(c.Ping.bind(c), {}),
    (e: grpc.ServiceError) => e.code === grpc.status.UNAUTHENTICATED,
  );
  const md = new grpc.Metadata();
  md.set('authorization', 'Bearer wrong');
  await assert.rejects(
    unary(c.Ping.bind(c), {}, md),
    (e: grpc.ServiceError) => e.code === grpc.status.UNAUTHENTICATED,
  );
  md.set('authorization', 'Bearer s3cret');
  assert.match((await unary<object, { version: string }>(c.Ping.bind(c), {}, md)).version, /iobench/);
  c.close();
});

test('a port in use exits 3 with a clear message and no stack trace', async () => {
  const a = await startAgent([t.dir]);
  procs.push(a);
  const r = spawnSync(process.execPath, [CLI, 'agent', '--listen', a.address, '--root', t.dir], {
    encoding: 'utf8',
    timeout: 20000,
  });
  assert.equal(r.status, 3, r.stderr);
  assert.match(r.stderr, /already in use/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});

test('non-loopback listen needs a token, TLS or --insecure; a missing root is refused', () => {
  const r = spawnSync(process.execPath, [CLI, 'agent', '--listen', '0.0.0.0:0', '--root', t.dir], {
    encoding: 'utf8',
    timeout: 20000,
  });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--token|--insecure/);
  const m = spawnSync(
    process.execPath,
    [CLI, 'agent', '--listen', '127.0.0.1:0', '--root', path.join(t.dir, 'missing')],
    { encoding: 'utf8', timeout: 20000 },
  );
  assert.equal(m.status, 2);
  assert.match(m.stderr, /--root \S+missing: no such folder \(create it first: mkdir -p \S+missing\)/);
});
