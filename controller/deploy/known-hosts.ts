// OpenSSH known_hosts, read the way `ssh` reads it (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"), for ssh2's
// hostVerifier. No well-kept npm package does this (ssh2 leaves it to the caller), so this is a small parser
// of the documented format:
//   [@revoked|@cert-authority] PATTERNS KEYTYPE BASE64KEY [COMMENT]
// PATTERNS is a comma list of host names or addresses, `[host]:port` for a port other than 22, `*`/`?`
// wildcards, `!` negation, or one hashed entry `|1|base64(salt)|base64(HMAC-SHA1(salt, name))`.
// Certificates (@cert-authority) are not supported: such lines are skipped and the host counts as unknown.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface KnownHostEntry {
  line: number; // 1-based
  marker?: 'revoked' | 'cert-authority';
  patterns: string;
  keyType: string;
  key: Buffer;
}

export type HostKeyVerdict =
  | { status: 'match'; line: number }
  | { status: 'unknown' }
  | { status: 'changed'; lines: { line: number; keyType: string; fingerprint: string }[] }
  | { status: 'revoked'; line: number };

/** The name known_hosts stores for host and port: `host` on 22, `[host]:port` otherwise. */
export function knownHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** OpenSSH's fingerprint: `SHA256:` + unpadded base64 of the SHA-256 of the key blob. */
export function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named inside an SSH public key blob (its first length-prefixed string). */
export function keyTypeOf(key: Buffer): string {
  if (key.length < 4) return 'unknown';
  const n = key.readUInt32BE(0);
  return n > 0 && n < 64 && key.length >= 4 + n ? key.subarray(4, 4 + n).toString('latin1') : 'unknown';
}

/** The line to add to known_hosts for this host's key. */
export function knownHostsLine(host: string, port: number, key: Buffer): string {
  return `${knownHostName(host, port)} ${keyTypeOf(key)} ${key.toString('base64')}`;
}

export function parseKnownHosts(text: string): KnownHostEntry[] {
  const out: KnownHostEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const s = raw.trim();
    if (!s || s.startsWith('#')) return;
    const f = s.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (f[0].startsWith('@')) {
      const m = f.shift()!.slice(1);
      if (m !== 'revoked' && m !== 'cert-authority') return; // unknown marker: ssh ignores the line too
      marker = m;
    }
    if (f.length < 3) return;
    const key = Buffer.from(f[2], 'base64');
    if (!key.length) return;
    out.push({ line: i + 1, ...(marker ? { marker } : {}), patterns: f[0], keyType: f[1], key });
  });
  return out;
}

/** ssh's glob: `*` any run, `?` one character, case-insensitive. */
function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
  return re.test(name);
}

function hashedMatch(entry: string, name: string): boolean {
  const parts = entry.split('|'); // ['', '1', salt, hash]
  if (parts.length !== 4 || parts[1] !== '1') return false;
  const salt = Buffer.from(parts[2], 'base64');
  const want = Buffer.from(parts[3], 'base64');
  const got = createHmac('sha1', salt).update(name).digest();
  return want.length === got.length && timingSafeEqual(want, got);
}

/** Whether a PATTERNS field names `name` (a negated match wins over any positive one, as in ssh). */
export function patternsMatch(patterns: string, name: string): boolean {
  if (patterns.startsWith('|')) return hashedMatch(patterns, name);
  let hit = false;
  for (const p of patterns.split(',')) {
    if (p.startsWith('!')) {
      if (globMatch(p.slice(1), name)) return false;
    } else if (globMatch(p, name)) hit = true;
  }
  return hit;
}

/** What known_hosts says about `key` presented by host:port. */
export function verifyHostKey(
  entries: KnownHostEntry[],
  host: string,
  port: number,
  key: Buffer,
): HostKeyVerdict {
  const name = knownHostName(host, port);
  const mine = entries.filter((e) => e.marker !== 'cert-authority' && patternsMatch(e.patterns, name));
  const revoked = entries.find((e) => e.marker === 'revoked' && e.key.equals(key));
  if (revoked) return { status: 'revoked', line: revoked.line };
  const hit = mine.find((e) => !e.marker && e.key.equals(key));
  if (hit) return { status: 'match', line: hit.line };
  const others = mine.filter((e) => !e.marker);
  if (!others.length) return { status: 'unknown' };
  return {
    status: 'changed',
    lines: others.map((e) => ({ line: e.line, keyType: e.keyType, fingerprint: fingerprint(e.key) })),
  };
}

/** The refusal text for a verdict other than `match`: the key's fingerprint and what to do. */
export function refusalMessage(
  v: Exclude<HostKeyVerdict, { status: 'match' }>,
  file: string,
  host: string,
  port: number,
  key: Buffer,
): string {
  const what = `${keyTypeOf(key)} ${fingerprint(key)}`;
  const line = knownHostsLine(host, port, key);
  const name = knownHostName(host, port);
  switch (v.status) {
    case 'unknown':
      return (
        `host key of ${name} is not in ${file}: it presented ${what}. Check that fingerprint with the host's ` +
        `administrator (on the host: ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub), then add this line to ${file}:\n` +
        `  ${line}\n(or pass --accept-new-host-keys to trust and record unknown hosts on first use)`
      );
    case 'changed':
      return (
        `HOST KEY MISMATCH for ${name}: it presented ${what}, but ${file} has ` +
        v.lines.map((l) => `${l.keyType} ${l.fingerprint} (line ${l.line})`).join(', ') +
        `. Someone may be intercepting the connection, or the host was reinstalled. Nothing was started there. ` +
        `If the new key is right, remove line ${v.lines.map((l) => l.line).join(', ')} and add:\n  ${line}`
      );
    case 'revoked':
      return `host key of ${name} (${what}) is marked @revoked in ${file} (line ${v.line}); refusing to connect`;
  }
}

/** ssh2's default host key algorithm order (lib/protocol/constants.js DEFAULT_SERVER_HOST_KEY). */
const DEFAULT_HOST_KEY_ALGORITHMS = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];
/** The signature algorithms a known_hosts key type can be verified with. */
const ALGORITHMS_OF: Record<string, string[]> = { 'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] };

/**
 * Host key algorithms to offer, those of the keys known for this host first — as ssh does. Without this a
 * host with an RSA key on file that also has an ed25519 key would present the latter and look "changed".
 * Undefined when nothing is known (then the defaults apply).
 */
export function hostKeyAlgorithms(
  entries: KnownHostEntry[],
  host: string,
  port: number,
): string[] | undefined {
  const name = knownHostName(host, port);
  const known = entries.filter((e) => !e.marker && patternsMatch(e.patterns, name));
  if (!known.length) return undefined;
  const first = [...new Set(known.flatMap((e) => ALGORITHMS_OF[e.keyType] ?? [e.keyType]))].filter((a) =>
    DEFAULT_HOST_KEY_ALGORITHMS.includes(a),
  );
  return [...first, ...DEFAULT_HOST_KEY_ALGORITHMS.filter((a) => !first.includes(a))];
}
