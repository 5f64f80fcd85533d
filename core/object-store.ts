// Object-store targets (s3://): URI grammar, the limits the agent applies, and the request counts estimates
// show. Pure (no I/O): the agent's S3 backend and the estimate share these definitions.
import type { BenchModel } from './model';
import { expectedSize, PRIOR_TERMS, type Estimate, type TimeTerms } from './estimate';

/** Objects above this many bytes are written with multipart upload (AWS CLI's default threshold). */
export const MULTIPART_THRESHOLD = 8 << 20;
/** Part size of a multipart upload (the last part may be smaller; S3 wants ≥ 5 MiB for all but the last). */
export const MULTIPART_PART_SIZE = 8 << 20;
/** Parts of one multipart upload in flight at once. */
export const MULTIPART_PARALLEL = 4;
/** Keys per ListObjectsV2 page (the S3 maximum) and per DeleteObjects request (also the maximum). */
export const LIST_PAGE_KEYS = 1000;
export const DELETE_BATCH_KEYS = 1000;
/** Directories whose listing the skip-existing check keeps at once (prepare walks directories in order). */
export const EXISTING_CACHE_DIRS = 64;
/** Bytes of stamped-body scratch buffers kept for reuse between PUTs (more are made while in flight). */
export const STAMP_SCRATCH_KEEP_BYTES = 64 << 20;
/** Pre-flight: how long one request may take before the endpoint counts as unreachable. */
export const PREFLIGHT_TIMEOUT_MS = 10_000;
/** Clock skew past which S3 rejects signed requests (RequestTimeTooSkewed), and the warning level. */
export const SKEW_ERROR_MS = 15 * 60_000;
export const SKEW_WARN_MS = 30_000;

const OBJECT_SCHEMES = /^(s3|gs|gcs|az):\/\//i;
export const isObjectStoreUri = (uri: string): boolean => OBJECT_SCHEMES.test(uri);

export interface S3Location {
  /** `host:port` when the URI names its endpoint (`s3://host:port/bucket/…`, multi_endpoint style). */
  endpointHost?: string;
  bucket: string;
  /** Key prefix without leading or trailing `/` ('' = the bucket root). */
  prefix: string;
}

export class S3UriError extends Error {}

// A first segment with a port (`host:port`) names an endpoint, as sai3's multi_endpoint entries do (§1.7, §4.4);
// bucket names cannot contain ':'.
const HOST_PORT = /^[a-z0-9.-]+:\d{1,5}$|^\[[0-9a-f:.]+\]:\d{1,5}$/i;
// S3 bucket naming rules (3–63 chars, lower case, digits, dots, hyphens; starts and ends alphanumeric).
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Parse `s3://bucket/prefix/` or `s3://host:port/bucket/prefix/`. */
export function parseS3Uri(uri: string): S3Location {
  const m = /^s3:\/\/(.*)$/i.exec(uri);
  if (!m) throw new S3UriError(`${uri}: not an s3:// URI`);
  if (m[1].includes('\0')) throw new S3UriError(`${uri}: NUL in URI`);
  const segs = m[1].split('/');
  let endpointHost: string | undefined;
  if (HOST_PORT.test(segs[0])) endpointHost = segs.shift();
  const bucket = segs.shift() ?? '';
  if (!BUCKET.test(bucket))
    throw new S3UriError(
      `${uri}: '${bucket}' is not a valid bucket name (3-63 characters: lower-case letters, digits, '.' and '-'); ` +
        'write s3://bucket/prefix/ or s3://host:port/bucket/prefix/',
    );
  const prefix = segs.join('/').replace(/^\/+|\/+$/g, '');
  return { ...(endpointHost ? { endpointHost } : {}), bucket, prefix };
}

/** The canonical spelling (no trailing '/'): `s3://[host:port/]bucket[/prefix]`. */
export function formatS3Uri(l: S3Location, key = l.prefix): string {
  return `s3://${l.endpointHost ? `${l.endpointHost}/` : ''}${l.bucket}${key ? `/${key}` : ''}`;
}

/** Requests a prepare makes on an object store: one PUT per object (parts for multipart ones) + listings. */
export function prepareRequests(objects: number, meanSize: number, dirsListed: number): number {
  const parts = meanSize > MULTIPART_THRESHOLD ? Math.ceil(meanSize / MULTIPART_PART_SIZE) + 2 : 1;
  return objects * parts + dirsListed;
}

/** The base URI an estimate's agent writes to (ensure_objects base_uri, else endpoints, else target). */
function baseOfModel(model: BenchModel): string {
  return (
    model.prepare?.ensure[0]?.baseUri ??
    model.distributed?.agents[0]?.endpoints[0] ??
    model.distributed?.agents[0]?.target ??
    model.endpoints[0] ??
    model.target ??
    ''
  );
}

export const targetsObjectStore = (model: BenchModel): boolean => isObjectStoreUri(baseOfModel(model));

export interface ObjectRequests {
  puts: bigint; // PUT requests (parts of multipart uploads included)
  lists: bigint; // ListObjectsV2 pages of the skip-existing check
  deletes: bigint; // DeleteObjects requests of cleanup (1000 keys each)
}

/**
 * Requests a prepare (and its cleanup) sends to an object store, cluster-wide: no mkdir, one PUT per object
 * (plus parts above the multipart threshold), one listing page per directory holding files (≥ 1 per 1000
 * keys), DeleteObjects in batches of 1000. Undefined for file targets.
 */
export function objectRequests(model: BenchModel, e: Estimate): ObjectRequests | undefined {
  if (!targetsObjectStore(model)) return undefined;
  const size = model.prepare?.ensure[0]?.size;
  const mean = size ? expectedSize(size) : 1 << 20;
  const perObject = BigInt(prepareRequests(1, mean, 0));
  const files = e.total.files;
  const t = e.tree;
  const dirsWithFiles = t ? (t.distribution === 'all' ? e.total.dirs : e.total.leafDirs) : 1n;
  const perDir = t ? BigInt(Math.max(1, Math.ceil(t.filesPerDir / LIST_PAGE_KEYS))) : 0n;
  const lists = t ? dirsWithFiles * perDir : (files + BigInt(LIST_PAGE_KEYS - 1)) / BigInt(LIST_PAGE_KEYS);
  const deletes = (files + BigInt(DELETE_BATCH_KEYS - 1)) / BigInt(DELETE_BATCH_KEYS);
  return { puts: files * perObject, lists, deletes };
}

/**
 * Time-model terms from pre-flight's calibration PUTs on an object store (per-request latencies in ms, at
 * `concurrency` requests in flight). The per-object cost is the median request time over the concurrency
 * (Little's law), not the calibration's wall time over its few objects: that wall is mostly connection
 * set-up, which goes to the fixed cost. No directories and no tree levels on an object store; bandwidth is
 * not measured by 4 KiB objects, so its term stays the prior.
 */
export function termsFromRequests(
  latMs: number[],
  wallS: number,
  concurrency: number,
  meanSize: number,
): TimeTerms | undefined {
  if (!latMs.length || !(concurrency >= 1)) return undefined;
  const s = [...latMs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] / 1000;
  const fileS = q(0.5) / concurrency;
  // spread of one object's share: the interquartile range as a normal sd (IQR / 1.349)
  const sd = Math.max((q(0.75) - q(0.25)) / 1.349 / concurrency, fileS * 0.05);
  const fixed = Math.max(0, wallS - latMs.length * fileS);
  return {
    fixedS: { v: fixed, sd: Math.max(fixed, PRIOR_TERMS.fixedS.sd) },
    levelS: { v: 0, sd: 0 },
    dirS: { v: 0, sd: 0 },
    fileS: { v: fileS, sd },
    byteS: { ...PRIOR_TERMS.byteS },
    at: { concurrency, agents: 1, shared: false, meanSize },
  };
}
