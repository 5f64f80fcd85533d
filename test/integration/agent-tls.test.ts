// TLS between the controller and an agent started with --tls-cert/--tls-key: certificates made by openssl for
// this test (valid for localhost and 127.0.0.1), the controller's --agent-ca/--agent-domain, and the errors a
// person gets for a plaintext client, a wrong CA, a missing CA file and TLS flags with --local.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConnectError, connectAgent } from '../../controller';
import { startAgent, tempDir, type AgentProcess } from './helpers/agent';
import { iobench, smallConfig } from './controller-helpers';

const t = tempDir('iobench-tls-');
let agent: AgentProcess;
const pem = (name: string) => path.join(t.dir, name);

/** A self-signed certificate (its own CA) for `cn`, with the given subjectAltName. */
function makeCert(name: string, cn: string, san: string): void {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${cn}`,
      '-addext',
      `subjectAltName=${san}`,
      '-keyout',
      pem(`${name}.key`),
      '-out',
      pem(`${name}.crt`),
    ],
    { stdio: 'pipe' },
  );
}

before(async () => {
  makeCert('agent', 'iobench-agent', 'DNS:localhost,DNS:storage-7.example,IP:127.0.0.1');
  makeCert('other', 'someone-else', 'DNS:localhost,IP:127.0.0.1');
  fs.mkdirSync(path.join(t.dir, 'data'));
  agent = await startAgent([t.dir], ['--tls-cert', pem('agent.crt'), '--tls-key', pem('agent.key')]);
});
after(async () => {
  await agent?.stop();
  t.cleanup();
});

const ref = () => ({ id: 'agent-1', index: 0, address: agent.address });

test('a controller trusting the agent certificate connects and pings over TLS', async () => {
  const c = await connectAgent(ref(), { tls: { ca: fs.readFileSync(pem('agent.crt')) } });
  assert.match(c.version, /iobench-agent/);
  c.close();
  // Another name in the certificate, checked with --agent-domain (the address stays 127.0.0.1).
  const d = await connectAgent(ref(), {
    tls: { ca: fs.readFileSync(pem('agent.crt')), domain: 'storage-7.example' },
  });
  d.close();
});

test('plaintext to a TLS agent, a wrong CA and a wrong domain fail with a hint about the TLS flags', async () => {
  await assert.rejects(connectAgent(ref(), { connectTimeoutMs: 1500 }), (e: Error) => {
    assert.ok(e instanceof ConnectError);
    assert.match(e.message, /agent-1 \(127\.0\.0\.1:\d+\): unreachable/);
    assert.match(e.message, /pass --tls and --agent-ca/);
    return true;
  });
  await assert.rejects(
    connectAgent(ref(), { connectTimeoutMs: 1500, tls: { ca: fs.readFileSync(pem('other.crt')) } }),
    /signed by --agent-ca/,
  );
  await assert.rejects(
    connectAgent(ref(), {
      connectTimeoutMs: 1500,
      tls: { ca: fs.readFileSync(pem('agent.crt')), domain: 'not-in-the-cert.example' },
    }),
    /valid for not-in-the-cert\.example/,
  );
});

test('iobench preflight --agent-ca checks a TLS agent; without it the agent is unreachable', async () => {
  const cfg = pem('tls.iobench.yaml');
  fs.writeFileSync(
    cfg,
    smallConfig({ target: `file://${t.dir}/data/`, agents: [{ address: agent.address }] }),
  );
  const ok = await iobench(['preflight', cfg, '--agent-ca', pem('agent.crt')]);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /passed/i);
  assert.doesNotMatch(ok.stderr, /DEP0123|DeprecationWarning/, 'no TLS servername warning for IP addresses');
  const plain = await iobench(['preflight', cfg]);
  assert.equal(plain.code, 1);
  assert.match(plain.stderr, /pass --tls and --agent-ca/);
});

test('TLS flag mistakes are usage errors (exit 2) that say what is wrong', async () => {
  const cfg = pem('tls.iobench.yaml');
  const missing = await iobench(['preflight', cfg, '--agent-ca', pem('nope.crt')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /--agent-ca .*nope\.crt: no such file/);
  const notPem = await iobench(['run', cfg, '--agent-ca', cfg, '--yes']);
  assert.equal(notPem.code, 2);
  assert.match(notPem.stderr, /not a PEM certificate/);
  const local = await iobench(['run', cfg, '--local', '1', '--tls', '--yes']);
  assert.equal(local.code, 2);
  assert.match(local.stderr, /--local starts agents on 127\.0\.0\.1 without TLS/);
  const domainOnly = await iobench(['preflight', cfg, '--agent-domain', 'x.example']);
  assert.equal(domainOnly.code, 2);
  assert.match(domainOnly.stderr, /--agent-domain needs --tls or --agent-ca/);
});

test('the agent names a wrong certificate or key file before it starts (exit 2), and says it serves TLS', () => {
  const cli = path.join(__dirname, '..', '..', 'dist', 'cli.js');
  const run = (cert: string, key: string) =>
    spawnSync(
      process.execPath,
      [cli, 'agent', '--listen', '127.0.0.1:0', '--root', t.dir, '--tls-cert', cert, '--tls-key', key],
      { encoding: 'utf8', timeout: 20000 },
    );
  const cases: [string, string, RegExp][] = [
    [pem('nope.crt'), pem('agent.key'), /--tls-cert \S+nope\.crt: no such file/],
    [pem('agent.key'), pem('agent.crt'), /--tls-cert \S+agent\.key: not a PEM certificate .*swapped/],
    [pem('agent.crt'), pem('agent.crt'), /--tls-key \S+agent\.crt: not a PEM private key/],
    [pem('agent.crt'), pem('other.key'), /--tls-key \S+other\.key does not belong to the certificate/],
  ];
  for (const [cert, key, message] of cases) {
    const r = run(cert, key);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
  assert.match(
    agent.stdout(),
    /listening on 127\.0\.0\.1:\d+ \(TLS, certificate for DNS:localhost, DNS:storage-7\.example, IP Address:127\.0\.0\.1\)/,
  );
});
