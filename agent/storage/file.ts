// file:// and direct:// backend. Bulk work goes to the worker pool (synchronous syscalls, one buffer per
// worker); single execute-stage ops use fs.promises with a shared read/write buffer.
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import type { Confinement } from '../confine';
import type { CreateOptions, StorageBackend } from './backend';
import type { BatchResult, FileRanges, WorkerPool } from './worker-pool';

const IO_BUF = Buffer.alloc(1 << 20, 0x5a);

export class FileBackend implements StorageBackend {
  readonly scheme: string;
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
    if (this.direct) await probeDirect(base);
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

  async get(p: string): Promise<number> {
    const fh = await fsp.open(p, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
    try {
      let total = 0;
      for (;;) {
        const { bytesRead } = await fh.read(IO_BUF, 0, IO_BUF.length, null);
        if (!bytesRead) return total;
        total += bytesRead;
      }
    } finally {
      await fh.close();
    }
  }
  async put(p: string, size: number): Promise<number> {
    const fh = await fsp.open(
      p,
      fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC | fs.constants.O_NOFOLLOW,
      0o644,
    );
    try {
      let left = size;
      while (left > 0) {
        const { bytesWritten } = await fh.write(IO_BUF, 0, Math.min(left, IO_BUF.length));
        left -= bytesWritten;
      }
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
}

/** direct:// needs O_DIRECT; tmpfs and some others refuse it with EINVAL — say so instead of failing later. */
async function probeDirect(base: string): Promise<void> {
  const p = path.join(base, `.iobench-direct-probe-${process.pid}`);
  try {
    const fd = fs.openSync(p, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_DIRECT, 0o644);
    fs.closeSync(fd);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(
      code === 'EINVAL'
        ? `direct://${base}: this file system does not support O_DIRECT (tmpfs doesn't); use file:// instead`
        : `direct://${base}: ${(e as Error).message}`,
      { cause: e },
    );
  } finally {
    fs.rmSync(p, { force: true });
  }
}
