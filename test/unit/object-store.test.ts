// s3:// pieces without a server: URI grammar (bucket vs host:port), credentials precedence (local environment
// over distributed_env), error classification, the request limiter, range expansion, the plan for s3 targets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatS3Uri,
  objectRequests,
  parseS3Uri,
  prepareRequests,
  S3UriError,
  termsFromRequests,
} from '../../core/object-store';
import { parseTerms, predictAgent } from '../../core/estimate';
import { estimate } from '../../core/estimate';
import { estimateTable, treeSummary } from '../../server/estimate-text';
import { renderEstimate } from '../../cli/commands/estimate';
import { extractModel } from '../../core/config/model-extract';
import { parse } from 'yaml';
import { describeCredentials, endpointOf, s3Env } from '../../agent/storage/s3-client';
import { classifyS3Error, s3ErrorText } from '../../agent/storage/s3-errors';
import { Limiter } from '../../agent/storage/limiter';
import { expandRanges } from '../../agent/storage/s3';
import { S3HttpError } from '../../agent/storage/s3-fast';
import { planRun, PlanError } from '../../agent/plan';
import { Confinement } from '../../agent/confine';
import { ErrorType, ResultLevel } from '../../proto';
import { skewResult } from '../../agent/preflight-s3';
import * as os from 'node:os';

test('s3 URIs: bucket/prefix, host:port/bucket/prefix (multi_endpoint), canonical form, bad buckets', () => {
  assert.deepEqual(parseS3Uri('s3://bench/run1/'), { bucket: 'bench', prefix: 'run1' });
  assert.deepEqual(parseS3Uri('s3://bench'), { bucket: 'bench', prefix: '' });
  assert.deepEqual(parseS3Uri('s3://10.0.0.5:9000/bench/a/b/'), {
    endpointHost: '10.0.0.5:9000',
    bucket: 'bench',
    prefix: 'a/b',
  });
  assert.deepEqual(parseS3Uri('s3://minio.local:9000/bench/'), {
    endpointHost: 'minio.local:9000',
    bucket: 'bench',
    prefix: '',
  });
  assert.equal(formatS3Uri(parseS3Uri('s3://h:1/bench/x/')), 's3://h:1/bench/x');
  assert.throws(() => parseS3Uri('s3://Bad_Bucket/x'), S3UriError);
  assert.throws(() => parseS3Uri('s3:///x'), /not a valid bucket name/);
  assert.throws(() => parseS3Uri('file:///tmp'), /not an s3/);
});

test('credentials: the agent environment wins, distributed_env fills the gaps, only AWS_* S3 keys are taken', () => {
  const env = s3Env(
    { AWS_REGION: 'eu-west-1', PATH: '/bin' },
    { AWS_REGION: 'us-east-2', AWS_ACCESS_KEY_ID: 'K', AWS_SECRET_ACCESS_KEY: 'SECRETVALUE', OTHER: 'x' },
  );
  assert.deepEqual(env, {
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'K',
    AWS_SECRET_ACCESS_KEY: 'SECRETVALUE',
  });
  const d = describeCredentials(env, {})!;
  assert.match(d, /forwarded by the controller/);
  assert.ok(!d.includes('SECRETVALUE'), 'names the source, never the value');
  assert.equal(describeCredentials({}, {}), undefined);
  assert.match(describeCredentials({ AWS_PROFILE: 'bench' }, {})!, /profile 'bench'/);
  // distributed_env arrives through the model
  const m = extractModel(parse('workload: []\ndistributed_env: { AWS_ACCESS_KEY_ID: K, N: 5 }'))!;
  assert.deepEqual(m.distributedEnv, { AWS_ACCESS_KEY_ID: 'K', N: '5' });
});

test('endpoints: host:port in the URI wins over AWS_ENDPOINT_URL; AWS itself when neither', () => {
  assert.equal(endpointOf({ AWS_ENDPOINT_URL: 'http://a:1/' }), 'http://a:1');
  assert.equal(endpointOf({ AWS_ENDPOINT_URL: 'http://a:1' }, 'b:2'), 'http://b:2');
  assert.equal(endpointOf({ AWS_ENDPOINT_URL: 'https://a:1' }, 'b:2'), 'https://b:2');
  assert.equal(endpointOf({}), undefined);
});

test('S3 errors are classified with a suggestion', () => {
  const sdkErr = (name: string, status: number) =>
    Object.assign(new Error('x'), { name, $metadata: { httpStatusCode: status } });
  assert.equal(classifyS3Error(sdkErr('SignatureDoesNotMatch', 403)).type, ErrorType.AUTHENTICATION);
  assert.match(classifyS3Error(sdkErr('SignatureDoesNotMatch', 403)).suggestion, /AWS_SECRET_ACCESS_KEY/);
  assert.match(classifyS3Error(sdkErr('InvalidAccessKeyId', 403)).suggestion, /AWS_ACCESS_KEY_ID/);
  assert.equal(classifyS3Error(sdkErr('NoSuchBucket', 404), 'b').type, ErrorType.CONFIGURATION);
  assert.equal(classifyS3Error(sdkErr('AccessDenied', 403)).type, ErrorType.PERMISSION);
  assert.equal(
    classifyS3Error(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })).type,
    ErrorType.NETWORK,
  );
  // a HEAD of a missing key is not a missing bucket
  assert.equal(s3ErrorText(new S3HttpError('NotFound', '', 404)), 'no such object (HTTP 404)');
});

test('the limiter never runs more than its slots at once', async () => {
  const l = new Limiter(3);
  let active = 0;
  let peak = 0;
  const wake: (() => void)[] = [];
  const tasks = Array.from({ length: 10 }, () =>
    l.run(async () => {
      peak = Math.max(peak, ++active);
      await new Promise<void>((r) => wake.push(r));
      active--;
    }),
  );
  while (wake.length || active) {
    await new Promise((r) => setImmediate(r));
    wake.shift()?.();
  }
  await Promise.all(tasks);
  assert.equal(peak, 3);
});

test('file ranges expand to the worker pool names (prefix per base, 8-digit index)', () => {
  const names = expandRanges({
    prefixes: ['s3://b/p/d1/', 's3://h:1/b/p/d1/'],
    bounds: Float64Array.from([3, 7, 2]),
    nBases: 2,
    lead: 'file_',
    tail: '.dat',
  });
  assert.deepEqual(names, ['s3://h:1/b/p/d1/file_00000003.dat', 's3://h:1/b/p/d1/file_00000005.dat']);
});

test('plan: s3 targets keep canonical URIs (no --root confinement), bad buckets are plan errors', () => {
  const confine = Confinement.create([os.tmpdir()]);
  const start = {
    configYaml: '',
    agentId: 'a',
    pathPrefix: 'agent-1/',
    sharedStorage: false,
    agentIndex: 0,
    numAgents: 1,
  };
  const model = extractModel(
    parse(
      `target: s3://bench/run/\nworkload: [ { op: get, path: x, weight: 1 } ]\nprepare: { ensure_objects: [ { count: 10 } ] }`,
    ),
  )!;
  const plan = planRun(model, start, confine);
  assert.equal(plan.scheme, 's3');
  assert.deepEqual(plan.bases, ['s3://bench/run/agent-1']);
  const bad = extractModel(parse(`target: s3://B_x/\nworkload: [ { op: get, path: x, weight: 1 } ]`))!;
  assert.throws(() => planRun(bad, start, confine), PlanError);
});

test('request counts for object stores: one PUT per object, parts above the multipart threshold', () => {
  assert.equal(prepareRequests(100, 4096, 10), 110);
  assert.equal(prepareRequests(1, 20 << 20, 0), 3 + 2);
});

test('estimates for object targets: no tree time in the inlay hint, request counts in the hover table', () => {
  const yaml = (target: string) => `target: "${target}"
workload: [ { op: get, path: x, weight: 1 } ]
prepare:
  ensure_objects: [ { count: 0, size_spec: 4096 } ]
  directory_structure: { width: 24, depth: 2, files_per_dir: 193, distribution: bottom, dir_mask: "d%d_w%d.dir" }
`;
  const s3 = extractModel(parse(yaml('s3://bench/run/')))!;
  const e = estimate(s3);
  assert.equal(e.total.treeSeconds, 0);
  assert.match(treeSummary(e, 'full', s3), /no mkdir \(object store\)/);
  assert.deepEqual(objectRequests(s3, e), { puts: 111_168n, lists: 576n, deletes: 112n });
  assert.match(estimateTable(e, s3, {}), /≈ 111,168 PUT and 576 LIST requests/);
  assert.match(
    renderEstimate('x.yaml', e, s3),
    /object store: no directories are created .* 111,168 PUT \+ 576 LIST/,
  );
  const file = extractModel(parse(yaml('file:///tmp/x/')))!;
  const ef = estimate(file);
  assert.match(treeSummary(ef, 'full', file), /tree ≈/);
  assert.equal(objectRequests(file, ef), undefined);
  assert.doesNotMatch(estimateTable(ef, file, {}), /PUT and/);
  assert.doesNotMatch(renderEstimate('x.yaml', ef, file), /object store/);
});

test("pre-flight clock skew against the server's Date: error past 15 min, warning past 30 s", () => {
  const now = Date.parse('2026-11-29T12:00:00Z');
  const at = (offsetS: number) => skewResult(new Date(now - offsetS * 1000).toUTCString(), now);
  assert.equal(at(1).level, ResultLevel.SUCCESS);
  assert.equal(at(-60).level, ResultLevel.WARNING);
  const e = at(16 * 60);
  assert.equal(e.level, ResultLevel.ERROR);
  assert.match(e.message ?? '', /RequestTimeTooSkewed/);
  assert.match(e.suggestion ?? '', /Synchronise the clock/);
  assert.equal(skewResult(undefined).level, ResultLevel.INFO);
});

test('pre-flight PUT latencies give the estimate its per-object cost (Little’s law), set-up goes to the fixed cost', () => {
  // 32 calibration PUTs, 8 in flight, 20 ms each; 6 of the first round paid 400 ms of connection set-up
  const lat = Array.from({ length: 32 }, (_, i) => (i < 6 ? 400 : 20));
  const wallS = 0.5;
  const terms = termsFromRequests(lat, wallS, 8, 4096)!;
  assert.equal(terms.fileS.v, 0.02 / 8, 'median request time over the requests in flight');
  assert.ok(terms.fileS.sd > 0 && terms.fileS.sd < terms.fileS.v);
  assert.equal(terms.fixedS.v, wallS - 32 * terms.fileS.v);
  assert.deepEqual([terms.dirS.v, terms.levelS.v], [0, 0], 'no directories on an object store');
  // the form the controller reads back from the calibration result's details
  assert.deepEqual(parseTerms(JSON.parse(JSON.stringify(terms))), terms);
  // 10,000 objects of 4 KiB at the same concurrency: 25 s + the set-up, not 10,000 × wall / 32 (156 s)
  const p = predictAgent(
    terms,
    { levels: 0, dirs: 0, files: 10_000, bytes: 10_000 * 4096 },
    { concurrency: 8, agents: 1, shared: false },
  );
  assert.ok(Math.abs(p.prepare.seconds - (25 + terms.fixedS.v)) < 1e-6, `${p.prepare.seconds}`);
  assert.equal(termsFromRequests([], 1, 8, 4096), undefined);
});
