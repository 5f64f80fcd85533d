// directory_structure checks sai3 only makes at prepare time (spec §1.6, §2.7): width/depth ≥ 1, at least one
// ensure_objects entry, and every entry's count equal to the tree total or 0. Counts are exact BigInts and only
// computed while width^depth stays small enough, so `width: 1000000, depth: 60` costs microseconds.
import { formatCount, parseCount } from '../../units';
import { DIAGNOSTIC_CODES as C } from '../codes';
import { MAX_FILES, MAX_TREE_BITS } from '../limits';
import { asArr, asObj, formatBig, report, type SemanticContext } from './context';

/** Files in the tree, or 'huge' when width^depth is beyond MAX_TREE_BITS (then certainly absurd). */
const U64_MAX = (1n << 64n) - 1n;

export function treeFiles(width: bigint, depth: bigint, filesPerDir: bigint, all: boolean): bigint | 'huge' {
  if (width === 1n) return filesPerDir * (all ? depth : 1n);
  if (depth * BigInt(width.toString(2).length) > BigInt(MAX_TREE_BITS))
    return filesPerDir === 0n ? 0n : 'huge';
  let level = 1n;
  let total = 0n;
  for (let l = 0n; l < depth; l++) {
    level *= width;
    total += level;
  }
  return filesPerDir * (all ? total : level);
}

export function checkTree(ctx: SemanticContext): void {
  const prepare = asObj(ctx.root.prepare);
  const ds = asObj(prepare?.directory_structure);
  if (!prepare || !ds) return;
  const base = ['prepare', 'directory_structure'];
  const num = (k: string) => {
    const r = parseCount(ds[k]);
    return r.ok ? r.value : undefined;
  };
  const width = num('width');
  const depth = num('depth');
  const fpd = ds.files_per_dir === undefined ? 0n : num('files_per_dir');
  for (const [k, v] of [
    ['width', width],
    ['depth', depth],
  ] as const)
    if (v === 0n)
      report(
        ctx,
        [...base, k],
        'value',
        'error',
        C.tree,
        `${k} must be at least 1 (sai3 prepare fails: Directory ${k} must be at least 1)`,
      );
  const ensure = asArr(prepare.ensure_objects);
  if (!ensure.length)
    report(
      ctx,
      base,
      'key',
      'error',
      C.tree,
      'directory_structure requires at least one ensure_objects entry (sai3 rejects the config)',
    );
  if (width === undefined || depth === undefined || fpd === undefined || width === 0n || depth === 0n) return;
  const dist = ds.distribution ?? 'bottom';
  if (dist !== 'bottom' && dist !== 'all') return; // the schema reports it
  const files = treeFiles(width, depth, fpd, dist === 'all');
  // over the limits (./limits.ts reports it at the right key): nothing to compare counts against
  if (files === 'huge' || files > MAX_FILES) return;
  if (files > U64_MAX) return; // sai3's checked arithmetic overflows; no count can match (the warning above says why)
  ensure.forEach((e, i) => {
    const entry = asObj(e);
    if (!entry) return;
    const r = parseCount(entry.count);
    if (!r.ok || r.value === 0n || r.value === files) return;
    report(
      ctx,
      ['prepare', 'ensure_objects', i, 'count'],
      'value',
      'error',
      C.countMismatch,
      `count ${formatCount(r.value)} does not match the directory tree's ${formatBig(files)} files; set it to ${files.toString().length > 21 ? 'the tree total' : files} or to 0 (0 auto-fills the tree total)`,
      { expected: files.toString() },
    );
  });
}
