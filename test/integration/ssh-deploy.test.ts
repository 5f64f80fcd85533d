// SSH deployment against a real OpenSSH server on 127.0.0.1 (started here with throwaway host and user keys):
// `iobench run` deploys the bundled agent, runs, stops it (its port refuses) and puts its log in the results;
// a known_hosts with another key for the host is refused naming the presented key, and nothing is started;
// `deploy` / `undeploy` keep agents across runs; a fake `docker` first on the remote PATH checks the container
// command line sai3 would run (the one part mocked: no container runtime on this machine).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { fingerprint } from '../../controller/deploy';
import { CLI, closedPort, iobench, runProcess, smallConfig, tempDir } from './controller-helpers';
import { sshdUnavailable, startSshd, type Sshd } from './helpers/sshd';

const skip = sshdUnavailable();
let sshd: Sshd;
let work: string;

before(async () => {
  if (skip) return;
  sshd = await startSshd();
  work = tempDir('iobench-ssh-');
});
after(async () => {
  await sshd?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
  if (sshd) rmSync(sshd.dir, { recursive: true, force: true });
});

/** Resolves true when something accepts on the port, false when it is refused. */
const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

interface Setup {
  cfg: string;
  port: number;
  install: string;
  data: string;
  env: NodeJS.ProcessEnv;
}

async function setup(
  name: string,
  o: { knownHosts?: string; deployment?: Record<string, unknown>; agent?: Record<string, unknown> } = {},
): Promise<Setup> {
  const dir = join(work, name);
  mkdirSync(dir);
  const port = await closedPort();
  const data = join(dir, 'data');
  const install = join(dir, 'install');
  const cfg = parse(
    smallConfig({ duration: '1s', target: `file://${data}/`, agents: [{ address: `127.0.0.1:${port}` }] }),
  );
  Object.assign(cfg.distributed.agents[0], o.agent ?? {});
  cfg.distributed.ssh = {
    enabled: true,
    user: sshd.user,
    key_path: sshd.userKey,
    known_hosts: o.knownHosts ?? sshd.knownHosts,
    port: sshd.port,
    timeout: 10,
  };
  cfg.distributed.deployment = o.deployment ?? { deploy_type: 'binary', binary_path: install };
  const file = join(dir, 'bench.iobench.yaml');
  writeFileSync(file, stringify(cfg));
  // the deployment records of this test stay in its own folder; no ssh-agent from the developer's session
  const env = { IOBENCH_STATE_DIR: join(dir, 'state'), SSH_AUTH_SOCK: '' };
  return { cfg: file, port, install, data, env };
}

test(
  'run deploys the agent over SSH, runs, stops it and fetches its log',
  { skip, timeout: 120_000 },
  async () => {
    const s = await setup('run');
    const results = join(work, 'run-results');
    const r = await iobench(['run', s.cfg, '--yes', '--results', results], { env: s.env });
    assert.equal(r.code, 0, r.stderr + r.stdout.slice(-3000));
    assert.match(r.stderr, /deploy 1 \(127\.0\.0\.1\): ready at 127\.0\.0\.1:\d+/);
    assert.match(r.stdout, /Completed: every stage on every agent/);
    // stopped afterwards: its port refuses
    assert.equal(await accepts(s.port), false, 'the deployed agent is stopped after the run');
    const log = readFileSync(join(results, 'agents', '1.log'), 'utf8');
    assert.match(
      log,
      new RegExp(`iobench agent listening on 127\\.0\\.0\\.1:${s.port} \\(token required\\)`),
    );
    // the versioned upload is there, and a second run does not upload again (same hash)
    const versions = readdirSync(s.install);
    assert.equal(versions.length, 1);
    const js = join(s.install, versions[0], 'agent.js');
    const mtime = statSync(js).mtimeMs;
    const r2 = await iobench(['run', s.cfg, '--yes', '--results', join(work, 'run-results-2')], {
      env: s.env,
    });
    assert.equal(r2.code, 0, r2.stderr);
    assert.equal(statSync(js).mtimeMs, mtime, 'same version: not uploaded again');
    assert.deepEqual(
      readdirSync(join(s.install, versions[0])).filter((f) => f.endsWith('.part')),
      [],
    );
  },
);

test(
  'a known_hosts with a different key for the host is refused, naming the key; nothing starts',
  { skip, timeout: 60_000 },
  async () => {
    const kh = join(work, 'wrong_known_hosts');
    writeFileSync(kh, `${sshd.wrongKnownHostsLine}\n`);
    const s = await setup('wrong-key', { knownHosts: kh });
    const r = await iobench(['deploy', s.cfg], { env: s.env });
    assert.equal(r.code, 1, r.stdout);
    const presented = readFileSync(`${join(sshd.dir, 'host_ed25519')}.pub`, 'utf8').split(' ')[1];
    const fp = fingerprint(Buffer.from(presented, 'base64'));
    assert.match(r.stderr, /HOST KEY MISMATCH for \[127\.0\.0\.1\]:\d+/);
    assert.ok(r.stderr.includes(`ssh-ed25519 ${fp}`), `names the presented key ${fp}: ${r.stderr}`);
    assert.ok(r.stderr.includes(sshd.knownHostsLine), 'gives the line to add');
    assert.equal(existsSync(s.install), false, 'nothing was run on the host');
    assert.equal(await accepts(s.port), false);
    // an unknown host is refused too — unless the user asks for trust on first use, which records it
    const empty = join(work, 'empty_known_hosts');
    writeFileSync(empty, '');
    const u = await setup('unknown-host', { knownHosts: empty });
    const r2 = await iobench(['deploy', u.cfg], { env: u.env });
    assert.equal(r2.code, 1);
    assert.match(
      r2.stderr,
      /host key of \[127\.0\.0\.1\]:\d+ is not in .*empty_known_hosts: it presented ssh-ed25519 SHA256:/,
    );
    assert.equal(existsSync(u.install), false);
    const r3 = await iobench(['deploy', u.cfg, '--accept-new-host-keys'], { env: u.env });
    assert.equal(r3.code, 0, r3.stderr);
    assert.ok(readFileSync(empty, 'utf8').includes(sshd.knownHostsLine), 'the key was recorded');
    const r4 = await iobench(['undeploy', u.cfg, '--logs', join(work, 'unknown-logs')], { env: u.env });
    assert.equal(r4.code, 0, r4.stderr);
  },
);

test(
  'deploy keeps agents up across runs; undeploy stops them and fetches their logs',
  { skip, timeout: 120_000 },
  async () => {
    const s = await setup('keep');
    const d = await iobench(['deploy', s.cfg], { env: s.env });
    assert.equal(d.code, 0, d.stderr);
    assert.equal(await accepts(s.port), true, 'up after deploy');
    // the token it requires is in the (0600) deployment record, and on no process's command line
    const rec = readdirSync(join(s.env.IOBENCH_STATE_DIR!, 'deployments'));
    const { token } = JSON.parse(readFileSync(join(s.env.IOBENCH_STATE_DIR!, 'deployments', rec[0]), 'utf8'));
    assert.ok(typeof token === 'string' && token.length >= 32);
    const cmdline = (pid: string) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        return ''; // gone
      }
    };
    for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p)))
      assert.ok(!cmdline(pid).includes(token), `token in the command line of pid ${pid}`);
    const pre = await iobench(['preflight', s.cfg], { env: s.env });
    assert.equal(pre.code, 0, `pre-flight uses the kept agents and their token: ${pre.stdout}${pre.stderr}`);
    const again = await iobench(['deploy', s.cfg], { env: s.env });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already deployed/);
    const r = await iobench(['run', s.cfg, '--yes', '--results', join(work, 'keep-results')], { env: s.env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await accepts(s.port), true, 'a kept deployment outlives the run');
    const logs = join(work, 'keep-logs');
    const u = await iobench(['undeploy', s.cfg, '--logs', logs], { env: s.env });
    assert.equal(u.code, 0, u.stderr);
    assert.equal(await accepts(s.port), false, 'stopped by undeploy');
    assert.match(readFileSync(join(logs, '1.log'), 'utf8'), /iobench agent listening/);
  },
);

test(
  'a failing host fails the deployment naming it, and the started hosts are stopped',
  { skip, timeout: 60_000 },
  async () => {
    const dir = join(work, 'two');
    mkdirSync(dir);
    const good = await closedPort();
    const cfg = parse(
      smallConfig({
        duration: '1s',
        target: `file://${dir}/data/`,
        agents: [{ address: `127.0.0.1:${good}` }],
      }),
    );
    cfg.distributed.agents.push({ address: '127.0.0.1:0', id: 'bad' }); // port set below
    cfg.distributed.ssh = {
      enabled: true,
      user: sshd.user,
      key_path: sshd.userKey,
      known_hosts: sshd.knownHosts,
      port: sshd.port,
    };
    cfg.distributed.deployment = { deploy_type: 'binary', binary_path: join(dir, 'install') };
    const file = join(dir, 'two.iobench.yaml');
    writeFileSync(file, stringify(cfg));
    // something already listens on the bad agent's port → that agent exits at once ("cannot listen")
    const { createServer } = await import('node:net');
    const taken = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => taken.once('listening', r));
    cfg.distributed.agents[1].address = `127.0.0.1:${(taken.address() as { port: number }).port}`;
    writeFileSync(file, stringify(cfg));
    try {
      const r = await iobench(['deploy', file], {
        env: { IOBENCH_STATE_DIR: join(dir, 'state'), SSH_AUTH_SOCK: '' },
      });
      assert.equal(r.code, 1, r.stdout);
      assert.match(r.stderr, /deployment failed on bad \(127\.0\.0\.1\)/);
      assert.match(r.stderr, /agent bad exited right after starting/);
      assert.equal(await accepts(good), false, 'the good host was stopped');
    } finally {
      taken.close();
    }
  },
);

test(
  'deploy_type docker runs the container command line sai3 runs (fake docker on the remote PATH)',
  { skip, timeout: 60_000 },
  async () => {
    const dir = join(work, 'docker');
    mkdirSync(dir);
    const root = join(dir, 'root');
    mkdirSync(root);
    const argvLog = join(dir, 'docker-argv.log');
    // a stand-in for the runtime: records its argv, and `run` starts our real agent where the container would
    const fake = `#!/bin/sh
echo "$*" >> ${argvLog}
case "$1" in
  --version) echo "Docker version 99.0-fake"; exit 0 ;;
  image) exit 1 ;;
  pull) echo "pulled $2"; exit 0 ;;
  run) port=$(echo "$*" | sed -n 's/.*--listen 0\\.0\\.0\\.0:\\([0-9]*\\).*/\\1/p')
       case "$*" in *CRASH=1*)
         sh -c 'echo "agent: cannot open /data: permission denied" >&2; exit 1' >${dir}/container.log 2>&1 &
         echo $! > ${dir}/container.pid; echo fedcba9876543210fedcba9876543210; exit 0 ;;
       esac
       nohup ${process.execPath} ${join(CLI, '..', 'agent.js')} --listen 127.0.0.1:$port --root ${root} >${dir}/container.log 2>&1 </dev/null &
       echo $! > ${dir}/container.pid; echo 0123456789abcdef0123456789abcdef; exit 0 ;;
  ps) kill -0 $(cat ${dir}/container.pid) 2>/dev/null && echo 0123456789ab; exit 0 ;;
  logs) cat ${dir}/container.log; exit 0 ;;
  stop) kill $(cat ${dir}/container.pid); echo "$2"; exit 0 ;;
esac
exit 2
`;
    writeFileSync(join(sshd.binDir, 'docker'), fake);
    chmodSync(join(sshd.binDir, 'docker'), 0o755);
    const s = await setup('docker-cfg', {
      agent: { id: 'a1', env: { RUST_LOG: 'info', NOTE: 'x y' }, volumes: ['/mnt/data:/data'] },
      deployment: {
        deploy_type: 'docker',
        image: 'sai3bench:latest',
        pull_policy: 'if_not_present',
        docker_args: ['--cpus 2'],
      },
    });
    const d = await iobench(['deploy', s.cfg], { env: s.env });
    assert.equal(d.code, 0, d.stderr);
    const u = await iobench(['undeploy', s.cfg, '--logs', join(dir, 'logs')], { env: s.env });
    assert.equal(u.code, 0, u.stderr);
    const lines = readFileSync(argvLog, 'utf8').trim().split('\n');
    assert.equal(lines[0], '--version');
    assert.equal(lines[1], 'image inspect sai3bench:latest');
    assert.equal(lines[2], 'pull sai3bench:latest');
    assert.equal(
      lines[3],
      `run -d --rm --name sai3bench-agent-a1 --network host -e RUST_LOG=info -e NOTE=x y -v /mnt/data:/data --cpus 2 sai3bench:latest sai3bench-agent --listen 0.0.0.0:${s.port}`,
    );
    assert.ok(lines.includes('stop 0123456789abcdef0123456789abcdef'), lines.join('\n'));
    assert.equal(await accepts(s.port), false, 'the container (our agent) is stopped');
    assert.match(readFileSync(join(dir, 'logs', 'a1.log'), 'utf8'), /iobench agent listening/);

    // a container that exits at once: the deployment fails with its logs, and it is stopped
    const crash = await setup('docker-crash', {
      agent: { id: 'c1', env: { CRASH: '1' } },
      deployment: { deploy_type: 'docker', pull_policy: 'never' },
    });
    const c = await iobench(['deploy', crash.cfg], { env: crash.env });
    assert.equal(c.code, 1);
    assert.match(
      c.stderr,
      /agent c1 exited right after starting:\n\s*agent: cannot open \/data: permission denied/,
    );
    assert.ok(readFileSync(argvLog, 'utf8').includes('stop fedcba9876543210fedcba9876543210'));
  },
);

test(
  'Ctrl-C during a deployed run stops the agent and still fetches its log',
  { skip, timeout: 120_000 },
  async () => {
    const s = await setup('ctrl-c');
    const cfg = parse(readFileSync(s.cfg, 'utf8'));
    cfg.duration = '60s';
    writeFileSync(s.cfg, stringify(cfg));
    const results = join(work, 'ctrl-c-results');
    const p = spawn(process.execPath, [CLI, 'run', s.cfg, '--yes', '--results', results], {
      env: { ...process.env, ...s.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const exited = new Promise<number | null>((r) => p.once('exit', (code) => r(code)));
    // interrupt once the workload is running (the first live-stats line of the execute stage)
    await new Promise<void>((resolve) =>
      p.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        if (/\[execute \ds\/60s\]/.test(out)) resolve();
      }),
    );
    p.kill('SIGINT');
    assert.equal(await exited, 130, out.slice(-2000));
    assert.equal(await accepts(s.port), false, 'the agent is stopped');
    assert.match(readFileSync(join(results, 'agents', '1.log'), 'utf8'), /iobench agent listening/);
  },
);

test(
  'keys from the running ssh-agent (no key_path); a host node older than 20 is refused with a clear error',
  { skip, timeout: 60_000 },
  async () => {
    const dir = join(work, 'agent-auth');
    mkdirSync(dir);
    const sock = join(dir, 'agent.sock');
    const agentProc = spawn('ssh-agent', ['-D', '-a', sock], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      // ssh-agent prints its environment lines once the socket is bound
      await new Promise<void>((resolve, reject) => {
        agentProc.stdout!.once('data', () => resolve());
        agentProc.once('exit', (c) => reject(new Error(`ssh-agent exited ${c}`)));
      });
      const add = await runProcess('ssh-add', [sshd.userKey], { env: { SSH_AUTH_SOCK: sock } });
      assert.equal(add.code, 0, add.stderr);
      const s = await setup('agent-auth-cfg');
      const cfg = parse(readFileSync(s.cfg, 'utf8'));
      delete cfg.distributed.ssh.key_path;
      writeFileSync(s.cfg, stringify(cfg));
      // an empty HOME: no ~/.ssh/id_* to fall back on, so the ssh-agent is the only way in
      const env = { ...s.env, SSH_AUTH_SOCK: sock, HOME: join(dir, 'home') };
      mkdirSync(env.HOME);
      const d = await iobench(['deploy', s.cfg], { env });
      assert.equal(d.code, 0, d.stderr);
      const u = await iobench(['undeploy', s.cfg, '--logs', join(dir, 'logs')], { env });
      assert.equal(u.code, 0, u.stderr);
      const noAgent = await iobench(['deploy', s.cfg], { env: { ...env, SSH_AUTH_SOCK: '' } });
      assert.equal(noAgent.code, 1);
      assert.match(noAgent.stderr, /no SSH key for .*set distributed\.ssh\.key_path, or start ssh-agent/);

      // a fake node first on the remote PATH says it is 16
      const fakeNode = join(sshd.binDir, 'node');
      writeFileSync(fakeNode, '#!/bin/sh\necho v16.20.2\n');
      chmodSync(fakeNode, 0o755);
      try {
        const old = await setup('old-node');
        const r = await iobench(['deploy', old.cfg], { env: old.env });
        assert.equal(r.code, 1);
        assert.match(r.stderr, /node v16\.20\.2 is too old; the agent needs Node\.js 20 or later/);
        assert.equal(existsSync(old.install), false, 'nothing uploaded');
      } finally {
        rmSync(fakeNode);
      }
    } finally {
      agentProc.kill();
    }
  },
);

test(
  'Ctrl-C while deploying: exit 130, the agent already started is stopped',
  { skip, timeout: 60_000 },
  async () => {
    const s = await setup('ctrl-c-deploy');
    // a `node` first on the remote PATH that starts the agent 3 s late: the interrupt lands while deploying
    const slowNode = join(sshd.binDir, 'node');
    writeFileSync(slowNode, `#!/bin/sh\n[ "$1" = --version ] || sleep 3\nexec ${process.execPath} "$@"\n`);
    chmodSync(slowNode, 0o755);
    try {
      const p = spawn(
        process.execPath,
        [CLI, 'run', s.cfg, '--yes', '--results', join(work, 'ctrl-c-deploy-results')],
        {
          env: { ...process.env, ...s.env },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let err = '';
      const exited = new Promise<number | null>((r) => p.once('exit', (code) => r(code)));
      await new Promise<void>((resolve) =>
        p.stderr.setEncoding('utf8').on('data', (d: string) => {
          err += d;
          if (/deploy 1 \(127\.0\.0\.1\): started/.test(err)) resolve();
        }),
      );
      p.kill('SIGINT');
      const code = await exited;
      assert.equal(code, 130, err);
      assert.match(err, /interrupted while deploying; the agents already started were stopped/);
      assert.equal(await accepts(s.port), false, 'the agent is stopped');
    } finally {
      rmSync(slowNode, { force: true });
    }
  },
);

test(
  "a known_hosts holding only the host's RSA key: that key is asked for and accepted (not reported as changed)",
  { skip, timeout: 60_000 },
  async () => {
    const kh = join(work, 'rsa_known_hosts');
    writeFileSync(kh, `${sshd.rsaKnownHostsLine}\n`);
    const s = await setup('rsa-only', { knownHosts: kh });
    const d = await iobench(['deploy', s.cfg], { env: s.env });
    assert.equal(d.code, 0, d.stderr);
    const u = await iobench(['undeploy', s.cfg, '--logs', join(work, 'rsa-logs')], { env: s.env });
    assert.equal(u.code, 0, u.stderr);
  },
);
