// Folding ranges: every map entry and sequence item spanning more than one line, plus runs of comment lines.
import { isMap, isSeq, type Node, type Pair } from 'yaml';
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver';
import type { Analysis } from '../analysis';
import { MAX_WALK_DEPTH } from '../yaml-nav';

const MAX_RANGES = 5000;

export function foldingRanges(a: Analysis): FoldingRange[] {
  if (!a.ours) return [];
  const doc = a.loaded()?.doc;
  if (!doc) return [];
  const out: FoldingRange[] = [];
  const text = a.doc.getText();
  const lineOf = (off: number) => a.doc.positionAt(off).line;
  /** last line with content at or before offset `end` (a block's range ends after its final newline) */
  const endLine = (end: number) => {
    let e = end;
    while (e > 0 && /\s/.test(text[e - 1])) e--;
    return lineOf(e);
  };
  const add = (start: number, end: number) => {
    if (out.length >= MAX_RANGES) return;
    const s = lineOf(start);
    const e = endLine(end);
    if (e > s) out.push({ startLine: s, endLine: e });
  };
  const rec = (n: unknown, depth: number) => {
    if (depth > MAX_WALK_DEPTH || out.length >= MAX_RANGES) return;
    if (isMap(n))
      for (const item of n.items) {
        const p = item as Pair<Node, Node>;
        const kr = p.key?.range;
        const vr = p.value?.range;
        if (kr && vr) add(kr[0], vr[1]);
        rec(p.value, depth + 1);
      }
    else if (isSeq(n))
      for (const it of n.items) {
        const r = (it as Node | null)?.range;
        if (r) add(r[0], r[1]);
        rec(it, depth + 1);
      }
  };
  rec(doc.contents, 0);
  // comment blocks (3+ consecutive comment lines)
  const lines = text.split('\n');
  let start = -1;
  for (let i = 0; i <= lines.length && out.length < MAX_RANGES; i++) {
    const isComment = i < lines.length && /^\s*#/.test(lines[i]);
    if (isComment && start < 0) start = i;
    else if (!isComment && start >= 0) {
      if (i - 1 - start >= 2) out.push({ startLine: start, endLine: i - 1, kind: FoldingRangeKind.Comment });
      start = -1;
    }
  }
  return out;
}
