// s3:// end to end: a real agent process against a real S3-compatible server (s3rver on 127.0.0.1, its own
// temp folder and bucket). Credentials reach the agent the way a controller forwards them: in the config's
// `distributed_env` (the test process holds no AWS_* variables, so the agent inherits none).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { iterFiles } from '../../core/tree';
import { parseTerms } from '../../core/estimate';
import type { TreeSpec } from '../../core/model';
import { seedFromUri, sizeSampler } from '../../agent/sizes';
import type { AgentClient, LiveStats__Output, PreFlightResponse__Output } from '../../proto';
import {
  agentClient,
  AgentStream,
  Command,
  startAgent,
  Status,
  tempDir,
  unary,
  type AgentProcess,
} from './helpers/agent';
import { S3RVER_KEY, S3RVER_SECRET, startS3rver, type S3Server } from './helpers/s3rver';

for (const k of Object.keys(process.env)) if (k.startsWith('AWS_')) delete process.env[k];

let s3: S3Server;
let sdk: S3Client;
let agent: AgentProcess;
let client: AgentClient;
const t = tempDir('iobench-s3-');
before(async () => {
  s3 = await startS3rver(['bench']);
  sdk = new S3Client({
    endpoint: s3.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: S3RVER_KEY, secretAccessKey: S3RVER_SECRET },
  });
  agent = await startAgent([t.dir]);
  client = agentClient(agent.address);
});
after(async () => {
  client?.close();
  await agent?.stop();
  sdk?.destroy();
  await s3?.stop();
  t.cleanup();
});

const tree: TreeSpec = { width: 3, depth: 2, filesPerDir: 4, distribution: 'bottom', dirMask: 'd%d_w%d.dir' };
const SIZE = '{ type: uniform, min: 1024, max: 8192 }';

function env(o: { secret?: string; endpoint?: boolean } = {}): string {
  return `distributed_env:
  AWS_ACCESS_KEY_ID: ${S3RVER_KEY}
  AWS_SECRET_ACCESS_KEY: ${o.secret ?? S3RVER_SECRET}
${o.endpoint === false ? '' : `  AWS_ENDPOINT_URL: ${s3.endpoint}\n`}`;
}

function s3Config(
  target: string,
  o: {
    duration?: string;
    cleanup?: boolean;
    size?: string;
    tree?: boolean;
    secret?: string;
    ops?: string;
  } = {},
): string {
  return `
target: "${target}"
concurrency: 8
duration: ${o.duration ?? '0s'}
${env(o)}
workload:
${o.ops ?? '  - { op: get, path: "x", weight: 60 }\n  - { op: stat, path: "x", weight: 30 }\n  - { op: list, path: "x", weight: 10 }'}
prepare:
  cleanup: ${o.cleanup ?? false}
  ensure_objects:
    - count: ${o.tree === false ? 3 : 0}
      fill: random
      size_spec: ${o.size ?? SIZE}
${
  o.tree === false
    ? ''
    : `  directory_structure:
    width: ${tree.width}
    depth: ${tree.depth}
    files_per_dir: ${tree.filesPerDir}
    distribution: bottom
    dir_mask: "${tree.dirMask}"`
}
`;
}

async function objects(prefix: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  let token: string | undefined;
  do {
    const r = await sdk.send(
      new ListObjectsV2Command({ Bucket: 'bench', Prefix: prefix, ContinuationToken: token }),
    );
    for (const c of r.Contents ?? []) out.set(c.Key!, c.Size!);
    token = r.IsTruncated ? r.NextContinuationToken : undefined;
  } while (token);
  return out;
}

/** Play a run to the end, releasing every barrier; returns the message log (last = the end message). */
async function playRun(yaml: string): Promise<LiveStats__Output[]> {
  const s = new AgentStream(client);
  s.start(yaml);
  try {
    for (;;) {
      const m = await s.next(
        (x) =>
          (x.at_barrier && x.status === Status.RUNNING && !!x.stage_summary) ||
          [Status.COMPLETED, Status.ERROR, Status.ABORTED].some((st) => st === x.status),
        60000,
        'barrier or end',
      );
      if (m.status !== Status.RUNNING) return s.log.map((x) => x.msg);
      s.send({ command: Command.RELEASE_BARRIER, barrier_sequence: m.barrier_sequence });
    }
  } finally {
    s.close();
  }
}

async function runToEnd(yaml: string): Promise<LiveStats__Output[]> {
  const log = await playRun(yaml);
  const end = log[log.length - 1];
  assert.equal(end.status, Status.COMPLETED, end.error_message);
  return log;
}

const preflight = (yaml: string) =>
  unary<object, PreFlightResponse__Output>(client.PreFlightValidation.bind(client), {
    config_yaml: yaml,
    agent_id: 'agent-1',
  });

test('prepare writes exactly the tree as keys (count and sizes, no mkdir), then skips them by listing', async () => {
  const log = await runToEnd(s3Config('s3://bench/tree/'));
  const done = log.find((m) => m.status === Status.COMPLETED)!;
  assert.equal(done.prepare_summary?.objects_created, 36);
  assert.equal(done.prepare_summary?.mkdir_count, 0);
  const got = await objects('tree/');
  const sizeOf = sizeSampler({ kind: 'uniform', min: 1024n, max: 8192n }, seedFromUri('s3://bench/tree/'));
  const want = new Map([...iterFiles(tree)].map((f) => [`tree/${f.path}`, sizeOf(Number(f.index))]));
  assert.deepEqual([...got.entries()].sort(), [...want.entries()].sort(), 'exactly the tree, nothing else');

  const again = await runToEnd(s3Config('s3://bench/tree/'));
  const d2 = again.find((m) => m.status === Status.COMPLETED)!;
  assert.equal(d2.prepare_summary?.objects_created, 0);
  assert.equal(d2.prepare_summary?.objects_existed, 36);
});

test('get/stat/list over the prepared tree with no failed operation, then cleanup leaves the prefix empty', async () => {
  const log = await runToEnd(s3Config('s3://bench/cycle/', { duration: '2s', cleanup: true }));
  const exec = log.find((m) => m.stage_summary?.stage_type === 'execute')!.stage_summary!;
  assert.ok(exec.get_ops > 0 && exec.meta_ops > 0, JSON.stringify(exec));
  assert.equal(exec.errors, 0, 'no failed operation');
  assert.ok(exec.get_bytes >= exec.get_ops * 1024);
  const cleanup = log.find((m) => m.stage_summary?.stage_type === 'cleanup')!.stage_summary!;
  assert.equal(cleanup.errors, 0);
  assert.equal((await objects('cycle/')).size, 0, 'prefix empty after cleanup');
  const stray = [...(await objects('')).keys()].filter((k) => k.includes('.iobench'));
  assert.deepEqual(stray, [], 'no probe or calibration object anywhere in the bucket');
});

test('objects above the multipart threshold are uploaded in parts and come out whole', async () => {
  const log = await runToEnd(s3Config('s3://bench/big/', { tree: false, size: '9437185' }));
  assert.equal(log.find((m) => m.status === Status.COMPLETED)!.prepare_summary?.objects_created, 3);
  const got = await objects('big/');
  assert.deepEqual([...got.values()], [9437185, 9437185, 9437185]);
});

test('multi_endpoint s3://host:port/bucket entries name the endpoint themselves (no AWS_ENDPOINT_URL)', async () => {
  const yaml = s3Config(`s3://${s3.hostPort}/bench/me/`, { tree: false, secret: S3RVER_SECRET })
    .replace(env(), env({ endpoint: false }))
    .replace(/^target: .*$/m, `multi_endpoint:\n  endpoints: ["s3://${s3.hostPort}/bench/me/"]`);
  assert.ok(!yaml.includes('AWS_ENDPOINT_URL'));
  const pf = await preflight(yaml);
  assert.equal(pf.passed, true, JSON.stringify(pf.results));
  await runToEnd(yaml);
  assert.equal((await objects('me/')).size, 3);
});

test('workload path patterns read objects this run did not prepare', async () => {
  for (const k of ['data/a/1.bin', 'data/a/2.bin', 'data/b/3.bin', 'other/4.bin'])
    await sdk.send(new PutObjectCommand({ Bucket: 'bench', Key: k, Body: Buffer.alloc(100) }));
  const yaml = `
target: "s3://bench/data/"
concurrency: 4
duration: 1s
${env()}
workload:
  - { op: get, path: "*.bin", weight: 1 }
  - { op: stat, path: "a/", weight: 1 }
`;
  const pf = await preflight(yaml);
  assert.equal(pf.passed, true, JSON.stringify(pf.results));
  assert.ok(pf.results.some((r) => r.test_phase === 'workload-data' && /matches objects/.test(r.message)));
  const log = await runToEnd(yaml);
  const exec = log.find((m) => m.stage_summary?.stage_type === 'execute')!.stage_summary!;
  assert.ok(exec.get_ops > 0 && exec.meta_ops > 0);
  assert.equal(exec.errors, 0);
  assert.equal(exec.get_bytes, exec.get_ops * 100);
});

test('pre-flight passes against a good target and leaves no probe or calibration object behind', async () => {
  const r = await preflight(s3Config('s3://bench/pf/'));
  assert.equal(r.passed, true, JSON.stringify(r.results));
  const phases = r.results.map((x) => x.test_phase);
  for (const p of ['credentials', 'endpoint', 'clock-skew', 'list', 'write-probe-put', 'write-probe-get'])
    assert.ok(phases.includes(p), `${p} in ${phases.join(',')}`);
  for (const p of ['write-probe-list', 'write-probe-delete', 'calibration']) assert.ok(phases.includes(p), p);
  const cal = r.results.find((x) => x.test_phase === 'calibration')!;
  const details = JSON.parse(cal.details);
  assert.ok(details.createsPerSec > 0);
  // the estimate's per-object cost is the median request time over the 8 requests in flight
  const terms = parseTerms(details.terms)!;
  assert.ok(Math.abs(terms.fileS.v - details.requestMs / 1000 / 8) < 1e-5, JSON.stringify(details));
  assert.equal(terms.at.concurrency, 8);
  assert.ok(!JSON.stringify(r).includes(S3RVER_SECRET + '"'), 'the secret is never echoed');
  assert.equal((await objects('pf/')).size, 0);
});

test('a wrong secret fails pre-flight with a clear message, and START fails before writing anything', async () => {
  const yaml = s3Config('s3://bench/badsecret/', { secret: 'not-the-secret' });
  const r = await preflight(yaml);
  assert.equal(r.passed, false);
  const e = r.results.find((x) => x.level === 3)!;
  assert.equal(e.test_phase, 'credentials');
  assert.match(e.message, /credentials were rejected \(SignatureDoesNotMatch\)/);
  assert.match(e.suggestion, /AWS_SECRET_ACCESS_KEY/);
  assert.ok(!JSON.stringify(r).includes('not-the-secret'), 'the secret is never echoed');
  const log = await playRun(yaml);
  const end = log[log.length - 1];
  assert.equal(end.status, Status.ERROR);
  assert.match(end.error_message, /credentials were rejected/);
  assert.ok(!end.error_message.includes('not-the-secret'));
  assert.equal((await objects('badsecret/')).size, 0);
});

test('a missing bucket fails pre-flight with a clear message', async () => {
  const r = await preflight(s3Config('s3://no-such-bucket/x/'));
  assert.equal(r.passed, false);
  const e = r.results.find((x) => x.level === 3)!;
  assert.equal(e.test_phase, 'list');
  assert.match(e.message, /bucket 'no-such-bucket' does not exist/);
  assert.match(e.suggestion, /Create it first/);
});

test('an unreachable endpoint fails pre-flight as a network error', async () => {
  const yaml = s3Config('s3://bench/x/').replace(s3.endpoint, 'http://127.0.0.1:1');
  const r = await preflight(yaml);
  assert.equal(r.passed, false);
  const e = r.results.find((x) => x.level === 3)!;
  assert.equal(e.test_phase, 'endpoint');
  assert.match(e.message, /Cannot reach the endpoint http:\/\/127\.0\.0\.1:1/);
});

test('credentials from a named profile (AWS_PROFILE) in the shared credentials file', async () => {
  const file = `${t.dir}/aws-credentials`;
  fs.writeFileSync(
    file,
    `[bench]\naws_access_key_id = ${S3RVER_KEY}\naws_secret_access_key = ${S3RVER_SECRET}\n`,
  );
  // A second agent whose environment points at the file (as ~/.aws/credentials would be found).
  process.env.AWS_SHARED_CREDENTIALS_FILE = file;
  const a2 = await startAgent([t.dir]).finally(() => delete process.env.AWS_SHARED_CREDENTIALS_FILE);
  const c2 = agentClient(a2.address);
  try {
    const yaml = s3Config('s3://bench/profile/', { tree: false }).replace(
      env(),
      `distributed_env:\n  AWS_PROFILE: bench\n  AWS_ENDPOINT_URL: ${s3.endpoint}\n`,
    );
    const r = await unary<object, PreFlightResponse__Output>(c2.PreFlightValidation.bind(c2), {
      config_yaml: yaml,
      agent_id: 'agent-1',
    });
    assert.equal(r.passed, true, JSON.stringify(r.results));
    assert.ok(r.results.some((x) => /profile 'bench'/.test(x.message)));
    assert.ok(r.results.some((x) => x.test_phase === 'write-probe-put' && x.level === 0));
  } finally {
    c2.close();
    await a2.stop();
  }
});

// The data-shaping keys on s3:// (the checks of agent-fidelity-data.test.ts for file://), read back from s3rver.
const getObject = async (key: string) =>
  Buffer.from(
    await (await sdk.send(new GetObjectCommand({ Bucket: 'bench', Key: key }))).Body!.transformToByteArray(),
  );
const hexBlocks = (b: Buffer) =>
  Array.from({ length: b.length / 4096 }, (_, k) => b.subarray(k * 4096, (k + 1) * 4096).toString('hex'));
/** Per-block deflate ratio (storage compresses blocks, not whole objects). */
const blockRatio = (b: Buffer) =>
  b.length / hexBlocks(b).reduce((a, h) => a + zlib.deflateRawSync(Buffer.from(h, 'hex')).length, 0);

test('ensure_objects fill, dedup_factor and compress_factor shape the objects on s3://', async () => {
  let n = 0;
  const make = async (fill: string, dedup: number, compress: number) => {
    const prefix = `shape${n++}`;
    await runToEnd(`
target: "s3://bench/${prefix}/"
concurrency: 4
duration: 0s
${env()}
workload:
  - { op: get, path: "prepared-*", weight: 1 }
prepare:
  cleanup: false
  ensure_objects:
    - { count: 2, size_spec: 65536, fill: ${fill}, dedup_factor: ${dedup}, compress_factor: ${compress} }
`);
    return Promise.all([0, 1].map((i) => getObject(`${prefix}/prepared-0000000${i}.dat`)));
  };
  const zero = await make('zero', 1, 1);
  assert.ok(
    zero.every((b) => b.length === 65536 && b.every((x) => x === 0)),
    'fill zero writes zeros',
  );
  // random: 32 blocks over two objects, all different (each object's blocks are stamped)
  const plain = await make('random', 1, 1);
  assert.equal(new Set(plain.flatMap(hexBlocks)).size, 32);
  assert.ok(zlib.deflateSync(plain[0]).length > 0.98 * 65536, 'random fill is incompressible');
  // dedup 4: 1 in 4 blocks unique — 4 distinct blocks in an object of 16
  const dd = await make('random', 4, 1);
  for (const b of dd) assert.equal(new Set(hexBlocks(b)).size, 4);
  assert.equal(new Set(dd.flatMap(hexBlocks)).size, 8, 'and none shared between objects');
  // compress 3: ~3:1, still no duplicate blocks
  const cc = await make('random', 1, 3);
  const ratio = blockRatio(cc[0]);
  assert.ok(ratio > 2.5 && ratio < 3.3, `compress_factor 3 → ${ratio.toFixed(2)}:1`);
  assert.equal(new Set(cc.flatMap(hexBlocks)).size, 32, 'still no duplicate blocks');
});

test('workload put dedup_factor and compress_factor shape the objects on s3://', async () => {
  const put = async (prefix: string, dedup: number, compress: number) => {
    const log = await runToEnd(`
target: "s3://bench/${prefix}/"
concurrency: 1
duration: 1s
${env()}
workload:
  - { op: put, path: "puts/", weight: 1, object_size: 262144, dedup_factor: ${dedup}, compress_factor: ${compress} }
`);
    const exec = log.find((m) => m.stage_summary?.stage_type === 'execute')!.stage_summary!;
    assert.ok(exec.put_ops > 0 && exec.errors === 0, JSON.stringify(exec));
    const keys = [...(await objects(`${prefix}/puts/`)).keys()];
    return getObject(keys[0]);
  };
  const d = await put('wput-d', 4, 1);
  assert.equal(d.length, 262144);
  assert.equal(new Set(hexBlocks(d)).size, 16, '64 blocks, 1 in 4 unique');
  const ratio = blockRatio(await put('wput-c', 1, 2));
  assert.ok(ratio > 1.7 && ratio < 2.2, `compress_factor 2 → ${ratio.toFixed(2)}:1`);
});
