// Pre-flight on file:// targets: a good folder (with calibration), a missing folder, a read-only mount, a
// full disk (a 1 MiB tmpfs of the test's own), direct:// with and without O_DIRECT (a ramfs), a target outside
// the roots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AgentClient, PreFlightResponse__Output } from '../../proto';
import { agentClient, startAgent, supportsODirect, tempDir, unary, type AgentProcess } from './helpers/agent';
import { treeConfig } from './helpers/configs';

let agent: AgentProcess;
let client: AgentClient;
const t = tempDir('iobench-preflight-');
const ro = path.join(t.dir, 'ro');
const full = path.join(t.dir, 'full');
const mounted: string[] = [];
const ram = path.join(t.dir, 'ram');
const mount = (dir: string, opts: string, type = 'tmpfs') => {
  fs.mkdirSync(dir, { recursive: true });
  const r = spawnSync('mount', ['-t', type, '-o', opts, type, dir], { encoding: 'utf8' });
  if (r.status === 0) mounted.push(dir);
  return r.status === 0 ? '' : `cannot mount ${type} here: ${r.stderr.trim()}`;
};
let roSkip = '';
let fullSkip = '';
let ramSkip = '';
before(async () => {
  ramSkip = mount(ram, 'mode=755', 'ramfs'); // no O_DIRECT (tmpfs has it since Linux 6.6)
  roSkip = mount(ro, 'ro,size=1m');
  fullSkip = mount(full, 'size=1m');
  agent = await startAgent([t.dir]);
  client = agentClient(agent.address);
});
after(async () => {
  client?.close();
  await agent?.stop();
  for (const d of mounted) spawnSync('umount', [d]);
  t.cleanup();
});

const preflight = (yaml: string) =>
  unary<object, PreFlightResponse__Output>(client.PreFlightValidation.bind(client), {
    config_yaml: yaml,
    agent_id: 'agent-1',
  });
const errors = (r: PreFlightResponse__Output) => r.results.filter((x) => x.level === 3);

test('a writable folder passes and reports calibrated rates', async () => {
  fs.mkdirSync(path.join(t.dir, 'ok'));
  const r = await preflight(treeConfig(t.dir, { base: `${t.dir}/ok/` }));
  assert.equal(r.passed, true, JSON.stringify(errors(r)));
  const cal = r.results.find((x) => x.test_phase === 'calibration')!;
  const d = JSON.parse(cal.details);
  assert.ok(d.mkdirPerSec > 0 && d.createsPerSec > 0 && d.bytesPerSec > 0, cal.details);
  assert.ok(r.results.some((x) => x.test_phase === 'inodes' && x.level === 0));
  assert.deepEqual(fs.readdirSync(path.join(t.dir, 'ok')), [], 'probes removed');
});

test('the calibration probe does what prepare does: a tree, the config sizes and concurrency, no fsync', async () => {
  fs.mkdirSync(path.join(t.dir, 'like'));
  const size = '{ type: uniform, min: 65536, max: 65536 }';
  const r = await preflight(treeConfig(t.dir, { base: `${t.dir}/like/`, concurrency: 6, size }));
  const cal = r.results.find((x) => x.test_phase === 'calibration')!;
  assert.match(cal.message, /tree 8×8, \d+ files of ~64 KiB, concurrency 6, no fsync, like prepare/);
  const { terms } = JSON.parse(cal.details);
  assert.equal(terms.at.concurrency, 6);
  assert.equal(terms.at.meanSize, 65536);
  for (const k of ['fixedS', 'levelS', 'dirS', 'fileS', 'byteS'])
    assert.ok(terms[k].v >= 0 && terms[k].sd >= 0, `${k}: ${JSON.stringify(terms[k])}`);
  assert.ok(terms.fileS.v > 0 && terms.dirS.v > 0);
  assert.deepEqual(fs.readdirSync(path.join(t.dir, 'like')), [], 'probe tree removed');
});

test('a missing folder is an error with a suggestion', async () => {
  const r = await preflight(treeConfig(t.dir, { base: `${t.dir}/nope/` }));
  assert.equal(r.passed, false);
  const e = errors(r)[0];
  assert.match(e.message, /does not exist/);
  assert.match(e.suggestion, /mkdir -p/);
  assert.equal(e.error_type, 4); // CONFIGURATION
});

test('a read-only file system is an error', async (c) => {
  if (roSkip) return c.skip(roSkip);
  const r = await preflight(treeConfig(t.dir, { base: `${ro}/` }));
  assert.equal(r.passed, false);
  const e = errors(r)[0];
  assert.equal(e.test_phase, 'write');
  assert.match(e.message, /read-only/);
  assert.equal(e.error_type, 2); // PERMISSION
});

test('a disk too small for the tree is a resource error (bytes)', async (c) => {
  if (fullSkip) return c.skip(fullSkip);
  const r = await preflight(
    treeConfig(t.dir, { base: `${full}/`, width: 4, depth: 2, files: 10, size: '1048576' }),
  );
  assert.equal(r.passed, false);
  const e = errors(r).find((x) => x.test_phase === 'disk-space')!;
  assert.ok(e, JSON.stringify(r.results));
  assert.match(e.message, /Insufficient disk space/);
  assert.equal(e.error_type, 5); // RESOURCE
});

test('direct:// on a file system without O_DIRECT (ramfs) is an error that says to use file://', async (c) => {
  if (ramSkip) return c.skip(ramSkip);
  if (supportsODirect(ram)) return c.skip("this kernel's ramfs accepts O_DIRECT");
  const r = await preflight(
    treeConfig(t.dir, { base: `${ram}/`, scheme: 'direct', width: 1, depth: 1, files: 1 }),
  );
  assert.equal(r.passed, false);
  const e = errors(r).find((x) => x.test_phase === 'direct-io')!;
  assert.ok(e, JSON.stringify(r.results));
  assert.match(e.message, /does not support O_DIRECT/);
  assert.match(e.suggestion, /file:\/\//);
  assert.equal(e.error_type, 4); // CONFIGURATION
});

test('direct:// on a disk file system passes the O_DIRECT probe', async (c) => {
  const dir = path.join(t.dir, 'direct');
  fs.mkdirSync(dir, { recursive: true });
  if (!supportsODirect(dir)) return c.skip(`${dir} does not support O_DIRECT`);
  const r = await preflight(treeConfig(t.dir, { base: `${dir}/`, scheme: 'direct' }));
  assert.equal(r.passed, true, JSON.stringify(errors(r)));
  assert.ok(r.results.some((x) => x.test_phase === 'direct-io' && x.level === 0));
  const cal = r.results.find((x) => x.test_phase === 'calibration')!;
  assert.match(
    cal.message,
    /\(tree 8×8, \d+ files of ~\d+ KiB, concurrency \d+, O_DIRECT, like prepare\)/,
    'calibrated the way the files will be written',
  );
  assert.deepEqual(fs.readdirSync(dir), [], 'the probe file is removed');
});

test('a target outside the roots is a configuration error', async () => {
  const r = await preflight(treeConfig(t.dir, { base: '/var/tmp/elsewhere/' }));
  assert.equal(r.passed, false);
  assert.match(errors(r)[0].message, /outside the agent's roots/);
});
