// Workloads over data this run did not prepare (no tree, no ensure_objects): each get/stat op's `path` is
// resolved against the target the way sai3 does (§1.4) — a key, a folder ending in `/` (its objects, not
// recursive), or a pattern whose `*` matches anything, `/` included (the objects under the pattern's fixed
// leading folder, recursively, filtered) — and the op then picks uniformly among the matches.
import * as fs from 'node:fs';
import type { StorageBackend } from '../storage/backend';

/** More matches than this are refused: the list is held in memory for the whole stage. */
export const MAX_READ_SET = 2_000_000;

export class ReadSetError extends Error {}

export interface ReadSpec {
  /** what the user wrote (for messages) */
  path: string;
  /** the folder to walk */
  dir: string;
  recursive: boolean;
  /** full-path test; undefined = every object of `dir` */
  match?: RegExp;
  /** a single object */
  key?: string;
}

const escapeRe = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

/**
 * Where an op path points. `base` is the target's local folder; `resolveUri` confines absolute URIs
 * (a path containing `://`) to the agent's roots. Relative paths may not climb out with `..`.
 */
export function readSpec(path: string, base: string, resolveUri: (uri: string) => string): ReadSpec {
  if (!path.includes('://') && path.split('/').includes('..'))
    throw new ReadSetError(`workload path "${path}": '..' is not allowed (paths stay under the target)`);
  const raw = path.includes('://') ? path : `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
  // Confine the fixed part (realpath: a symlinked folder must not lead out of the roots), keep its trailing
  // '/' (a folder) and the pattern after it.
  const star = raw.indexOf('*');
  const head = star >= 0 ? raw.slice(0, star) : raw;
  const full =
    resolveUri(head).replace(/\/+$/, '') + (head.endsWith('/') ? '/' : '') + raw.slice(head.length);
  const at = full.indexOf('*');
  if (at >= 0) {
    const dir = full.slice(0, full.lastIndexOf('/', at)) || '/';
    const re = new RegExp(`^${full.split('*').map(escapeRe).join('.*')}$`);
    return { path, dir, recursive: true, match: re };
  }
  if (full.endsWith('/')) return { path, dir: full.replace(/\/+$/, '') || '/', recursive: false };
  return { path, dir: full.slice(0, full.lastIndexOf('/')) || '/', recursive: false, key: full };
}

/** Whether an object path is one the spec reads. */
export const matches = (spec: ReadSpec, p: string) =>
  spec.key ? p === spec.key : !spec.match || spec.match.test(p);

/** The objects an op reads; throws ReadSetError when there are none or too many. */
export async function resolveReadSet(
  spec: ReadSpec,
  backend: StorageBackend,
  limit = MAX_READ_SET,
): Promise<string[]> {
  const out: string[] = [];
  let tooMany = false;
  const where = spec.key ?? (spec.match ? `${spec.dir}/ (matching "${spec.path}")` : `${spec.dir}/`);
  try {
    await backend.walk(spec.dir, spec.recursive, (p) => {
      if (!matches(spec, p)) return true;
      if (out.length >= limit) {
        tooMany = true;
        return false;
      }
      out.push(p);
      return !spec.key;
    });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ReadSetError(
      `workload path "${spec.path}": ${code === 'ENOENT' ? `${spec.dir} does not exist` : (e as Error).message}`,
    );
  }
  if (tooMany)
    throw new ReadSetError(
      `workload path "${spec.path}" matches more than ${limit.toLocaleString('en-US')} objects; narrow the path or prepare objects instead`,
    );
  if (!out.length)
    throw new ReadSetError(
      `workload path "${spec.path}" matches no objects (${where}); put data there or add a prepare section (ensure_objects)`,
    );
  return out;
}

/**
 * Pre-flight's quick look: the first object the spec matches, visiting at most `maxEntries` directory entries
 * (undefined = none found within the bound; `exhausted` says whether the walk saw everything).
 */
export function firstMatchSync(spec: ReadSpec, maxEntries = 100_000): { found?: string; exhausted: boolean } {
  const queue = [spec.dir];
  let seen = 0;
  while (queue.length) {
    const d = queue.shift()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch (e) {
      if (d === spec.dir) throw e;
      continue;
    }
    for (const e of entries) {
      if (++seen > maxEntries) return { exhausted: false };
      const p = `${d}/${e.name}`;
      if (e.isFile() && matches(spec, p)) return { found: p, exhausted: true };
      if (spec.recursive && e.isDirectory()) queue.push(p);
    }
  }
  return { exhausted: true };
}
