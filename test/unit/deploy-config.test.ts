// distributed.ssh / distributed.deployment read as sai3 reads them (defaults, address → host and port), and
// the container command line sai3 runs (sai3-facts §5.1, §5.2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deploySpec, dockerRunCommand } from '../../controller/deploy';
import { pullCommand } from '../../controller/deploy/docker';

const env = { home: '/home/u', user: 'u' };
const cfg = (ssh: object, deployment: object | undefined, agents: object[]) => ({
  distributed: { agents, ssh, ...(deployment ? { deployment } : {}) },
});

test('no deployment unless ssh.enabled and a deployment block (as sai3)', () => {
  assert.deepEqual(deploySpec(cfg({ enabled: true }, undefined, [{ address: 'h' }]), env), { ok: true });
  assert.deepEqual(deploySpec(cfg({ enabled: false }, {}, [{ address: 'h' }]), env), { ok: true });
  assert.deepEqual(deploySpec({}, env), { ok: true });
});

test('defaults: user $USER, port 22, timeout 10 s, known_hosts ~/.ssh, docker, sai3bench:latest, host network', () => {
  const r = deploySpec(
    cfg({ enabled: true }, {}, [{ address: 'h1' }, { address: 'h2:9000', id: 'b', listen_port: 7200 }]),
    env,
  );
  assert.ok(r.ok && r.spec);
  const s = r.spec;
  assert.equal(s.user, 'u');
  assert.equal(s.port, 22);
  assert.equal(s.timeoutMs, 10_000);
  assert.equal(s.knownHosts, '/home/u/.ssh/known_hosts');
  assert.equal(s.type, 'docker');
  assert.equal(s.image, 'sai3bench:latest');
  assert.equal(s.networkMode, 'host');
  assert.equal(s.pullPolicy, 'if_not_present');
  assert.deepEqual(
    s.hosts.map((h) => [h.name, h.host, h.listenPort, h.address]),
    [
      ['1', 'h1', 7167, 'h1:7167'],
      ['b', 'h2', 7200, 'h2:9000'],
    ],
  );
  const noUser = deploySpec(cfg({ enabled: true }, {}, [{ address: 'h' }]), { home: '/r' });
  assert.equal(noUser.ok && noUser.spec?.user, 'ubuntu', 'no $USER: ubuntu, as sai3');
});

test('ours: ssh.port, key_path with ~, deploy_type binary; bad values are errors naming the key', () => {
  const r = deploySpec(
    cfg({ enabled: true, port: 2222, key_path: '~/.ssh/k', timeout: '1m' }, { deploy_type: 'binary' }, [
      { address: '[::1]:7000' },
    ]),
    env,
  );
  assert.ok(r.ok && r.spec);
  assert.equal(r.spec.port, 2222);
  assert.equal(r.spec.keyPath, '/home/u/.ssh/k');
  assert.equal(r.spec.timeoutMs, 60_000);
  assert.equal(r.spec.type, 'binary');
  assert.deepEqual([r.spec.hosts[0].host, r.spec.hosts[0].listenPort], ['::1', 7000]);
  const bad = deploySpec(cfg({ enabled: true, port: 0 }, { deploy_type: 'vm' }, []), env);
  assert.equal(bad.ok, false);
  assert.deepEqual(!bad.ok && bad.errors.map((e) => e.split(':')[0]), [
    'distributed.deployment.deploy_type',
    'distributed.ssh.port',
    'distributed.agents',
  ]);
});

test("the container command line is sai3's (env and volumes quoted, docker_args verbatim), pulls by policy", () => {
  const r = deploySpec(
    cfg(
      { enabled: true },
      {
        container_runtime: 'podman',
        image: 'reg/sai3:1',
        network_mode: 'bridge',
        docker_args: ['--cpus 2'],
        pull_policy: 'always',
      },
      [{ address: 'h1', id: 'x', env: { A: 'b c', N: 1 }, volumes: ['/d:/d'] }],
    ),
    env,
  );
  assert.ok(r.ok && r.spec);
  assert.equal(
    dockerRunCommand(r.spec, r.spec.hosts[0]),
    "podman run -d --rm --name sai3bench-agent-x --network bridge -e 'A=b c' -e N=1 -v /d:/d --cpus 2 reg/sai3:1 sai3bench-agent --listen 0.0.0.0:7167",
  );
  assert.equal(pullCommand(r.spec), 'podman pull reg/sai3:1');
  assert.equal(
    pullCommand({ ...r.spec, pullPolicy: 'if_not_present' }),
    'podman image inspect reg/sai3:1 >/dev/null 2>&1 || podman pull reg/sai3:1',
  );
  assert.equal(pullCommand({ ...r.spec, pullPolicy: 'never' }), undefined);
});
