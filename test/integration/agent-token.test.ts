// Tokens (issue 12 item 7): from the environment or a file instead of argv, an empty token is a usage error
// (it would turn authentication off), the comparison is constant-time, and the agents `iobench run --local`
// starts get a generated token that never appears on a command line.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { bearerMatches } from '../../agent/token';
import { agentClient, tempDir, unary } from './helpers/agent';
import { smallConfig } from './controller-helpers';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
const t = tempDir('iobench-token-');
const stops: (() => void)[] = [];
after(() => {
  for (const s of stops) s();
  fs.rmSync(t.dir, { recursive: true, force: true, maxRetries: 10 });
});

/** `iobench agent` with extra args and environment; resolves with its address once listening. */
function agent(args: string[], env: NodeJS.ProcessEnv): Promise<{ address: string; pid: number }> {
  const p = spawn(process.execPath, [CLI, 'agent', '--listen', '127.0.0.1:0', '--root', t.dir, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  stops.push(() => p.kill('SIGKILL'));
  let out = '';
  let err = '';
  p.stderr.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    p.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve({ address: m[1], pid: p.pid! });
    });
    p.once('exit', (c) => reject(new Error(`agent exited ${c}: ${err}`)));
  });
}

async function ping(address: string, token?: string): Promise<number> {
  const c = agentClient(address);
  const md = new grpc.Metadata();
  if (token !== undefined) md.set('authorization', `Bearer ${token}`);
  try {
    await unary(c.Ping.bind(c), {}, md);
    return grpc.status.OK;
  } catch (e) {
    return (e as grpc.ServiceError).code;
  } finally {
    c.close();
  }
}
const argvOf = (pid: number) => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');

test('the agent takes its token from $IOBENCH_TOKEN or --token-file, and argv never shows it', async () => {
  const a = await agent([], { IOBENCH_TOKEN: 'from-the-env' });
  assert.equal(await ping(a.address), grpc.status.UNAUTHENTICATED);
  assert.equal(await ping(a.address, 'from-the-en'), grpc.status.UNAUTHENTICATED); // shorter
  assert.equal(await ping(a.address, 'from-the-env-and-more'), grpc.status.UNAUTHENTICATED); // longer
  assert.equal(await ping(a.address, 'from-the-env'), grpc.status.OK);
  assert.ok(!argvOf(a.pid).some((x) => x.includes('from-the-env')));

  const file = path.join(t.dir, 'token');
  fs.writeFileSync(file, 'from-a-file\n');
  const b = await agent(['--token-file', file], {});
  assert.equal(await ping(b.address, 'from-a-file'), grpc.status.OK);
  assert.equal(await ping(b.address), grpc.status.UNAUTHENTICATED);
});

test('an empty token is a usage error (exit 2), whichever way it comes', () => {
  const empty = path.join(t.dir, 'empty');
  fs.writeFileSync(empty, '\n');
  const runs: [string[], NodeJS.ProcessEnv][] = [
    [['agent', '--root', t.dir, '--token='], {}],
    [['agent', '--root', t.dir, '--token-file', empty], {}],
    [['agent', '--root', t.dir], { IOBENCH_TOKEN: '' }],
    [['preflight', 'x.yaml', '--token', ''], {}],
    [['run', 'x.yaml', '--token', '  '], {}],
  ];
  for (const [args, env] of runs) {
    const r = spawnSync(process.execPath, [CLI, ...args], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
      timeout: 20000,
    });
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /the token is empty/, args.join(' '));
  }
});

test('the bearer check is constant-time over digests: any length, any content', () => {
  assert.equal(bearerMatches('Bearer s3cret', 's3cret'), true);
  for (const h of ['Bearer s3cre', 'Bearer s3cret!', 'bearer s3cret', '', undefined, 42])
    assert.equal(bearerMatches(h, 's3cret'), false, String(h));
});

test('agents started by `iobench run --local` require a generated token that no command line shows', async () => {
  const cfg = path.join(t.dir, 'run.yaml');
  fs.writeFileSync(cfg, smallConfig({ duration: '30s' }));
  fs.mkdirSync(path.join(t.dir, 'root'));
  const run = spawn(
    process.execPath,
    [CLI, 'run', cfg, '--local', '1', '--root', path.join(t.dir, 'root'), '--yes'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  stops.push(() => run.kill('SIGKILL'));
  let out = '';
  const address = await new Promise<string>((resolve, reject) => {
    run.stdout.on('data', (d) => {
      out += d;
      const m = /Local agents: (127\.0\.0\.1:\d+)/.exec(out);
      if (m && /stage \d\/\d: execute/.test(out)) resolve(m[1]);
    });
    run.once('exit', (c) => reject(new Error(`run exited ${c}: ${out}`)));
  });
  assert.equal(
    await ping(address),
    grpc.status.UNAUTHENTICATED,
    'a local process without the token is refused',
  );
  const agents = fs
    .readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return argvOf(Number(p)).includes(path.join(t.dir, 'root', 'agent-1'));
      } catch {
        return false;
      }
    });
  assert.equal(agents.length, 1, 'the local agent process');
  assert.ok(!argvOf(Number(agents[0])).some((x) => /^--token/.test(x)), argvOf(Number(agents[0])).join(' '));
  run.kill('SIGINT');
  await new Promise((r) => run.once('exit', r));
});
