// s3:// backend: paths are canonical URIs (`s3://[host:port/]bucket/key`), so one string names an object on
// any endpoint of a multi_endpoint run. Object stores have no directories: tree mode writes keys with the
// directory path as their prefix and mkdir/rmdir cost no request (sai3 skips them for object stores, §2.6).
// Every request of the backend goes through one limiter of `concurrency` slots; bodies are slices of one
// pre-filled Buffer, shaped as on file:// (s3-body.ts); objects above MULTIPART_THRESHOLD go up in parts, in
// parallel.
import type { S3Client } from '@aws-sdk/client-s3';
import { sdk } from './s3-sdk';
import {
  DELETE_BATCH_KEYS,
  EXISTING_CACHE_DIRS,
  LIST_PAGE_KEYS,
  MULTIPART_PARALLEL,
  MULTIPART_PART_SIZE,
  MULTIPART_THRESHOLD,
  formatS3Uri,
  parseS3Uri,
  type S3Location,
} from '../../core/object-store';
import type { BatchResult, CreateOptions, FileRanges, PutShape, StorageBackend } from './backend';
import { S3Bodies, type Content } from './s3-body';
import { Limiter } from './limiter';
import { endpointOf, makeS3Client, regionOf, type S3Env } from './s3-client';
import { S3Fast, type Credentials } from './s3-fast';
import { s3ErrorText } from './s3-errors';

interface Obj {
  client: S3Client;
  fast: S3Fast;
  loc: S3Location;
  Bucket: string;
  Key: string;
}

const ZEROS = '00000000';
const usNow = () => performance.now() * 1000;

/** The names a FileRanges stands for (the rule of worker-source.ts `expand`). */
export function expandRanges(t: FileRanges): string[] {
  const out: string[] = [];
  for (let r = 0; r < t.bounds.length / 3; r++) {
    const end = t.bounds[3 * r + 1];
    const step = t.bounds[3 * r + 2];
    for (let i = t.bounds[3 * r]; i < end; i += step) {
      const s = String(i);
      out.push(
        t.prefixes[r * t.nBases + (i % t.nBases)] +
          t.lead +
          (s.length >= 8 ? s : ZEROS.slice(s.length) + s) +
          t.tail,
      );
    }
  }
  return out;
}

const emptyResult = (n: number): BatchResult => ({
  done: 0,
  created: 0,
  existed: 0,
  repaired: 0,
  stopped: false,
  missing: 0,
  bytes: 0,
  errors: [],
  lat: new Float64Array(n),
  aborted: false,
});

export class S3Backend implements StorageBackend {
  readonly scheme = 's3';
  readonly directories = false;
  readonly parallelism: number;
  private readonly clients = new Map<string, { client: S3Client; fast: S3Fast }>();
  private readonly limit: Limiter;
  private readonly existing = new Map<string, Promise<Set<string>>>();
  private readonly bodies: S3Bodies;

  constructor(
    private readonly env: S3Env,
    readonly concurrency: number,
  ) {
    this.limit = new Limiter(concurrency);
    this.bodies = new S3Bodies(concurrency);
    // Batches only feed the limiter. Prepare caps a batch at 32 MiB (4 objects of 8 MiB) and keeps 2 ×
    // parallelism batches in flight: C/4 keeps ≥ 2·C objects queued so large objects still use every slot.
    this.parallelism = Math.max(1, Math.ceil(concurrency / 4));
  }

  private endpoint(endpointHost?: string): { client: S3Client; fast: S3Fast } {
    const k = endpointHost ?? '';
    let c = this.clients.get(k);
    if (!c) {
      const client = makeS3Client(this.env, { endpointHost, sockets: this.concurrency });
      // The SDK's provider chain resolves (and caches) the credentials; the fast path signs with them.
      const creds = client.config.credentials as () => Promise<Credentials>;
      const fast = new S3Fast(
        endpointOf(this.env, endpointHost),
        regionOf(this.env),
        this.concurrency,
        creds,
      );
      c = { client, fast };
      this.clients.set(k, c);
    }
    return c;
  }

  private obj(path: string): Obj {
    const loc = parseS3Uri(path);
    return { ...this.endpoint(loc.endpointHost), loc, Bucket: loc.bucket, Key: loc.prefix };
  }

  join(base: string, rel: string): string {
    return rel ? `${base}/${rel}` : base;
  }

  resolveBase(uri: string): string {
    return formatS3Uri(parseS3Uri(uri));
  }

  async ensureBase(base: string): Promise<void> {
    const o = this.obj(base);
    try {
      // A LIST, not HeadBucket: its error body names the cause (HEAD answers carry no S3 error code).
      await o.client.send(new (sdk().ListObjectsV2Command)({ Bucket: o.Bucket, MaxKeys: 1 }));
    } catch (e) {
      throw new Error(`${base}: ${s3ErrorText(e, o.Bucket)}`, { cause: e });
    }
  }

  /** Run fn over n items with up to `concurrency` in flight (via the limiter), stopping on abort. */
  private async each(
    n: number,
    abort: SharedArrayBuffer,
    path: (i: number) => string,
    fn: (i: number, r: BatchResult) => Promise<void>,
  ): Promise<BatchResult> {
    const r = emptyResult(n);
    const flag = new Int32Array(abort);
    let next = 0;
    // A loop takes one limiter slot and keeps it while its batch has items: one wait per loop, not per item
    // (measured: a slot per item doubled the CPU per object with several batches in flight).
    const loop = () =>
      this.limit.run(async () => {
        for (;;) {
          if (Atomics.load(flag, 0)) {
            r.aborted = true;
            return;
          }
          const i = next++;
          if (i >= n) return;
          try {
            await fn(i, r);
          } catch (e) {
            r.lat[i] = -1;
            r.errors.push({ path: path(i), code: (e as Error).name ?? 'Error', message: s3ErrorText(e) });
          }
          r.done++;
        }
      });
    await Promise.all(Array.from({ length: Math.min(n, this.concurrency) }, loop));
    return r;
  }

  // No directories on an object store: the tree's directories are key prefixes, made by the objects' PUTs.
  private async noRequests(paths: string[]): Promise<BatchResult> {
    const r = emptyResult(paths.length);
    r.done = paths.length;
    return r;
  }
  mkdirs(paths: string[]): Promise<BatchResult> {
    return this.noRequests(paths);
  }
  removeDirs(paths: string[]): Promise<BatchResult> {
    return this.noRequests(paths);
  }

  /** Names of the objects directly under `dir` (one paginated listing, cached for the next files there). */
  private listed(dir: string): Promise<Set<string>> {
    let p = this.existing.get(dir);
    if (!p) {
      p = (async () => {
        const names = new Set<string>();
        await this.walk(dir, false, (full) => {
          names.add(full.slice(dir.length + 1));
          return true;
        });
        return names;
      })();
      this.existing.set(dir, p);
      p.catch(() => this.existing.delete(dir));
      if (this.existing.size > EXISTING_CACHE_DIRS) this.existing.delete(this.existing.keys().next().value!);
    }
    return p;
  }

  async createObjects(
    files: string[] | FileRanges,
    sizes: Float64Array,
    opts: CreateOptions,
    abort: SharedArrayBuffer,
  ): Promise<BatchResult> {
    const paths = Array.isArray(files) ? files : expandRanges(files);
    return this.each(
      paths.length,
      abort,
      (i) => paths[i],
      async (i, r) => {
        const p = paths[i];
        // Skip-existing (ensure_objects without force_overwrite): by listing the directory, not a HEAD per object.
        if (opts.exclusive) {
          const slash = p.lastIndexOf('/');
          if ((await this.listed(p.slice(0, slash))).has(p.slice(slash + 1))) {
            r.existed++;
            r.lat[i] = -2;
            return;
          }
        }
        const t0 = usNow();
        await this.putFill(p, sizes[i], {
          fill: opts.fill,
          dedup: Math.max(1, Math.floor(opts.dedup ?? 1)),
          compress: Math.max(1, Math.floor(opts.compress ?? 1)),
          stamped: true,
        });
        r.lat[i] = Math.max(usNow() - t0, 1);
        if (opts.exclusive) {
          const slash = p.lastIndexOf('/');
          (await this.listed(p.slice(0, slash))).add(p.slice(slash + 1)); // a later batch sees it
        }
        r.created++;
        r.bytes += sizes[i];
      },
    );
  }

  async deleteObjects(paths: string[], abort: SharedArrayBuffer): Promise<BatchResult> {
    // One DeleteObjects request per bucket and up to 1000 keys.
    const groups = new Map<string, number[]>();
    for (let i = 0; i < paths.length; i++) {
      const l = parseS3Uri(paths[i]);
      const g = `${l.endpointHost ?? ''} ${l.bucket}`;
      (groups.get(g) ?? groups.set(g, []).get(g)!).push(i);
    }
    const chunks: number[][] = [];
    for (const idx of groups.values())
      for (let k = 0; k < idx.length; k += DELETE_BATCH_KEYS)
        chunks.push(idx.slice(k, k + DELETE_BATCH_KEYS));
    const r = emptyResult(paths.length);
    const sub = await this.each(
      chunks.length,
      abort,
      (c) => paths[chunks[c][0]],
      async (c) => {
        const idx = chunks[c];
        const first = this.obj(paths[idx[0]]);
        const keys = idx.map((i) => parseS3Uri(paths[i]).prefix);
        const t0 = usNow();
        const out = await first.client.send(
          new (sdk().DeleteObjectsCommand)({
            Bucket: first.Bucket,
            Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true },
          }),
        );
        const lat = Math.max(usNow() - t0, 1);
        const failed = new Map((out.Errors ?? []).map((e) => [e.Key, e]));
        idx.forEach((i, j) => {
          const e = failed.get(keys[j]);
          r.done++;
          if (!e) {
            r.created++;
            r.lat[i] = lat;
          } else {
            r.lat[i] = -1;
            r.errors.push({ path: paths[i], code: e.Code ?? 'Error', message: `${e.Code}: ${e.Message}` });
          }
        });
      },
    );
    // A request that failed as a whole fails each of its keys.
    for (const e of sub.errors) {
      const c = chunks.findIndex((idx) => paths[idx[0]] === e.path);
      for (const i of chunks[c] ?? []) {
        r.done++;
        r.lat[i] = -1;
        r.errors.push({ ...e, path: paths[i] });
      }
    }
    r.aborted = sub.aborted;
    return r;
  }

  private async putFill(path: string, size: number, c: Content): Promise<void> {
    const o = this.obj(path);
    const id = this.bodies.nextId();
    if (size <= MULTIPART_THRESHOLD)
      return this.bodies.send(size, c, id, 0, (b) => o.fast.put(o.Bucket, o.Key, b));
    const { UploadId } = await o.client.send(
      new (sdk().CreateMultipartUploadCommand)({ Bucket: o.Bucket, Key: o.Key }),
    );
    const nParts = Math.ceil(size / MULTIPART_PART_SIZE);
    const parts: { ETag?: string; PartNumber: number }[] = new Array(nParts);
    let next = 0;
    const upload = async () => {
      for (let i = next++; i < nParts; i = next++) {
        const len = Math.min(MULTIPART_PART_SIZE, size - i * MULTIPART_PART_SIZE);
        const ETag = await this.bodies.send(len, c, id, i, (b) =>
          o.fast.uploadPart(o.Bucket, o.Key, UploadId!, i + 1, b),
        );
        parts[i] = { ETag, PartNumber: i + 1 };
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(MULTIPART_PARALLEL, nParts) }, upload));
      await o.client.send(
        new (sdk().CompleteMultipartUploadCommand)({
          Bucket: o.Bucket,
          Key: o.Key,
          UploadId,
          MultipartUpload: { Parts: parts },
        }),
      );
    } catch (e) {
      // Leave no half-written upload behind (it would hold storage until a lifecycle rule removes it).
      await o.client
        .send(new (sdk().AbortMultipartUploadCommand)({ Bucket: o.Bucket, Key: o.Key, UploadId }))
        .catch(() => undefined);
      throw e;
    }
  }

  // Single operations of the execute stage.
  async get(path: string): Promise<number> {
    const o = this.obj(path);
    return o.fast.get(o.Bucket, o.Key);
  }
  /** Execute-stage PUT: random data shaped by the op's factors, unstamped (as file.ts's PUT buffer). */
  async put(path: string, size: number, shape?: PutShape): Promise<number> {
    const dedup = Math.max(1, Math.floor(shape?.dedup ?? 1));
    const compress = Math.max(1, Math.floor(shape?.compress ?? 1));
    await this.putFill(path, size, { fill: 'random', dedup, compress, stamped: false });
    return size;
  }
  async stat(path: string): Promise<number> {
    const o = this.obj(path);
    return o.fast.head(o.Bucket, o.Key);
  }
  /** One LIST request (a page of up to 1000 keys) of the directory's direct children. */
  async list(dir: string): Promise<number> {
    const o = this.obj(dir);
    const res = await o.client.send(
      new (sdk().ListObjectsV2Command)({
        Bucket: o.Bucket,
        ...(o.Key ? { Prefix: `${o.Key}/` } : {}),
        Delimiter: '/',
        MaxKeys: LIST_PAGE_KEYS,
      }),
    );
    return res.KeyCount ?? 0;
  }
  async remove(path: string): Promise<void> {
    const o = this.obj(path);
    await o.fast.delete(o.Bucket, o.Key);
  }
  async mkdir(): Promise<void> {
    // no directories on an object store
  }
  async rmdir(path: string, recursive: boolean): Promise<void> {
    if (!recursive) return;
    const all: string[] = [];
    await this.walk(path, true, (p) => all.push(p) > 0);
    const r = await this.deleteObjects(all, new SharedArrayBuffer(4));
    if (r.errors.length) throw new Error(`${r.errors[0].path}: ${r.errors[0].message}`);
  }

  async walk(dir: string, recursive: boolean, onObject: (path: string) => boolean): Promise<void> {
    const o = this.obj(dir);
    let token: string | undefined;
    do {
      const res = await o.client.send(
        new (sdk().ListObjectsV2Command)({
          Bucket: o.Bucket,
          ...(o.Key ? { Prefix: `${o.Key}/` } : {}),
          ...(recursive ? {} : { Delimiter: '/' }),
          ...(token ? { ContinuationToken: token } : {}),
          MaxKeys: LIST_PAGE_KEYS,
        }),
      );
      for (const c of res.Contents ?? []) if (c.Key && !onObject(formatS3Uri(o.loc, c.Key))) return;
      token = res.IsTruncated ? res.NextContinuationToken : undefined;
    } while (token);
  }

  close(): void {
    for (const c of this.clients.values()) {
      c.client.destroy();
      c.fast.close();
    }
    this.clients.clear();
  }
}
