// Bodies of the s3:// backend's PUTs, shaped as on file:// (data-shape.ts): zero, or random with dedup and
// compress factors, sliced from one part-sized buffer per fill and factor pair. Prepare stamps each object's
// 4 KiB blocks (as file://'s workers do) so no two objects are identical: in a scratch copy of the body (the
// shared buffer is being sent by other requests meanwhile), reused up to STAMP_SCRATCH_KEEP_BYTES.
import { randomBytes } from 'node:crypto';
import { MULTIPART_PART_SIZE, STAMP_SCRATCH_KEEP_BYTES } from '../../core/object-store';
import type { CreateOptions } from './backend';
import { shapeRandom, stampBlocks } from './data-shape';

const NONCE = randomBytes(4).readUInt32LE(0);

/** What one object's body is made of: fill and factors; `stamped`: per-object block stamps (prepare). */
export interface Content {
  fill: CreateOptions['fill'];
  dedup: number;
  compress: number;
  stamped: boolean;
}

export class S3Bodies {
  // 'zero' or 'dedup:compress' → a part-sized shaped buffer, made on first use
  private readonly bodies = new Map<string, Buffer>();
  private readonly scratch: Buffer[] = [];
  private kept = 0;
  private seq = 0;

  /** `keep`: how many scratch buffers to keep for reuse (the backend's request slots). */
  constructor(private readonly keep: number) {}

  /** A new object's stamp id (unique within this agent run, random across agents). */
  nextId(): number {
    return (NONCE + this.seq++) >>> 0;
  }

  body(size: number, c: Content): Buffer {
    const zero = c.fill === 'zero';
    const key = zero ? 'zero' : `${c.dedup}:${c.compress}`;
    let b = this.bodies.get(key);
    if (!b) {
      b = Buffer.alloc(MULTIPART_PART_SIZE);
      if (!zero) shapeRandom(b, c.dedup, c.compress);
      this.bodies.set(key, b);
    }
    return b.subarray(0, size);
  }

  /** Send `body(len)` through `send`, stamped as piece `chunk` of object `id` when the content asks for it. */
  async send<T>(
    len: number,
    c: Content,
    id: number,
    chunk: number,
    send: (b: Buffer) => Promise<T>,
  ): Promise<T> {
    const src = this.body(len, c);
    if (!c.stamped || c.fill === 'zero') return send(src);
    let s = this.scratch.pop();
    if (s) this.kept -= s.length;
    if (!s || s.length < len) s = Buffer.allocUnsafeSlow(len);
    src.copy(s, 0, 0, len);
    stampBlocks(s, len, id, chunk, c.dedup);
    const out = await send(s.subarray(0, len));
    // (a failed request may still hold its buffer: only a finished one goes back)
    if (this.scratch.length < this.keep && this.kept + s.length <= STAMP_SCRATCH_KEEP_BYTES) {
      this.scratch.push(s);
      this.kept += s.length;
    }
    return out;
  }
}
