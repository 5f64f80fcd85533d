// known_hosts as OpenSSH reads it: plain, `[host]:port`, hashed `|1|` entries, wildcards and negation, @revoked;
// the verdicts the SSH deployment acts on (match / unknown / changed / revoked) and the refusal text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import {
  fingerprint,
  hostKeyAlgorithms,
  knownHostName,
  knownHostsLine,
  parseKnownHosts,
  patternsMatch,
  refusalMessage,
  verifyHostKey,
} from '../../controller/deploy/known-hosts';

/** An SSH public key blob of the given type (the verifier compares blobs; the content is arbitrary). */
function blob(type: string): Buffer {
  const t = Buffer.from(type);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(t.length);
  return Buffer.concat([len, t, randomBytes(32)]);
}
const KEY = blob('ssh-ed25519');
const OTHER = blob('ssh-ed25519');
const b64 = (k: Buffer) => k.toString('base64');
const hashed = (name: string) => {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
};

test('names: port 22 is bare, any other port is [host]:port', () => {
  assert.equal(knownHostName('h1', 22), 'h1');
  assert.equal(knownHostName('10.0.0.1', 2222), '[10.0.0.1]:2222');
  assert.equal(knownHostsLine('h1', 2222, KEY), `[h1]:2222 ssh-ed25519 ${b64(KEY)}`);
});

test('patterns: lists, wildcards, negation, hashed entries', () => {
  assert.ok(patternsMatch('a,h1,b', 'h1'));
  assert.ok(patternsMatch('*.lab', 'node7.lab'));
  assert.ok(patternsMatch('node?.lab', 'node7.lab'));
  assert.ok(!patternsMatch('*.lab,!node7.lab', 'node7.lab'), 'a negated match wins');
  assert.ok(patternsMatch('[h1]:2222', '[h1]:2222'));
  assert.ok(!patternsMatch('h1', '[h1]:2222'), 'a port entry is not the bare host');
  assert.ok(patternsMatch(hashed('[10.0.0.5]:2200'), '[10.0.0.5]:2200'));
  assert.ok(!patternsMatch(hashed('10.0.0.5'), '10.0.0.6'));
});

test('verdicts: match, unknown, changed (with the known fingerprints), revoked', () => {
  const text = [
    '# comment',
    '',
    `h1 ssh-ed25519 ${b64(KEY)} user@h1`,
    `${hashed('[h2]:2222')} ssh-ed25519 ${b64(OTHER)}`,
    `@revoked * ssh-ed25519 ${b64(blob('ssh-ed25519'))}`,
    `@cert-authority *.lab ssh-ed25519 ${b64(KEY)}`,
    'garbage line',
  ].join('\n');
  const e = parseKnownHosts(text);
  assert.equal(e.length, 4);
  assert.deepEqual(verifyHostKey(e, 'h1', 22, KEY), { status: 'match', line: 3 });
  assert.deepEqual(verifyHostKey(e, 'h3', 22, KEY), { status: 'unknown' });
  assert.deepEqual(
    verifyHostKey(e, 'node1.lab', 22, KEY),
    { status: 'unknown' },
    'cert authorities are not trusted keys',
  );
  const changed = verifyHostKey(e, 'h2', 2222, KEY);
  assert.deepEqual(changed, {
    status: 'changed',
    lines: [{ line: 4, keyType: 'ssh-ed25519', fingerprint: fingerprint(OTHER) }],
  });
  const revokedKey = parseKnownHosts(text)[2].key;
  assert.equal(verifyHostKey(e, 'h1', 22, revokedKey).status, 'revoked');
  const msg = refusalMessage(changed as Exclude<typeof changed, { status: 'match' }>, '/kh', 'h2', 2222, KEY);
  assert.match(msg, /HOST KEY MISMATCH for \[h2\]:2222/);
  assert.ok(msg.includes(fingerprint(KEY)) && msg.includes(fingerprint(OTHER)));
  assert.ok(msg.includes(knownHostsLine('h2', 2222, KEY)), 'the line to add');
});

test('fingerprint is OpenSSH SHA256 (unpadded base64)', () => {
  assert.match(fingerprint(KEY), /^SHA256:[A-Za-z0-9+/]{43}$/);
});

test('host key algorithms: the types known for the host first (RSA → its signature algorithms), else defaults', () => {
  const e = parseKnownHosts(`h1 ssh-rsa ${b64(blob('ssh-rsa'))}\nh2 ssh-ed25519 ${b64(KEY)}\n`);
  const a = hostKeyAlgorithms(e, 'h1', 22)!;
  assert.deepEqual(a.slice(0, 3), ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
  assert.ok(a.includes('ssh-ed25519'), 'the others still follow');
  assert.equal(hostKeyAlgorithms(e, 'h2', 22)![0], 'ssh-ed25519');
  assert.equal(hostKeyAlgorithms(e, 'h3', 22), undefined);
});
