// Document symbols (outline): maps become their keys, sequence items are named by name/id/address/op.
import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import type { Analysis } from '../analysis';
import { keyText, MAX_WALK_DEPTH } from '../yaml-nav';

const MAX_SYMBOLS = 5000;
const NAME_KEYS = ['name', 'id', 'address', 'op', 'type'];

function kindOf(n: unknown): SymbolKind {
  if (isMap(n)) return SymbolKind.Object;
  if (isSeq(n)) return SymbolKind.Array;
  if (isScalar(n)) {
    const v = n.value;
    if (typeof v === 'number' || typeof v === 'bigint') return SymbolKind.Number;
    if (typeof v === 'boolean') return SymbolKind.Boolean;
    if (v === null) return SymbolKind.Null;
    return SymbolKind.String;
  }
  return SymbolKind.Variable;
}

export function documentSymbols(a: Analysis): DocumentSymbol[] {
  if (!a.ours) return [];
  const doc = a.loaded()?.doc;
  if (!doc) return [];
  let count = 0;
  const range = (start: number, end: number) => ({
    start: a.doc.positionAt(start),
    end: a.doc.positionAt(end),
  });
  const children = (n: unknown, depth: number): DocumentSymbol[] => {
    if (depth > MAX_WALK_DEPTH || count >= MAX_SYMBOLS) return [];
    const out: DocumentSymbol[] = [];
    if (isMap(n)) {
      for (const item of n.items) {
        if (count >= MAX_SYMBOLS) break;
        const p = item as Pair<Node, Node>;
        const name = keyText(p);
        const kr = p.key?.range;
        if (name === undefined || !kr) continue;
        count++;
        const end = p.value?.range?.[1] ?? kr[1];
        const detail = isScalar(p.value) && p.value.source !== undefined ? String(p.value.source) : undefined;
        out.push({
          name: name || '""',
          kind: kindOf(p.value),
          range: range(kr[0], Math.max(end, kr[1])),
          selectionRange: range(kr[0], kr[1]),
          ...(detail !== undefined ? { detail: detail.slice(0, 80) } : {}),
          children: children(p.value, depth + 1),
        });
      }
    } else if (isSeq(n)) {
      n.items.forEach((it, i) => {
        const r = (it as Node | null)?.range;
        if (!r || count >= MAX_SYMBOLS) return;
        count++;
        let label = `[${i}]`;
        if (isMap(it))
          for (const k of NAME_KEYS) {
            const v = it.get(k);
            if (typeof v === 'string' || typeof v === 'number') {
              label = `[${i}] ${String(v)}`;
              break;
            }
          }
        out.push({
          name: label,
          kind: kindOf(it),
          range: range(r[0], r[1]),
          selectionRange: range(r[0], r[0]),
          children: children(it, depth + 1),
        });
      });
    }
    return out;
  };
  return children(doc.contents, 0);
}
