// Source of the I/O worker threads, evaluated with `new Worker(src, { eval: true })` so it works unchanged from
// tsx and from the esbuild bundles (no separate worker file to locate). Each worker runs one batch at a time
// with synchronous syscalls (open/write/close, mkdir, unlink, rmdir) — measured faster than a promise per file,
// because libuv's 4 threads and a promise per syscall cost more than the syscall on small files. One reusable
// data buffer per worker; nothing is allocated per file except the latency slot and the path string.
// Create batches may come as ranges (per directory: prefix + first/end/step of file indices) instead of path
// strings: the worker builds the names itself, so the main thread does no per-file string work and the
// message carries a few strings per directory instead of one per file.
export const WORKER_SOURCE = String.raw`
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const crypto = require('node:crypto');
const C = fs.constants;
const BUF_CAP = 4 << 20;
let randomBuf = null, zeroBuf = null;
function buffer(fill, need) {
  const size = Math.max(4096, Math.min(BUF_CAP, need));
  if (fill === 'zero') {
    if (!zeroBuf || zeroBuf.length < size) zeroBuf = Buffer.alloc(size);
    return zeroBuf;
  }
  if (!randomBuf || randomBuf.length < size) { randomBuf = Buffer.allocUnsafeSlow(size); crypto.randomFillSync(randomBuf); }
  return randomBuf;
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
function directBuffer(fill, need, firstPath) {
  const key = fill === 'zero' ? 'zero' : 'random';
  const size = Math.ceil(Math.max(ALIGN, Math.min(BUF_CAP, need)) / ALIGN) * ALIGN;
  if (direct[key] && direct[key].length >= size) return direct[key];
  const raw = Buffer.allocUnsafeSlow(size + ALIGN);
  if (key === 'zero') raw.fill(0); else crypto.randomFillSync(raw);
  const off = alignedOffset(firstPath.slice(0, firstPath.lastIndexOf('/')) || '/', raw);
  return (direct[key] = raw.subarray(off, off + size));
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
// Confinement of every operation (agent/confine.ts explains the rule): the folder an operation acts in must
// resolve inside one of the roots. Paths arrive built from realpath'd bases and generated names, so a folder
// whose realpath differs has a symlink in it; it is allowed only while it stays inside a root. Checked once
// per folder per batch (files of one folder are consecutive), so the cost is one realpath per folder.
function confiner(roots) {
  if (!roots) return () => {};
  const ok = new Set();
  const inside = (p) => roots.some((r) => p === r || p.startsWith(r.endsWith('/') ? r : r + '/'));
  return (p) => {
    const d = p.slice(0, p.lastIndexOf('/')) || '/';
    if (ok.has(d)) return;
    let real;
    try { real = fs.realpathSync.native(d); }
    catch (e) { if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return; throw e; } // the operation says so
    if (real !== d && !inside(real))
      throw Object.assign(new Error('its folder resolves to ' + real + " through a symlink, outside the agent's roots (" + roots.join(', ') + '); refused'), { code: 'ECONFINE' });
    if (ok.size > 4096) ok.clear();
    ok.add(d);
  };
}
// Errors after which no further file of the stage can succeed: every worker stops at the first one.
const FULL = new Set(['ENOSPC', 'EDQUOT']);
function run(t) {
  if (t.ranges) t.paths = expand(t);
  const flag = t.abort ? new Int32Array(t.abort) : null;
  const stop = t.stop ? new Int32Array(t.stop) : null;
  const confine = confiner(t.roots);
  const n = t.paths.length;
  const lat = new Float64Array(n);
  const r = { id: t.id, done: 0, created: 0, existed: 0, repaired: 0, missing: 0, bytes: 0, errors: [], lat, aborted: false, stopped: false };
  const err = (p, e) => { if (r.errors.length < 20) r.errors.push({ path: p, code: e.code || '', message: e.message }); };
  let buf = null;
  if (t.kind === 'create') {
    let need = 0; for (let i = 0; i < n; i++) if (t.sizes[i] > need) need = t.sizes[i];
    buf = t.direct ? (n ? directBuffer(t.fill, need, t.paths[0]) : null) : buffer(t.fill, need);
  }
  const flags = t.kind === 'create'
    ? C.O_WRONLY | C.O_CREAT | C.O_NOFOLLOW | (t.exclusive ? C.O_EXCL : C.O_TRUNC) | (t.direct ? C.O_DIRECT : 0)
    : 0;
  for (let i = 0; i < n; i++) {
    if (flag && Atomics.load(flag, 0) !== 0) { r.aborted = true; break; }
    if (stop && Atomics.load(stop, 0) !== 0) { r.stopped = true; break; }
    const p = t.paths[i];
    const t0 = now();
    try {
      confine(p);
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
        catch (e) {
          if (e.code !== 'EEXIST') throw e;
          // Skip-existing: a file counts as prepared only at the size this index must have; an empty or
          // truncated one (disk full, kill -9 mid-prepare) is written again.
          const st = fs.lstatSync(p);
          if (!st.isFile()) throw Object.assign(new Error(p + ' exists and is not a regular file'), { code: 'ENOTFILE' });
          if (st.size === t.sizes[i]) { r.existed++; lat[i] = -2; r.done++; continue; }
          fd = fs.openSync(p, (flags & ~C.O_EXCL) | C.O_TRUNC, 0o644);
          r.repaired++;
        }
        let complete = false;
        try {
          const size = t.sizes[i];
          let left = size;
          while (left > 0) {
            const k = left > buf.length ? buf.length : left;
            // O_DIRECT writes whole blocks: the last one is padded, then the file is cut to its size.
            const w = fs.writeSync(fd, buf, 0, t.direct ? Math.ceil(k / ALIGN) * ALIGN : k);
            const got = w > left ? left : w;
            left -= got; r.bytes += got;
            if (flag && left > 0 && Atomics.load(flag, 0) !== 0) { r.aborted = true; break; }
          }
          if (t.direct && size % ALIGN) fs.ftruncateSync(fd, size);
          complete = !r.aborted;
        } finally {
          fs.closeSync(fd);
          // No partial file is left to look prepared (an aborted one is cut short too).
          if (!complete) try { fs.unlinkSync(p); } catch {}
        }
        if (complete) r.created++;
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
      if (stop && FULL.has(e.code)) Atomics.store(stop, 0, 1);
      if (t.stopOnError || (stop && FULL.has(e.code))) { r.done++; break; }
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
