// Random data shaped by sai3's dedup_factor and compress_factor (spec §1.4, §1.6), for the execute stage's
// PUT buffers (the prepare workers carry the same rule in worker-source.ts, which cannot import): 4 KiB
// blocks; block j repeats block j − j mod dedup (1 in N unique); bytes past 4096/compress of each block are 0.
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
