// Random data shaped by sai3's dedup_factor and compress_factor (spec §1.4, §1.6), for the execute stage's
// PUT buffers and the s3:// backend (file://'s prepare workers carry the same rule in worker-source.ts, which
// cannot import): 4 KiB blocks; block j repeats block j − j mod dedup (1 in N unique); bytes past
// 4096/compress of each block are 0.
import { randomFillSync } from 'node:crypto';

export const SHAPE_BLOCK = 4096;

export function shapeRandom(buf: Buffer, dedup: number, compress: number): Buffer {
  randomFillSync(buf);
  const d = Math.max(1, Math.floor(dedup));
  const keep = Math.ceil(SHAPE_BLOCK / Math.max(1, Math.floor(compress)));
  for (let b = 0; b + SHAPE_BLOCK <= buf.length; b += SHAPE_BLOCK) {
    const j = b / SHAPE_BLOCK;
    const src = (j - (j % d)) * SHAPE_BLOCK;
    if (src !== b) buf.copy(buf, b, src, src + SHAPE_BLOCK);
    else if (keep < SHAPE_BLOCK) buf.fill(0, b + keep, b + SHAPE_BLOCK);
  }
  return buf;
}

/**
 * Stamps the 4 KiB blocks of buf[0, len) as the prepare workers do (worker-source.ts `stamp`): 8 bytes per
 * block, [object id, chunk·2^20 + dedup group], so no two blocks of a data set are identical while the
 * blocks of one dedup group stay equal. `chunk` numbers the buffer-sized pieces of one object.
 */
export function stampBlocks(buf: Buffer, len: number, id: number, chunk: number, dedup: number): void {
  const d = Math.max(1, Math.floor(dedup));
  for (let b = 0, j = 0; b + 8 <= len; b += SHAPE_BLOCK, j++) {
    buf.writeUInt32LE(id >>> 0, b);
    buf.writeUInt32LE((chunk * 1048576 + Math.floor(j / d)) >>> 0, b + 4);
  }
}
