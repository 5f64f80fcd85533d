// Source positions: offsets → LSP positions (0-based line, UTF-16 character), and config paths → YAML nodes.
// JS string offsets are already UTF-16 code units and LineCounter starts a line after each '\n', so CRLF files and
// astral characters (emoji) come out right without any conversion.
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Document,
  type LineCounter,
  type Node,
  type Pair,
} from 'yaml';
import type { ConfigPath, Position, Range } from './types';

export function positionAt(lc: LineCounter, text: string, offset: number): Position {
  const o = Math.max(0, Math.min(offset, text.length));
  const { line, col } = lc.linePos(o);
  return { line: line - 1, character: col - 1 };
}

export function rangeAt(lc: LineCounter, text: string, start: number, end: number): Range {
  // A range never spans the line break of its last line (node ends often include it).
  let e = Math.max(start, end);
  while (e > start && (text[e - 1] === '\n' || text[e - 1] === '\r')) e--;
  return { start: positionAt(lc, text, start), end: positionAt(lc, text, e) };
}

/** A fresh 0:0 range (fresh, so a consumer adjusting one diagnostic cannot move others). */
export const zeroRange = (): Range => ({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });

/** Offsets [start, end) of a node's value (without trailing comments/newlines). */
export function nodeSpan(node: Node | Pair | null | undefined): [number, number] | undefined {
  if (!node) return undefined;
  if (isPair(node)) {
    const k = nodeSpan(node.key as Node | null);
    const v = nodeSpan(node.value as Node | null);
    if (k && v) return [k[0], v[1]];
    return k ?? v;
  }
  const r = (node as Node).range;
  return r ? [r[0], r[1]] : undefined;
}

const isMergeKeyNode = (k: unknown): boolean =>
  isScalar(k) &&
  (k.value === '<<' || (typeof k.value === 'symbol' && (k.value as symbol).description === '<<'));

const keyOf = (p: Pair): unknown => (isScalar(p.key) ? p.key.value : p.key);

export interface PathHit {
  /** The node holding the value (after resolving aliases); undefined when the path is absent. */
  value: Node | undefined;
  /** The key scalar of the last map step, when the last step is a key. */
  key: Node | undefined;
  /** The map or sequence that contains the last step. */
  parent: Node | undefined;
  /** Key of the pair that holds `parent` (for "the parent's key"). */
  parentKey: Node | undefined;
  /** Outermost alias or `<<` merge usage in *this* document the path went through, if any. */
  via: { node: Node; kind: 'alias' | 'merge' } | undefined;
}

/** Find `key` in a map, own keys first, then `<<` merge sources in order (own keys override merged ones). */
function findInMap(
  doc: Document,
  map: Node,
  key: string,
  depth = 0,
): { pair: Pair; mergeUsage?: Node } | undefined {
  if (!isMap(map) || depth > 16) return undefined;
  for (const p of map.items) if (!isMergeKeyNode(p.key) && String(keyOf(p)) === key) return { pair: p };
  for (const p of map.items) {
    if (!isMergeKeyNode(p.key)) continue;
    const sources = isSeq(p.value) ? p.value.items : [p.value];
    for (const s of sources) {
      const src = resolveAlias(doc, s as Node);
      const hit = src && findInMap(doc, src, key, depth + 1);
      if (hit) return { pair: hit.pair, mergeUsage: (s as Node) ?? (p.value as Node) };
    }
  }
  return undefined;
}

function resolveAlias(doc: Document, node: Node | null | undefined): Node | undefined {
  let n: unknown = node;
  for (let i = 0; i < 32 && isAlias(n); i++) n = (n as { resolve(d: Document): unknown }).resolve(doc);
  return n ? (n as Node) : undefined;
}

/** Walk a config path through the document, resolving aliases and merges; never throws. */
export function resolvePath(doc: Document, path: ConfigPath): PathHit {
  const hit: PathHit = {
    value: undefined,
    key: undefined,
    parent: undefined,
    parentKey: undefined,
    via: undefined,
  };
  let cur: Node | undefined = doc.contents ?? undefined;
  let curKey: Node | undefined;
  const noteVia = (node: Node | undefined, kind: 'alias' | 'merge') => {
    if (!hit.via && node) hit.via = { node, kind };
  };
  if (isAlias(cur)) {
    noteVia(cur, 'alias');
    cur = resolveAlias(doc, cur);
  }
  for (const step of path) {
    hit.parent = cur;
    hit.parentKey = curKey;
    hit.key = undefined;
    if (!cur) return { ...hit, value: undefined };
    let next: Node | undefined;
    if (isSeq(cur) && typeof step === 'number') {
      next = (cur.items[step] as Node | undefined) ?? undefined;
      curKey = undefined;
    } else if (isMap(cur)) {
      const found = findInMap(doc, cur, String(step));
      if (!found) return { ...hit, value: undefined };
      if (found.mergeUsage) noteVia(found.mergeUsage, 'merge');
      hit.key = (found.pair.key as Node) ?? undefined;
      curKey = hit.key;
      next = (found.pair.value as Node | null) ?? undefined;
    } else {
      return { ...hit, value: undefined };
    }
    if (isAlias(next)) {
      noteVia(next, 'alias');
      next = resolveAlias(doc, next);
    }
    cur = next;
  }
  hit.value = cur;
  return hit;
}
