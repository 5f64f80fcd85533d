// Names exactly as sai3-bench writes them (spec §2.3, §2.4): `dir_mask` with the first `%d` → level and the
// second `%d` → 1-based local index (Rust `replacen(.., 1)` twice), and `file_%08d.dat`.

export const DEFAULT_DIR_MASK = 'sai3bench.d%d_w%d.dir';

/** A mask split once at its first two `%d`, so naming is two concatenations instead of two searches. */
export interface CompiledMask {
  /** text before the level, between level and local index, after the local index */
  parts: [string, string, string];
  /** how many `%d` get replaced: 0, 1 or 2 (extra `%d` stay literal, as in sai3) */
  slots: 0 | 1 | 2;
}

// Replacing the first `%d` with digits can never create a new `%d` (digits are neither `%` nor `d`), so the
// second replacement hits the first `%d` after the first one: splitting the mask up front is equivalent.
export function compileMask(mask: string): CompiledMask {
  const a = mask.indexOf('%d');
  if (a < 0) return { parts: [mask, '', ''], slots: 0 };
  const b = mask.indexOf('%d', a + 2);
  if (b < 0) return { parts: [mask.slice(0, a), mask.slice(a + 2), ''], slots: 1 };
  return { parts: [mask.slice(0, a), mask.slice(a + 2, b), mask.slice(b + 2)], slots: 2 };
}

export function nameFromCompiled(m: CompiledMask, level: number, localIndex: number | bigint): string {
  const [p0, p1, p2] = m.parts;
  if (m.slots === 2) return p0 + level + p1 + localIndex + p2;
  if (m.slots === 1) return p0 + level + p1;
  return p0;
}

/** Name of a directory at `level` (1-based) with 1-based `localIndex` among its siblings. */
export function dirName(mask: string, level: number, localIndex: number | bigint): string {
  return nameFromCompiled(compileMask(mask), level, localIndex);
}

const ZEROS = '00000000';

/** `file_%08d.dat`: zero-padded to at least 8 digits, longer indices simply grow. */
export function fileName(index: number | bigint): string {
  const s = String(index);
  return s.length >= 8 ? `file_${s}.dat` : `file_${ZEROS.slice(s.length)}${s}.dat`;
}

/** Per-level cache of directory names by 0-based local digit, filled lazily (width × depth strings at most). */
export class SegmentNames {
  private readonly mask: CompiledMask;
  private readonly cache: string[][] = [];
  constructor(dirMask: string) {
    this.mask = compileMask(dirMask);
  }
  get(level: number, digit: number): string {
    const row = (this.cache[level - 1] ??= []);
    return (row[digit] ??= nameFromCompiled(this.mask, level, digit + 1));
  }
}
