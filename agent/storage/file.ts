// file:// and direct:// backend. Bulk work goes to the worker pool (synchronous syscalls, one buffer per
// worker); single execute-stage ops use fs.promises with a shared read/write buffer.
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import { randomFillSync } from 'node:crypto';
import { shapeRandom } from './data-shape';
import type { Confinement } from '../confine';
import type { CreateOptions, PutShape, StorageBackend } from './backend';
import { alignUp, directBuffer } from './direct-io';
import type { BatchResult, FileRanges, WorkerPool } from './worker-pool';

// Execute-stage buffers: gets read into one, puts write from the other (random bytes: sai3 writes
// incompressible data, and a get must never change what a put writes).
const IO_BUF = Buffer.alloc(1 << 20);
const PUT_BUF = randomFillSync(Buffer.allocUnsafeSlow(1 << 20));
// PUT buffers shaped by dedup_factor / compress_factor ('d:c' → buffer), made on first use
const SHAPED = new Map<string, Buffer>();

export class FileBackend implements StorageBackend {
  readonly scheme: string;
  readonly directories = true;
  /** direct://: an aligned 1 MiB buffer for execute-stage get/put (set by ensureBase's O_DIRECT probe). */
  private dbuf?: Buffer;
  private dput?: Buffer;
  private directBase?: string;
  constructor(
    private readonly confine: Confinement,
    private readonly pool: WorkerPool,
    readonly parallelism: number,
    private readonly direct = false,
  ) {
    this.scheme = direct ? 'direct' : 'file';
  }

  join(base: string, rel: string): string {
    return rel ? `${base}/${rel}` : base;
  }

  resolveBase(uri: string): string {
    return this.confine.resolve(uri).replace(/\/+$/, '') || '/';
  }

  async ensureBase(base: string): Promise<void> {
    await fsp.mkdir(base, { recursive: true });
    // Re-check after creation: a symlink raced into the missing part must not lead outside a root.
    const real = await fsp.realpath(base);
    if (real !== base) this.confine.resolve(real);
    if (this.direct) {
      this.dbuf ??= directBuffer(base, IO_BUF.length);
      this.dput ??= randomFillSync(directBuffer(base, PUT_BUF.length));
      this.directBase ??= base;
    }
  }

  private bulk(kind: 'mkdir' | 'unlink' | 'rmdir', paths: string[], abort: SharedArrayBuffer) {
    return this.pool.run({ kind, paths, abort });
  }
  mkdirs(paths: string[], abort: SharedArrayBuffer): Promise<BatchResult> {
    return this.bulk('mkdir', paths, abort);
  }
  createObjects(
    files: string[] | FileRanges,
    sizes: Float64Array,
    o: CreateOptions,
    abort: SharedArrayBuffer,
  ) {
    return this.pool.run({
      kind: 'create',
      ...(Array.isArray(files) ? { paths: files } : { paths: [], ranges: files }),
      sizes,
      fill: o.fill,
      dedup: o.dedup,
      compress: o.compress,
      exclusive: o.exclusive,
      direct: this.direct,
      abort,
    });
  }
  deleteObjects(paths: string[], abort: SharedArrayBuffer): Promise<BatchResult> {
    return this.bulk('unlink', paths, abort);
  }
  removeDirs(paths: string[], abort: SharedArrayBuffer): Promise<BatchResult> {
    return this.bulk('rmdir', paths, abort);
  }

  private get directFlag(): number {
    return this.direct ? fs.constants.O_DIRECT : 0;
  }

  async get(p: string): Promise<number> {
    const fh = await fsp.open(p, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | this.directFlag);
    const buf = this.dbuf ?? IO_BUF;
    try {
      let total = 0;
      for (;;) {
        const { bytesRead } = await fh.read(buf, 0, buf.length, null);
        total += bytesRead;
        // A short read is the end of the file (and O_DIRECT refuses a read at the unaligned offset after it).
        if (bytesRead < buf.length) return total;
      }
    } finally {
      await fh.close();
    }
  }
  /** The source buffer of a PUT: random, or shaped by the op's dedup/compress factors. */
  private putBuffer(shape?: PutShape): Buffer {
    const d = shape?.dedup ?? 1;
    const c = shape?.compress ?? 1;
    if (d <= 1 && c <= 1) return this.dput ?? PUT_BUF;
    const key = `${this.dbuf ? 'direct:' : ''}${d}:${c}`;
    let b = SHAPED.get(key);
    if (!b) {
      // direct://: aligned like the other O_DIRECT buffers (ensureBase probed the alignment there)
      const raw = this.directBase
        ? directBuffer(this.directBase, PUT_BUF.length)
        : Buffer.allocUnsafeSlow(PUT_BUF.length);
      b = shapeRandom(raw, d, c);
      SHAPED.set(key, b);
    }
    return b;
  }

  async put(p: string, size: number, shape?: PutShape): Promise<number> {
    const fh = await fsp.open(
      p,
      fs.constants.O_WRONLY |
        fs.constants.O_CREAT |
        fs.constants.O_TRUNC |
        fs.constants.O_NOFOLLOW |
        this.directFlag,
      0o644,
    );
    const buf = this.putBuffer(shape);
    try {
      let left = size;
      while (left > 0) {
        const k = Math.min(left, buf.length);
        // O_DIRECT: whole blocks only; the padded last block is cut back below.
        const { bytesWritten } = await fh.write(buf, 0, this.dbuf ? alignUp(k) : k);
        left -= Math.min(bytesWritten, left);
      }
      if (this.dbuf && size % 4096) await fh.truncate(size);
      return size;
    } finally {
      await fh.close();
    }
  }
  async stat(p: string): Promise<number> {
    return (await fsp.lstat(p)).size;
  }
  async list(dir: string): Promise<number> {
    return (await fsp.readdir(dir)).length;
  }
  async remove(p: string): Promise<void> {
    await fsp.unlink(p);
  }
  async mkdir(p: string): Promise<void> {
    await fsp.mkdir(p);
  }
  async rmdir(p: string, recursive: boolean): Promise<void> {
    if (recursive) await fsp.rm(p, { recursive: true });
    else await fsp.rmdir(p);
  }

  async walk(dir: string, recursive: boolean, onObject: (path: string) => boolean): Promise<void> {
    // Breadth-first with an explicit queue: no recursion depth limit, one open directory at a time.
    const queue = [dir];
    while (queue.length) {
      const d = queue.shift()!;
      let handle: fs.Dir;
      try {
        handle = await fsp.opendir(d);
      } catch (e) {
        if (d === dir) throw e; // the walk's own start must exist; vanished subfolders are skipped
        continue;
      }
      for await (const e of handle) {
        const p = `${d}/${e.name}`;
        // (leaving the for-await loop closes the directory handle)
        if (e.isFile()) {
          if (!onObject(p)) return;
        } else if (recursive && e.isDirectory()) queue.push(p);
      }
    }
  }
}
