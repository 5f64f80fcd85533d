// What the stages need from a storage system. Stages speak in (base, relative path) pairs and batches; a
// backend maps them to its own namespace. `file.ts` implements it for file:// and direct://; an object store
// (s3://, `s3.ts`) implements the same interface with mkdir/rmdir as no-ops (`directories: false`).
import type { BatchResult, FileRanges } from './worker-pool';

export type { BatchResult, BatchError, FileRanges } from './worker-pool';

export interface CreateOptions {
  fill: 'zero' | 'random' | 'prand';
  /** random fill: dedup_factor and compress_factor (1 = unique, incompressible) */
  dedup?: number;
  compress?: number;
  /** true: skip objects that already exist (create-exclusive); false: overwrite (force_overwrite). */
  exclusive: boolean;
}

/** sai3's data reduction factors of a PUT (1, 1 = unique, incompressible). */
export interface PutShape {
  dedup: number;
  compress: number;
}

export interface StorageBackend {
  readonly scheme: string;
  /** false: an object store — directories are key prefixes, not made or removed (no requests, no progress). */
  readonly directories: boolean;
  /** Full key/path of `rel` under `base` (base is what `resolveBase` returned). */
  join(base: string, rel: string): string;
  /** Base location of a URI, after confinement checks; creates nothing. */
  resolveBase(uri: string): string;
  /** Create the base itself (and missing parents inside the root). */
  ensureBase(base: string): Promise<void>;

  // Bulk operations (prepare / cleanup): run in parallel up to the backend's parallelism, stop on abort.
  mkdirs(paths: string[], abort: SharedArrayBuffer): Promise<BatchResult>;
  /** Paths, or ranges of indices per directory (no per-file strings on the caller's side). */
  createObjects(
    files: string[] | FileRanges,
    sizes: Float64Array,
    opts: CreateOptions,
    abort: SharedArrayBuffer,
  ): Promise<BatchResult>;
  deleteObjects(paths: string[], abort: SharedArrayBuffer): Promise<BatchResult>;
  removeDirs(paths: string[], abort: SharedArrayBuffer): Promise<BatchResult>;
  /** How many bulk batches may be in flight at once. */
  readonly parallelism: number;

  // Single operations (execute stage); each returns bytes moved where meaningful.
  get(path: string): Promise<number>;
  /** `shape`: the op's dedup_factor / compress_factor (absent = incompressible random data). */
  put(path: string, size: number, shape?: PutShape): Promise<number>;
  stat(path: string): Promise<number>;
  list(dir: string): Promise<number>;
  remove(path: string): Promise<void>;
  mkdir(path: string): Promise<void>;
  rmdir(path: string, recursive: boolean): Promise<void>;

  /**
   * Objects (regular files) under `dir`, recursively or not, for workloads over data this run did not
   * prepare; symlinks are not followed. Calls `onObject` per object; it returns false to stop the walk.
   */
  walk(dir: string, recursive: boolean, onObject: (path: string) => boolean): Promise<void>;

  /** Release connections and buffers at the end of a run. */
  close?(): void;
}
