// `--local N` / `--root DIR`: move every file:// (and direct://) location of a config under `<root>/agent-<i>/`,
// so N agents on one machine never write over each other and nothing lands outside the temp root.
// The common directory of all file locations becomes the agent's folder: `file:///tmp/iobench-demo/` (target)
// and `file:///tmp/iobench-demo/` (base_uri) both map to `file://<root>/agent-1/`; distinct mounts keep their
// relative layout (`/mnt/a`, `/mnt/b` → `<root>/agent-1/a`, `<root>/agent-1/b`).
import { posix } from 'node:path';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const FILE_URI = /^(file|direct):\/\/(.*)$/;

/** Every place in a sai3 config that holds a storage location (spec §1.3, §1.4, §1.6, §1.7). */
interface Location {
  /** the object or list that holds the value, and its key: the same place reached twice has the same pair */
  holder: object;
  key: string | number;
  get(): unknown;
  set(v: string): void;
}

function* locations(value: Obj): Generator<Location> {
  const field = (o: Obj, k: string) => ({
    holder: o,
    key: k,
    get: () => o[k],
    set: (v: string) => void (o[k] = v),
  });
  const item = (a: unknown[], i: number) => ({
    holder: a,
    key: i,
    get: () => a[i],
    set: (v: string) => void (a[i] = v),
  });
  yield field(value, 'target');
  const endpoints = (m: unknown) => (isObj(m) && Array.isArray(m.endpoints) ? m.endpoints : []);
  const eps = endpoints(value.multi_endpoint);
  for (let i = 0; i < eps.length; i++) yield item(eps, i);
  const prepare = isObj(value.prepare) ? value.prepare : undefined;
  for (const e of Array.isArray(prepare?.ensure_objects) ? prepare.ensure_objects : [])
    if (isObj(e)) yield field(e, 'base_uri');
  for (const w of Array.isArray(value.workload) ? value.workload : []) if (isObj(w)) yield field(w, 'path');
  const dist = isObj(value.distributed) ? value.distributed : undefined;
  for (const a of Array.isArray(dist?.agents) ? dist.agents : []) {
    if (!isObj(a)) continue;
    yield field(a, 'target_override');
    const aeps = endpoints(a.multi_endpoint);
    for (let i = 0; i < aeps.length; i++) yield item(aeps, i);
  }
}

/** The file-system path of a file:// or direct:// URI, or undefined for anything else (relative op paths too). */
export function filePathOf(uri: unknown): string | undefined {
  if (typeof uri !== 'string') return undefined;
  const m = FILE_URI.exec(uri);
  return m ? m[2] : undefined;
}

/** Deepest directory that contains every path (a path ending in `/` is a directory; others count their parent). */
export function commonDirectory(paths: string[]): string {
  if (!paths.length) return '/';
  const dirs = paths.map((p) => {
    const abs = p.startsWith('/') ? p : `/${p}`;
    // A glob or file name at the end is not part of the folder the agent owns.
    const dir = abs.endsWith('/') ? abs : posix.dirname(abs);
    return posix.normalize(dir).split('/').filter(Boolean);
  });
  const first = dirs[0];
  let n = first.length;
  for (const d of dirs) {
    let i = 0;
    while (i < n && i < d.length && d[i] === first[i]) i++;
    n = i;
  }
  return `/${first.slice(0, n).join('/')}`;
}

/** The common directory of every file location in the config (what `<root>/agent-<i>/` replaces). */
export function fileBase(value: Obj): string {
  const paths: string[] = [];
  for (const loc of locations(value)) {
    const p = filePathOf(loc.get());
    if (p !== undefined) paths.push(p);
  }
  return commonDirectory(paths);
}

/** Folder of agent i (0-based) under the root: `<root>/agent-<i+1>`. */
export function agentFolder(root: string, agentIndex: number): string {
  return posix.join(root, `agent-${agentIndex + 1}`);
}

/**
 * Rewrites (in place) every file:// / direct:// location of `value` from under `base` to under `folder`,
 * keeping the scheme, the relative rest and a trailing slash. Returns how many locations changed.
 */
export function rebaseFileUris(value: Obj, base: string, folder: string): number {
  let n = 0;
  // Each place once, even when the config reaches one list twice (a YAML alias, an agent's override).
  const visited = new Map<object, Set<string | number>>();
  for (const loc of locations(value)) {
    const keys = visited.get(loc.holder) ?? new Set();
    if (keys.has(loc.key)) continue;
    visited.set(loc.holder, keys.add(loc.key));
    const v = loc.get();
    const p = filePathOf(v);
    if (p === undefined) continue;
    const scheme = (v as string).slice(0, (v as string).indexOf('://'));
    const abs = posix.normalize(p.startsWith('/') ? p : `/${p}`);
    const rel = posix.relative(base, abs);
    let out = rel ? posix.join(folder, rel) : folder;
    if (p.endsWith('/') || !rel) out += '/';
    loc.set(`${scheme}://${out.replace(/\/+$/, '/')}`);
    n++;
  }
  return n;
}

/** Folders a local run creates before pre-flight: every file location that names a folder (ends in `/`). */
export function fileDirectories(value: Obj): string[] {
  const out = new Set<string>();
  for (const loc of locations(value)) {
    const p = filePathOf(loc.get());
    if (p !== undefined && p.endsWith('/') && !p.includes('*')) out.add(posix.normalize(p));
  }
  return [...out];
}
