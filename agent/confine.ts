// Confinement: every path a run touches must resolve inside one of the agent's --root folders.
// Check: resolve the realpath of the deepest existing ancestor (symlinks resolved), append the missing tail
// (which may not contain `..`), and require the result under a root's realpath. Inside the tree the agent
// creates directories itself, refuses to descend into symlinks (lstat on EEXIST) and opens files with
// O_NOFOLLOW, so nothing planted later inside a root can redirect writes outside it.
// Every later operation (execute's get/put/stat/delete/list/mkdir/rmdir, prepare's creates, cleanup's deletes)
// checks the folder it acts in with `FolderCheck` (here) or its copy in the I/O workers (worker-source.ts):
// a folder under a root that resolves outside every root through a symlink fails the operation.
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';

export class ConfinementError extends Error {}

export class Confinement {
  private constructor(readonly roots: string[]) {}

  /** Roots must exist; they are stored as realpaths. */
  static create(roots: string[]): Confinement {
    const real = roots.map((r) => {
      try {
        const p = fs.realpathSync(path.resolve(r));
        if (!fs.statSync(p).isDirectory()) throw new Error('not a directory');
        return p;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new ConfinementError(
          `--root ${r}: ${
            code === 'ENOENT'
              ? `no such folder (create it first: mkdir -p ${r})`
              : code === 'EACCES'
                ? 'permission denied'
                : (e as Error).message
          }`,
        );
      }
    });
    return new Confinement(real);
  }

  inside(p: string): boolean {
    return this.roots.some((r) => p === r || p.startsWith(r.endsWith(path.sep) ? r : r + path.sep));
  }

  /** Local absolute path of a `file://` / `direct://` URI or a plain path; throws when it escapes the roots. */
  resolve(uriOrPath: string): string {
    const raw = localPath(uriOrPath);
    if (raw.includes('\0')) throw new ConfinementError(`${uriOrPath}: NUL in path`);
    if (!path.isAbsolute(raw))
      throw new ConfinementError(`${uriOrPath}: relative paths are not accepted; use file:///absolute/path`);
    if (raw.split('/').includes('..'))
      throw new ConfinementError(`${uriOrPath}: '..' is not allowed in a target path`);
    const abs = path.resolve(raw);
    // Deepest existing ancestor → realpath; the missing tail is created by us later (no symlinks in it).
    let existing = abs;
    const tail: string[] = [];
    for (;;) {
      try {
        const real = fs.realpathSync(existing);
        const full = path.join(real, ...tail);
        if (!this.inside(full))
          throw new ConfinementError(
            `${uriOrPath} resolves to ${full}, outside the agent's roots (${this.roots.join(', ')}); ` +
              `start the agent with --root covering it, or point the config inside a root`,
          );
        return full;
      } catch (e) {
        if (e instanceof ConfinementError) throw e;
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT' && code !== 'ENOTDIR') throw e;
        const parent = path.dirname(existing);
        if (parent === existing) throw e;
        tail.unshift(path.basename(existing));
        existing = parent;
      }
    }
  }

  /** Does a relative name stay inside its base (no absolute, no `..` segment)? Used for dir_mask output. */
  static checkRelative(rel: string): void {
    if (path.isAbsolute(rel) || rel.split('/').includes('..') || rel.includes('\0'))
      throw new ConfinementError(`generated path '${rel}' would leave its base (check dir_mask)`);
  }
}

/** Strip `file://` / `direct://`; other schemes are not local. */
export function localPath(uri: string): string {
  const m = /^(file|direct):\/\/(.*)$/.exec(uri);
  if (m) return decodeURI(m[2]);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(uri)) throw new ConfinementError(`${uri}: not a local (file://) URI`);
  return uri;
}

export function schemeOf(uri: string): string {
  const m = /^([a-z][a-z0-9+.-]*):\/\//i.exec(uri);
  return m ? m[1].toLowerCase() : 'file';
}

/**
 * The per-operation check for single (execute-stage) operations: the folder of a path must resolve inside a
 * root. Paths are built from realpath'd bases and generated names, so a folder whose realpath differs has a
 * symlink in it — allowed only while it stays inside a root. One realpath per folder, cached for the run.
 */
export class FolderCheck {
  private readonly ok = new Set<string>();
  constructor(private readonly confine: Confinement) {}

  /**
   * Throws a ConfinementError (code ECONFINE) when `p`'s folder (or `p` itself, `self`) leaves the roots; the
   * message does not repeat the path (callers print `path: message`).
   */
  async check(p: string, self = false): Promise<void> {
    const d = self ? p : p.slice(0, p.lastIndexOf('/')) || '/';
    if (this.ok.has(d)) return;
    let real: string;
    try {
      real = await fsp.realpath(d);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return; // the operation itself reports it
      throw e;
    }
    if (real !== d && !this.confine.inside(real))
      throw Object.assign(
        new ConfinementError(
          `${self ? 'it' : 'its folder'} resolves to ${real} through a symlink, outside the agent's roots ` +
            `(${this.confine.roots.join(', ')}); refused`,
        ),
        { code: 'ECONFINE' },
      );
    if (this.ok.size > 65536) this.ok.clear();
    this.ok.add(d);
  }
}
