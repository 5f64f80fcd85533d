// O_DIRECT for direct:// targets. The kernel wants the buffer address, the length and the file offset aligned
// to the device's logical block; 4096 covers both 512- and 4096-byte sectors. JavaScript cannot see a buffer's
// address, so we find an aligned offset inside a slightly larger buffer by trying O_DIRECT writes to a probe
// file (a failed try is a cheap EINVAL). Files whose size is not a multiple of 4096 get their last block
// padded and are then truncated to the exact size, so the data path stays O_DIRECT end to end.
// The I/O worker threads carry their own copy of this logic (worker-source.ts: they get no imports).
import * as fs from 'node:fs';
import * as path from 'node:path';

export const DIRECT_ALIGN = 4096;

export class DirectIoError extends Error {
  constructor(
    message: string,
    readonly suggestion: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** Round up to the alignment. */
export const alignUp = (n: number) => Math.ceil(n / DIRECT_ALIGN) * DIRECT_ALIGN;

/**
 * Check that `dir` accepts O_DIRECT writes and return a buffer of `size` bytes (rounded up to the alignment)
 * whose start is aligned for them, filled with `fill`. Throws DirectIoError with a suggestion otherwise.
 */
export function directBuffer(dir: string, size: number, fill = 0x5a): Buffer {
  const len = alignUp(Math.max(size, DIRECT_ALIGN));
  const raw = Buffer.allocUnsafeSlow(len + DIRECT_ALIGN);
  raw.fill(fill);
  const off = alignedOffset(dir, raw);
  return raw.subarray(off, off + len);
}

/** Offset into `raw` at which O_DIRECT writes of DIRECT_ALIGN bytes succeed in `dir`. */
export function alignedOffset(dir: string, raw: Buffer): number {
  const probe = path.join(dir, `.iobench-direct-probe-${process.pid}`);
  let fd: number;
  try {
    fd = fs.openSync(
      probe,
      fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC | fs.constants.O_DIRECT,
      0o644,
    );
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (code === 'EINVAL')
      throw new DirectIoError(
        `direct://${dir}: this file system does not support O_DIRECT (ramfs, some FUSE file systems and tmpfs before Linux 6.6 don't)`,
        'Use file:// for this target, or point direct:// at a disk file system such as ext4 or xfs',
        code,
      );
    throw new DirectIoError(
      `direct://${dir}: cannot create an O_DIRECT probe file: ${(e as Error).message}`,
      'Check that the folder exists and is writable by the agent',
      code,
    );
  }
  try {
    for (let off = 0; off + DIRECT_ALIGN <= raw.length; off += 16) {
      try {
        fs.writeSync(fd, raw, off, DIRECT_ALIGN, 0);
        return off;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EINVAL') throw e;
      }
    }
    throw new DirectIoError(
      `direct://${dir}: O_DIRECT writes of ${DIRECT_ALIGN} bytes fail at every buffer alignment`,
      'The device may need a larger block size; use file:// for this target',
      'EINVAL',
    );
  } catch (e) {
    if (e instanceof DirectIoError) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? '';
    throw new DirectIoError(
      `direct://${dir}: O_DIRECT write failed: ${(e as Error).message}`,
      code === 'ENOSPC' ? 'Free space on the file system' : 'Check the file system and its permissions',
      code,
    );
  } finally {
    fs.closeSync(fd);
    fs.rmSync(probe, { force: true });
  }
}
