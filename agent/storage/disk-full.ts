// What a full disk means, in words: ENOSPC is reported both when bytes and when inodes run out, and only
// statfs tells which. Used for the first ENOSPC/EDQUOT of a stage (the workers stop there).
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';

export const DISK_FULL = new Set(['ENOSPC', 'EDQUOT']);

/** statfs of the nearest existing folder of `p` (the file itself may be gone). */
async function statfsNear(p: string) {
  for (let d = path.dirname(p); ; d = path.dirname(d)) {
    try {
      return { dir: d, st: await fsp.statfs(d) };
    } catch {
      if (path.dirname(d) === d) return undefined;
    }
  }
}

export async function diskFullMessage(p: string, code: string, message: string): Promise<string> {
  if (code === 'EDQUOT') return `${p}: disk quota exceeded (EDQUOT): raise the quota or prepare fewer bytes`;
  const s = await statfsNear(p);
  if (!s) return message;
  const { dir, st } = s;
  if (st.files > 0 && st.ffree === 0)
    return (
      `${p}: no free inodes on the file system of ${dir} (all ${st.files} in use; ENOSPC here means ` +
      `inodes, not bytes — ${((st.bavail * st.bsize) / 2 ** 20).toFixed(1)} MiB are still free): ` +
      `remove files or use a file system with more inodes`
    );
  return (
    `${p}: no space left on the file system of ${dir} (ENOSPC; ` +
    `${((st.bavail * st.bsize) / 2 ** 20).toFixed(1)} MiB free, ${st.ffree} inodes free): ` +
    `free space or prepare fewer bytes`
  );
}
