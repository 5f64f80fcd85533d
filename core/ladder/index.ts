// The SIMPLE → MEDIUM → FULL ladder (seed doc, "Option C"): the same config at smaller depths, with every
// non-zero ensure_objects.count set to that depth's tree total so sai3's count check (§2.7) still passes.
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { extractTree } from '../config/model-extract';
import { treeCounts } from '../tree/counts';
import { applyEdits, type TextEdit } from './edits';

export type StepName = 'SIMPLE' | 'MEDIUM' | 'FULL';

export interface LadderStep {
  name: StepName;
  depth: number;
  text: string; // the config at this depth; identical to the input except the changed scalars
  files: bigint;
  dirs: bigint;
}

export type LadderResult = { ok: true; steps: LadderStep[] } | { ok: false; error: string };

export interface LadderOptions {
  /** depths to produce (1..3 distinct values ≥ 1); default depth−2, depth−1, depth */
  depths?: number[];
}

/** Default rungs: depth−2, depth−1, depth, each at least 1, duplicates dropped. */
export function defaultDepths(depth: number): number[] {
  return [...new Set([depth - 2, depth - 1, depth].map((d) => Math.max(1, d)))];
}

const NAMES: Record<number, StepName[]> = {
  1: ['FULL'],
  2: ['SIMPLE', 'FULL'],
  3: ['SIMPLE', 'MEDIUM', 'FULL'],
};

/** Source range of a scalar value node (without trailing comment/space), or undefined. */
function scalarRange(node: unknown): [number, number] | undefined {
  if (!isScalar(node) || !node.range) return undefined;
  return [node.range[0], node.range[1]];
}

export function ladder(text: string, opts: LadderOptions = {}): LadderResult {
  const doc = parseDocument(text);
  if (doc.errors.length) return { ok: false, error: `the YAML does not parse: ${doc.errors[0].message}` };
  const prepare = doc.get('prepare', true) as Node | undefined;
  const dsNode = isMap(prepare) ? prepare.get('directory_structure', true) : undefined;
  if (!isMap(dsNode))
    return { ok: false, error: 'no prepare.directory_structure: a ladder needs a directory tree' };
  const tree = extractTree(dsNode.toJSON());
  if (!tree || tree.width < 1 || tree.depth < 1)
    return { ok: false, error: 'prepare.directory_structure needs a width and a depth of at least 1' };
  const depthRange = scalarRange(dsNode.get('depth', true));
  if (!depthRange) return { ok: false, error: 'prepare.directory_structure.depth is not a plain value' };

  const depths = opts.depths ? [...new Set(opts.depths)].sort((a, b) => a - b) : defaultDepths(tree.depth);
  if (!depths.length || depths.length > 3 || depths.some((d) => !Number.isInteger(d) || d < 1))
    return { ok: false, error: `depths must be 1 to 3 distinct whole numbers ≥ 1 (got ${depths.join(',')})` };

  // Every ensure_objects entry with a count other than 0 gets the new total (0 stays: sai3 auto-fills it).
  const ensure = prepare && isMap(prepare) ? prepare.get('ensure_objects', true) : undefined;
  const countRanges: [number, number][] = [];
  if (isSeq(ensure))
    for (const item of ensure.items) {
      if (!isMap(item)) continue;
      const countNode = item.get('count', true);
      const r = scalarRange(countNode);
      if (!r || !isScalar(countNode)) continue;
      const v = countNode.value;
      const isZero = v === 0 || (typeof v === 'string' && /^[0,_ ]+$/.test(v.trim()) && v.trim() !== '');
      if (!isZero) countRanges.push(r);
    }

  const names = NAMES[depths.length];
  const steps = depths.map((depth, i): LadderStep => {
    const counts = treeCounts({ ...tree, depth });
    const edits: TextEdit[] = [
      { start: depthRange[0], end: depthRange[1], text: String(depth) },
      ...countRanges.map(([start, end]) => ({ start, end, text: counts.files.toString() })),
    ];
    return {
      name: names[i],
      depth,
      text: applyEdits(text, edits),
      files: counts.files,
      dirs: counts.totalDirs,
    };
  });
  return { ok: true, steps };
}
