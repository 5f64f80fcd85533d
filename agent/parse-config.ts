// A config from the network is parsed off the gRPC thread, with a time and a memory bound: a hostile or
// oversized config (within the size limit, yaml parses 1–5 MB/s and can take far more memory than the text)
// must not stall a running benchmark's LiveStats or take the agent down. Small configs — every real one — are
// parsed inline, since starting a worker costs more than their parse (START → first mkdir stays fast).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { MAX_PARSE_MS } from '../core/config/limits';
import type { BenchModel } from '../core/model';
import { loadModel, PlanError } from './plan';

/** Configs up to this size are parsed on the calling thread (well under 50 ms even on a loaded machine). */
export const INLINE_PARSE_BYTES = 64 * 1024;
/** Heap of a parse worker: generous for any config within MAX_CONFIG_BYTES, small beside the agent's. */
const WORKER_HEAP_MB = 256;
/** Parse workers at once; further parses wait (and so do the requests behind them). */
const MAX_WORKERS = 2;

let running = 0;
const waiting: (() => void)[] = [];

/** The worker: dist/parse-worker.js beside the bundle, or the TypeScript source through tsx (tests). */
function spawnWorker(text: string): Worker {
  const js = path.join(__dirname, 'parse-worker.js');
  const opts = { workerData: { text }, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } };
  if (fs.existsSync(js)) return new Worker(js, opts);
  const ts = JSON.stringify(path.join(__dirname, 'parse-worker-main.ts'));
  return new Worker(`require('tsx/cjs'); require(${ts});`, { ...opts, eval: true });
}

async function inWorker(text: string, timeoutMs: number): Promise<BenchModel> {
  if (running >= MAX_WORKERS) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    return await new Promise<BenchModel>((resolve, reject) => {
      const w = spawnWorker(text);
      const timer = setTimeout(() => {
        void w.terminate();
        reject(
          new PlanError(`config took longer than ${timeoutMs / 1000} s to parse (the limit); refusing it`),
        );
      }, timeoutMs);
      w.once('message', (m: { ok: boolean; model?: BenchModel; message?: string; plan?: boolean }) => {
        clearTimeout(timer);
        void w.terminate();
        if (m.ok) resolve(m.model!);
        else reject(m.plan ? new PlanError(m.message!) : new Error(m.message));
      });
      w.once('error', (e) => {
        clearTimeout(timer);
        const oom = /heap|memory|ERR_WORKER_OUT_OF_MEMORY/i.test(
          `${(e as NodeJS.ErrnoException).code} ${e.message}`,
        );
        reject(
          new PlanError(
            oom
              ? `config needs more than ${WORKER_HEAP_MB} MB to parse (the limit); refusing it`
              : `config could not be parsed: ${e.message}`,
          ),
        );
      });
    });
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** The model of a config that came over gRPC (START, pre-flight): bounded in size, time and memory. */
export function parseModel(text: string, timeoutMs = MAX_PARSE_MS): Promise<BenchModel> {
  if (Buffer.byteLength(text, 'utf8') <= INLINE_PARSE_BYTES) {
    try {
      return Promise.resolve(loadModel(text));
    } catch (e) {
      return Promise.reject(e);
    }
  }
  return inWorker(text, timeoutMs);
}
