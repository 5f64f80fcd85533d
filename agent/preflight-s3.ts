// Pre-flight for s3:// targets (spec §4.4, made stricter): where the credentials come from, the endpoint
// reachable, the clock close to the server's `Date`, the bucket there and the credentials accepted, a probe
// object written, read back, listed and deleted, a short PUT calibration, and — when nothing is prepared —
// the objects each get/stat path reads. Each failure says what to do. Probe objects are removed whatever
// happens (finally); a probe that cannot be removed is an error naming its key.
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import type { S3Client } from '@aws-sdk/client-s3';
import { sdk } from './storage/s3-sdk';
import {
  PREFLIGHT_TIMEOUT_MS,
  SKEW_ERROR_MS,
  SKEW_WARN_MS,
  parseS3Uri,
  termsFromRequests,
  type S3Location,
} from '../core/object-store';
import { ErrorType, ResultLevel, type ValidationResult } from '../proto';
import type { RunPlan } from './plan';
import { errText, r } from './preflight-result';
import { firstS3Match } from './preflight-s3-data';
import { describeCredentials, endpointOf, makeS3Client, regionOf, type S3Env } from './storage/s3-client';
import { classifyS3Error } from './storage/s3-errors';

type R = ValidationResult;
const PROBE_BODY = 'iobench pre-flight probe v1';
const CAL_OBJECTS = 32;
const CAL_BYTES = 4096;

/** Does the run write (or delete) objects? Then the probe must show it may. */
function writes(plan: RunPlan): boolean {
  const p = plan.model.prepare;
  const prepares = !!p && !p.cleanupOnly && !(p.skipVerification && !p.forceOverwrite) && plan.totalFiles > 0;
  return (
    prepares ||
    !!p?.cleanup ||
    plan.model.workload.some((o) => o.weight > 0 && ['put', 'delete'].includes(o.op))
  );
}

export async function runS3Preflight(plan: RunPlan, env: S3Env, local: NodeJS.ProcessEnv): Promise<R[]> {
  const out: R[] = [];
  const src = describeCredentials(env, local);
  out.push(
    src
      ? r(ResultLevel.INFO, 'credentials', `Using ${src}`, '', ErrorType.AUTHENTICATION)
      : r(
          ResultLevel.WARNING,
          'credentials',
          'No credentials detected (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE or distributed_env)',
          "Set them in the agent's environment or the controller's (it forwards them); the SDK's default chain (instance role) is tried",
          ErrorType.AUTHENTICATION,
        ),
  );
  // One check per endpoint and bucket (multi_endpoint entries on the same bucket share it).
  const seen = new Set<string>();
  for (const base of plan.bases) {
    const loc = parseS3Uri(base);
    const k = `${loc.endpointHost ?? ''} ${loc.bucket}`;
    if (seen.has(k)) continue;
    seen.add(k);
    const client = makeS3Client(env, {
      endpointHost: loc.endpointHost,
      sockets: Math.min(plan.concurrency, CAL_OBJECTS),
      maxAttempts: 1,
      timeoutMs: PREFLIGHT_TIMEOUT_MS,
    });
    try {
      await checkTarget(plan, env, loc, client, out);
    } finally {
      client.destroy();
    }
  }
  if (plan.listReads && !out.some((x) => x.level === ResultLevel.ERROR))
    for (const res of await firstS3Match(plan, env)) out.push(res);
  return out;
}

async function checkTarget(plan: RunPlan, env: S3Env, loc: S3Location, c: S3Client, out: R[]) {
  const url = endpointOf(env, loc.endpointHost) ?? `https://s3.${regionOf(env)}.amazonaws.com`;
  // 1. reachable, and the server's clock
  let date: string | undefined;
  try {
    const t0 = performance.now();
    const res = await probeHttp(url);
    date = res.date;
    out.push(
      r(
        ResultLevel.SUCCESS,
        'endpoint',
        `Endpoint ${url} reachable (HTTP ${res.status} in ${(performance.now() - t0).toFixed(0)} ms)`,
      ),
    );
  } catch (e) {
    out.push(
      r(
        ResultLevel.ERROR,
        'endpoint',
        `Cannot reach the endpoint ${url}: ${errText(e)}`,
        'Check AWS_ENDPOINT_URL (or the host:port in the URI), that the server runs, and firewalls between',
        ErrorType.NETWORK,
      ),
    );
    return;
  }
  out.push(skewResult(date));
  // 2. bucket exists, credentials accepted
  const where = `s3://${loc.bucket}${loc.prefix ? `/${loc.prefix}/` : '/'}`;
  const prefix = loc.prefix ? `${loc.prefix}/` : '';
  try {
    await c.send(new (sdk().ListObjectsV2Command)({ Bucket: loc.bucket, Prefix: prefix, MaxKeys: 1 }));
    out.push(
      r(
        ResultLevel.SUCCESS,
        'list',
        `Bucket '${loc.bucket}' exists and the credentials are accepted (${url})`,
      ),
    );
  } catch (e) {
    const p = classifyS3Error(e, loc.bucket);
    out.push(
      r(
        ResultLevel.ERROR,
        p.type === ErrorType.AUTHENTICATION ? 'credentials' : 'list',
        `${where} at ${url}: ${p.message}`,
        p.suggestion,
        p.type,
        `${p.code}${p.status ? ` (HTTP ${p.status})` : ''}`,
      ),
    );
    return;
  }
  if (!writes(plan)) return;
  // 3. probe object: put, get, list, delete — removed in any case
  const key = `${prefix}.iobench-preflight-${randomBytes(4).toString('hex')}.bin`;
  const step = async (phase: string, what: string, f: () => Promise<void>) => {
    try {
      await f();
      out.push(r(ResultLevel.SUCCESS, phase, `${what} confirmed (s3://${loc.bucket}/${key})`));
      return true;
    } catch (e) {
      const p = classifyS3Error(e);
      out.push(r(ResultLevel.ERROR, phase, `${what} failed in ${where}: ${p.message}`, p.suggestion, p.type));
      return false;
    }
  };
  let written = false;
  try {
    written = await step('write-probe-put', 'Write (PUT)', async () => {
      await c.send(
        new (sdk().PutObjectCommand)({ Bucket: loc.bucket, Key: key, Body: Buffer.from(PROBE_BODY) }),
      );
    });
    if (!written) return;
    const ok =
      (await step('write-probe-get', 'Read back (GET)', async () => {
        const res = await c.send(new (sdk().GetObjectCommand)({ Bucket: loc.bucket, Key: key }));
        const body = await res.Body!.transformToString();
        if (body !== PROBE_BODY) throw new Error('the object read back differs from what was written');
      })) &&
      (await step('write-probe-list', 'Listing', async () => {
        const res = await c.send(
          new (sdk().ListObjectsV2Command)({ Bucket: loc.bucket, Prefix: key, MaxKeys: 1 }),
        );
        if (!res.Contents?.some((x) => x.Key === key)) throw new Error('the probe object is not listed');
      }));
    written = !(await step('write-probe-delete', 'Delete', async () => {
      await c.send(new (sdk().DeleteObjectCommand)({ Bucket: loc.bucket, Key: key }));
    }));
    if (ok) out.push(...(await calibrate(c, loc, prefix, plan.concurrency)));
  } finally {
    if (written) {
      const gone = await c.send(new (sdk().DeleteObjectCommand)({ Bucket: loc.bucket, Key: key })).then(
        () => true,
        () => false,
      );
      if (!gone)
        out.push(
          r(
            ResultLevel.ERROR,
            'write-probe-delete',
            `The probe object s3://${loc.bucket}/${key} could not be removed`,
            'Delete it by hand and grant s3:DeleteObject',
            ErrorType.PERMISSION,
          ),
        );
    }
  }
}

export function skewResult(date: string | undefined, now = Date.now()): R {
  const server = date ? Date.parse(date) : NaN;
  if (!Number.isFinite(server))
    return r(ResultLevel.INFO, 'clock-skew', 'The endpoint sent no Date header; clock skew not checked');
  const skew = now - server; // Date has 1 s resolution
  const s = `${skew >= 0 ? '+' : ''}${(skew / 1000).toFixed(1)} s`;
  if (Math.abs(skew) > SKEW_ERROR_MS)
    return r(
      ResultLevel.ERROR,
      'clock-skew',
      `The agent's clock is ${s} off the server's: S3 rejects signed requests past 15 min (RequestTimeTooSkewed)`,
      'Synchronise the clock (chrony / systemd-timesyncd)',
      ErrorType.SYSTEM,
      JSON.stringify({ skewMs: skew }),
    );
  if (Math.abs(skew) > SKEW_WARN_MS)
    return r(
      ResultLevel.WARNING,
      'clock-skew',
      `The agent's clock is ${s} off the server's`,
      'Synchronise the clock: latency and timestamps across agents will not line up',
      ErrorType.SYSTEM,
      JSON.stringify({ skewMs: skew }),
    );
  return r(
    ResultLevel.SUCCESS,
    'clock-skew',
    `Clock within ${s} of the server's`,
    '',
    0,
    JSON.stringify({ skewMs: skew }),
  );
}

/** An unsigned HEAD of the endpoint: any HTTP answer means reachable; its Date gives the server's clock. */
function probeHttp(url: string): Promise<{ status: number; date?: string }> {
  return new Promise((resolve, reject) => {
    const mod = url.startsWith('https:') ? https : http;
    const req = mod.request(url, { method: 'HEAD', timeout: PREFLIGHT_TIMEOUT_MS, agent: false }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, date: res.headers.date });
    });
    req.on('timeout', () =>
      req.destroy(Object.assign(new Error('no answer in time'), { code: 'ETIMEDOUT' })),
    );
    req.on('error', reject);
    req.end();
  });
}

/** PUT latency with the run's concurrency (capped): estimates use its terms (and createsPerSec) for object targets. */
async function calibrate(c: S3Client, loc: S3Location, prefix: string, concurrency: number): Promise<R[]> {
  const dir = `${prefix}.iobench-calibration-${randomBytes(4).toString('hex')}/`;
  const body = Buffer.alloc(CAL_BYTES, 0x61);
  const keys = Array.from({ length: CAL_OBJECTS }, (_, i) => `${dir}o${i}`);
  const lat: number[] = [];
  let next = 0;
  let res: R;
  try {
    const t0 = performance.now();
    const worker = async () => {
      for (let i = next++; i < keys.length; i = next++) {
        const t = performance.now();
        await c.send(new (sdk().PutObjectCommand)({ Bucket: loc.bucket, Key: keys[i], Body: body }));
        lat.push(performance.now() - t);
      }
    };
    const inFlight = Math.min(concurrency, CAL_OBJECTS);
    await Promise.all(Array.from({ length: inFlight }, worker));
    const s = (performance.now() - t0) / 1000;
    lat.sort((a, b) => a - b);
    // The estimate's time model gets the per-request latency (terms); the rate shown follows it.
    const terms = termsFromRequests(lat, s, inFlight, CAL_BYTES)!;
    const details = {
      createsPerSec: Math.round(1 / Math.max(terms.fileS.v, 1e-9)),
      requestMs: Number(lat[lat.length >> 1].toFixed(2)),
      terms,
    };
    res = r(
      ResultLevel.INFO,
      'calibration',
      `Measured: ${details.createsPerSec} PUT/s of 4 KiB objects (median ${details.requestMs} ms per request; no mkdir on object stores)`,
      'Estimates use this rate for this agent',
      ErrorType.UNKNOWN,
      JSON.stringify(details),
    );
  } catch (e) {
    res = r(
      ResultLevel.WARNING,
      'calibration',
      `Calibration PUTs failed: ${classifyS3Error(e).message}`,
      'Estimates fall back to the default rates',
      ErrorType.SYSTEM,
    );
  }
  // Every calibration key, written or not (deleting a missing key succeeds); S3 asks to retry its 500s.
  let left = { n: keys.length, why: '' };
  for (let attempt = 0; attempt < 3 && left.n; attempt++)
    left = await c
      .send(
        new (sdk().DeleteObjectsCommand)({
          Bucket: loc.bucket,
          Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true },
        }),
      )
      .then(
        (x) => ({ n: x.Errors?.length ?? 0, why: x.Errors?.[0]?.Code ?? '' }),
        (e: unknown) => ({ n: keys.length, why: classifyS3Error(e).message }),
      );
  if (!left.n) return [res];
  return [
    res,
    r(
      ResultLevel.ERROR,
      'calibration',
      `${left.n} calibration object(s) under s3://${loc.bucket}/${dir} could not be removed: ${left.why}`,
      'Delete them by hand and grant s3:DeleteObject',
      ErrorType.PERMISSION,
    ),
  ];
}
