// Shared CLI helpers: load a config or report its errors in `file:line:col: error: message` form, stream many
// lines to stdout with backpressure (and stop quietly on EPIPE, e.g. `| head`), and plain-text tables.
import { readFileSync } from 'node:fs';
import { loadConfig, type LoadedConfig } from '../core/config';
import type { BenchModel } from '../core/model';
import { configErrors } from './render/config';

/** Print to stderr and exit 1. */
export function fail(message: string): never {
  process.stderr.write(message.endsWith('\n') ? message : `${message}\n`);
  process.exit(1);
}

export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return fail(`${file}: error: cannot read: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  }
}

/** Load FILE; on any error print each as `file:line:col: error: message` (render/config.ts) and exit 1. */
export function loadOrExit(file: string): { loaded: LoadedConfig; model: BenchModel } {
  const loaded = loadConfig(readText(file));
  const lines = configErrors(file, loaded);
  if (lines.length) fail(lines.join('\n'));
  return { loaded, model: loaded.model! };
}

const CHUNK = 64 * 1024;

/** Resolves when the chunk is handed to the OS; false when the reader went away (EPIPE). */
function writeChunk(out: NodeJS.WriteStream, chunk: string): Promise<boolean> {
  return new Promise((resolve) => {
    out.write(chunk, (err) => resolve(!err));
  });
}

/**
 * Writes lines to `out` in ~64 KiB chunks, awaiting each write (backpressure: memory stays one chunk even for
 * 64 M paths). Returns how many lines were written; stops early and quietly when the reader closes the pipe.
 */
export async function streamLines(
  lines: Iterable<string>,
  opts: { limit?: number; out?: NodeJS.WriteStream } = {},
): Promise<number> {
  const out = opts.out ?? process.stdout;
  let closed = false;
  const onError = (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') closed = true;
    else throw e;
  };
  out.on('error', onError);
  const limit = opts.limit ?? Infinity;
  let n = 0;
  let buf = '';
  try {
    for (const line of lines) {
      if (n >= limit) break;
      buf += `${line}\n`;
      n++;
      if (buf.length >= CHUNK) {
        if (!(await writeChunk(out, buf)) || closed) return n;
        buf = '';
      }
    }
    if (buf && !closed) await writeChunk(out, buf);
    return n;
  } finally {
    // Keep swallowing EPIPE: a late error event after we stopped must not crash the process.
    out.off('error', onError);
    out.on('error', () => undefined);
  }
}

/** A plain-text table: first row is the header; columns right-aligned unless listed in `left`. */
export function table(rows: string[][], left: number[] = [0]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const fmt = (r: string[]) =>
    r
      .map((cell, c) => (left.includes(c) ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [fmt(rows[0]), rule, ...rows.slice(1).map(fmt)].join('\n');
}
