// Source of the I/O worker threads, evaluated with `new Worker(src, { eval: true })` so it works unchanged from
// tsx and from the esbuild bundles (no separate worker file to locate). Each worker runs one batch at a time
// with synchronous syscalls (open/write/close, mkdir, unlink, rmdir) — measured faster than a promise per file,
// because libuv's 4 threads and a promise per syscall cost more than the syscall on small files. One reusable
// data buffer per worker; nothing is allocated per file except the latency slot and the path string.
// Create batches may come as ranges (per directory: prefix + first/end/step of file indices) instead of path
// strings: the worker builds the names itself, so the main thread does no per-file string work and the
// message carries a few strings per directory instead of one per file.
// Random fill (spec §1.6, sai3's dgen data): the buffer is random, each 4 KiB block gets an 8-byte stamp (a
// per-worker nonce + file sequence, and the block's dedup group) before it is written, so no two blocks of the
// data set are identical; dedup_factor N repeats each block's content N times in a row (1 in N blocks unique),
// compress_factor N keeps ~1/N of each block random and zeroes the rest (~N:1 with any block compressor).
export const WORKER_SOURCE = String.raw`
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const crypto = require('node:crypto');
const C = fs.constants;
const BUF_CAP = 4 << 20;
const BLOCK = 4096;
let zeroBuf = null;
const randomBufs = new Map(); // 'dedup:compress' → buffer
// Random content shaped by the factors: block j copies block j − j mod dedup; bytes past BLOCK/compress are 0.
function shape(buf, dedup, compress) {
  crypto.randomFillSync(buf);
  const keep = Math.ceil(BLOCK / compress);
  for (let b = 0; b + BLOCK <= buf.length; b += BLOCK) {
    const j = b / BLOCK, src = (j - (j % dedup)) * BLOCK;
    if (src !== b) buf.copy(buf, b, src, src + BLOCK);
    else if (keep < BLOCK) buf.fill(0, b + keep, b + BLOCK);
  }
  return buf;
}
function buffer(fill, need, dedup, compress) {
  const size = Math.ceil(Math.max(BLOCK, Math.min(BUF_CAP, need)) / BLOCK) * BLOCK;
  if (fill === 'zero') {
    if (!zeroBuf || zeroBuf.length < size) zeroBuf = Buffer.alloc(size);
    return zeroBuf;
  }
  const key = dedup + ':' + compress;
  let b = randomBufs.get(key);
  if (!b || b.length < size) randomBufs.set(key, (b = shape(Buffer.allocUnsafeSlow(size), dedup, compress)));
  return b;
}
const NONCE = crypto.randomBytes(4).readUInt32LE(0);
let fileSeq = 0;
// Stamps the blocks of buf[0, k) for chunk number "chunk" of the current file: [nonce + file seq, chunk·2^20 + group].
function stamp(buf, k, chunk, dedup) {
  const id = (NONCE + fileSeq) >>> 0;
  for (let b = 0, j = 0; b + 8 <= k; b += BLOCK, j++) {
    buf.writeUInt32LE(id, b);
    buf.writeUInt32LE(((chunk * 1048576) + Math.floor(j / dedup)) >>> 0, b + 4);
  }
}
// O_DIRECT (direct://): buffers aligned to 4096 by probing, as agent/storage/direct-io.ts explains (this
// source gets no imports, so the probe is repeated here); one per worker and fill, grown when needed.
const ALIGN = 4096;
const direct = { zero: null, random: null };
function alignedOffset(dir, raw) {
  const probe = dir + '/.iobench-direct-probe-' + process.pid + '-' + require('node:worker_threads').threadId;
  const fd = fs.openSync(probe, C.O_WRONLY | C.O_CREAT | C.O_TRUNC | C.O_DIRECT, 0o644);
  try {
    for (let off = 0; off + ALIGN <= raw.length; off += 16) {
      try { fs.writeSync(fd, raw, off, ALIGN, 0); return off; }
      catch (e) { if (e.code !== 'EINVAL') throw e; }
    }
    throw Object.assign(new Error('O_DIRECT writes of ' + ALIGN + ' bytes fail at every buffer alignment in ' + dir), { code: 'EINVAL' });
  } finally { fs.closeSync(fd); try { fs.unlinkSync(probe); } catch {} }
}
function directBuffer(fill, need, firstPath, dedup, compress) {
  const key = fill === 'zero' ? 'zero' : 'random:' + dedup + ':' + compress;
  const size = Math.ceil(Math.max(ALIGN, Math.min(BUF_CAP, need)) / ALIGN) * ALIGN;
  if (direct[key] && direct[key].length >= size) return direct[key];
  const raw = Buffer.allocUnsafeSlow(size + ALIGN);
  raw.fill(0);
  const off = alignedOffset(firstPath.slice(0, firstPath.lastIndexOf('/')) || '/', raw);
  const buf = raw.subarray(off, off + size);
  if (key !== 'zero') shape(buf, dedup, compress);
  return (direct[key] = buf);
}
// performance.now() (ms, sub-µs resolution) avoids a BigInt per call; 2 calls per file.
const { performance } = require('node:perf_hooks');
const now = () => performance.now() * 1000;
// Names from ranges: prefix + lead + index zero-padded to 8 digits (longer indices grow) + tail — the same rule
// as core/tree fileName ('file_', '.dat') and layout flatName ('prepared-', '.dat'); the caller passes lead/tail.
const ZEROS = '00000000';
function expand(t) {
  const out = [];
  const { prefixes, bounds, nBases, lead, tail } = t.ranges;
  for (let r = 0; r < bounds.length / 3; r++) {
    const end = bounds[3 * r + 1], step = bounds[3 * r + 2];
    for (let i = bounds[3 * r]; i < end; i += step) {
      const s = String(i);
      out.push(prefixes[r * nBases + (i % nBases)] + lead + (s.length >= 8 ? s : ZEROS.slice(s.length) + s) + tail);
    }
  }
  return out;
}
function run(t) {
  if (t.ranges) t.paths = expand(t);
  const flag = t.abort ? new Int32Array(t.abort) : null;
  const n = t.paths.length;
  const lat = new Float64Array(n);
  const r = { id: t.id, done: 0, created: 0, existed: 0, missing: 0, bytes: 0, errors: [], lat, aborted: false };
  const err = (p, e) => { if (r.errors.length < 20) r.errors.push({ path: p, code: e.code || '', message: e.message }); };
  let buf = null;
  const dedup = Math.max(1, Math.floor(t.dedup || 1)), compress = Math.max(1, Math.floor(t.compress || 1));
  if (t.kind === 'create') {
    let need = 0; for (let i = 0; i < n; i++) if (t.sizes[i] > need) need = t.sizes[i];
    buf = t.direct ? (n ? directBuffer(t.fill, need, t.paths[0], dedup, compress) : null) : buffer(t.fill, need, dedup, compress);
  }
  const stamped = t.kind === 'create' && t.fill !== 'zero';
  const flags = t.kind === 'create'
    ? C.O_WRONLY | C.O_CREAT | C.O_NOFOLLOW | (t.exclusive ? C.O_EXCL : C.O_TRUNC) | (t.direct ? C.O_DIRECT : 0)
    : 0;
  for (let i = 0; i < n; i++) {
    if (flag && Atomics.load(flag, 0) !== 0) { r.aborted = true; break; }
    const p = t.paths[i];
    const t0 = now();
    try {
      if (t.kind === 'mkdir') {
        try { fs.mkdirSync(p, 0o755); r.created++; }
        catch (e) {
          if (e.code !== 'EEXIST') throw e;
          const st = fs.lstatSync(p);
          if (st.isSymbolicLink()) throw Object.assign(new Error(p + ' is a symlink; refusing to use it as a tree directory'), { code: 'ESYMLINK' });
          if (!st.isDirectory()) throw Object.assign(new Error(p + ' exists and is not a directory'), { code: 'ENOTDIR' });
          r.existed++;
        }
      } else if (t.kind === 'create') {
        let fd;
        try { fd = fs.openSync(p, flags, 0o644); }
        catch (e) { if (e.code === 'EEXIST') { r.existed++; lat[i] = -2; r.done++; continue; } throw e; }
        try {
          const size = t.sizes[i];
          let left = size, chunk = 0;
          fileSeq++;
          while (left > 0) {
            const k = left > buf.length ? buf.length : left;
            if (stamped) stamp(buf, k, chunk++, dedup);
            // O_DIRECT writes whole blocks: the last one is padded, then the file is cut to its size.
            const w = fs.writeSync(fd, buf, 0, t.direct ? Math.ceil(k / ALIGN) * ALIGN : k);
            const got = w > left ? left : w;
            left -= got; r.bytes += got;
            if (flag && left > 0 && Atomics.load(flag, 0) !== 0) { r.aborted = true; break; }
          }
          if (t.direct && size % ALIGN) fs.ftruncateSync(fd, size);
        } finally { fs.closeSync(fd); }
        r.created++;
        if (r.aborted) { r.done++; break; }
      } else if (t.kind === 'unlink') {
        try { fs.unlinkSync(p); r.created++; } catch (e) { if (e.code !== 'ENOENT') throw e; r.missing++; }
      } else if (t.kind === 'rmdir') {
        try { fs.rmdirSync(p); r.created++; } catch (e) { if (e.code !== 'ENOENT') throw e; r.missing++; }
      }
      lat[i] = now() - t0;
    } catch (e) {
      lat[i] = -1;
      err(p, e);
      if (t.stopOnError) { r.done++; break; }
    }
    r.done++;
  }
  return r;
}
parentPort.on('message', (t) => {
  let r;
  try { r = run(t); } catch (e) { r = { id: t.id, fatal: String(e && e.message || e) }; }
  parentPort.postMessage(r, r.lat ? [r.lat.buffer] : []);
});
`;
