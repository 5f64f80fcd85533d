// Walking the `yaml` AST by path and by offset, without expanding aliases (the source tree is what we annotate).
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml';

export type PathSeg = string | number;
export const MAX_WALK_DEPTH = 200;

export function keyText(p: Pair): string | undefined {
  const k = p.key;
  if (isScalar(k)) return k.value === null || k.value === undefined ? undefined : String(k.value);
  return undefined;
}

/** The pair `key` of a map node (last one wins, as YAML loaders do). */
export function findPair(node: unknown, key: string): Pair<Node, Node> | undefined {
  if (!isMap(node)) return undefined;
  let hit: Pair<Node, Node> | undefined;
  for (const p of node.items) if (keyText(p as Pair) === key) hit = p as Pair<Node, Node>;
  return hit;
}

/** The node at `path`, following aliases through `doc` when `resolve` is set. */
export function nodeAt(doc: Document, path: PathSeg[], resolve = false): Node | undefined {
  let cur: unknown = doc.contents;
  for (const seg of path) {
    if (resolve && isAlias(cur)) cur = cur.resolve(doc);
    if (typeof seg === 'number') {
      if (!isSeq(cur)) return undefined;
      cur = cur.items[seg];
    } else {
      const p = findPair(cur, seg);
      if (!p) return undefined;
      cur = p.value;
    }
  }
  if (resolve && isAlias(cur)) cur = cur.resolve(doc);
  return (cur ?? undefined) as Node | undefined;
}

export function pairAt(doc: Document, path: PathSeg[]): Pair<Node, Node> | undefined {
  if (!path.length) return undefined;
  const parent = nodeAt(doc, path.slice(0, -1), true);
  const last = path[path.length - 1];
  return typeof last === 'string' ? findPair(parent, last) : undefined;
}

export interface Hit {
  path: PathSeg[];
  /** 'key' when the offset is on a map key, 'value' otherwise */
  on: 'key' | 'value';
  pair?: Pair<Node, Node>;
  node?: Node;
}

const within = (n: unknown, off: number): boolean => {
  const r = (n as Node | null)?.range;
  return !!r && off >= r[0] && off <= r[1];
};

/** The innermost key or value under `offset`. */
export function hitAt(doc: Document, offset: number): Hit | undefined {
  let cur: unknown = doc.contents;
  const path: PathSeg[] = [];
  let last: Hit | undefined;
  for (let depth = 0; depth < MAX_WALK_DEPTH; depth++) {
    if (isMap(cur)) {
      let next: unknown;
      for (const item of cur.items) {
        const p = item as Pair<Node, Node>;
        const k = keyText(p);
        if (within(p.key, offset)) return k === undefined ? last : { path: [...path, k], on: 'key', pair: p };
        if (p.value && within(p.value, offset) && k !== undefined) {
          path.push(k);
          last = { path: [...path], on: 'value', pair: p, node: p.value };
          next = p.value;
          break;
        }
      }
      if (next === undefined) return last;
      cur = next;
    } else if (isSeq(cur)) {
      const i = cur.items.findIndex((it) => within(it, offset));
      if (i < 0) return last;
      path.push(i);
      last = { path: [...path], on: 'value', node: cur.items[i] as Node };
      cur = cur.items[i];
    } else return last;
  }
  return last;
}

/** Visits every pair of every map (depth-first, source order), with its path; stops after `limit` visits. */
export function walkPairs(
  root: unknown,
  visit: (pair: Pair<Node, Node>, path: PathSeg[], depth: number) => void,
  limit = 20_000,
): void {
  let count = 0;
  const rec = (n: unknown, path: PathSeg[], depth: number) => {
    if (depth > MAX_WALK_DEPTH || count > limit) return;
    if (isMap(n)) {
      for (const item of n.items) {
        if (!isPair(item) || count++ > limit) return;
        const k = keyText(item as Pair);
        const p = [...path, k ?? '?'];
        visit(item as Pair<Node, Node>, p, depth);
        rec(item.value, p, depth + 1);
      }
    } else if (isSeq(n)) n.items.forEach((it, i) => rec(it, [...path, i], depth + 1));
  };
  rec(root, [], 0);
}

/** Start offset of the line holding `offset`. */
export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset just past the line break of the line holding `offset` (or text end). */
export function nextLineStart(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}
