// YAML reads `1e6` and `8.0` as floats whose JS value is a whole number, so the JSON schema's `integer` accepts
// them — but sai3 (serde u64/u32/usize) rejects any float. Find such scalars where the schema wants an integer.
import { isMap, isScalar, isSeq, Scalar, type Node } from 'yaml';
import { schema } from '../validate';
import { DIAGNOSTIC_CODES as C } from '../codes';
import type { ConfigPath } from '../types';
import { report, type SemanticContext } from './context';

type S = Record<string, any>;
const defs = (schema as S).definitions as Record<string, S>;
const deref = (s: S | undefined): S | undefined => {
  for (let i = 0; s && s.$ref && i < 8; i++) s = defs[String(s.$ref).split('/').pop()!];
  return s;
};

/** The schema that applies at `path` (objects/arrays only; anyOf → the object branch, if/then/else by value kind). */
function schemaAt(path: ConfigPath, isObjectValue: boolean): S | undefined {
  let s = deref(schema as S);
  for (const step of path) {
    if (!s) return undefined;
    if (s.anyOf) s = deref((s.anyOf as S[]).find((b) => b.$ref || b.properties || b.items));
    if (s?.if && s.then) s = deref(s.then);
    if (!s) return undefined;
    s = deref(typeof step === 'number' ? s.items : s.properties?.[step]);
  }
  if (s?.anyOf) s = deref((s.anyOf as S[]).find((b) => b.$ref || b.properties));
  if (s?.if && s.then && s.else) s = deref(isObjectValue ? s.then : s.else);
  return s;
}

const wantsInteger = (s: S | undefined) => {
  const t = s?.type;
  const types: string[] = Array.isArray(t) ? t : t ? [t] : [];
  return types.includes('integer') && !types.includes('number');
};

export function checkFloatIntegers(ctx: SemanticContext): void {
  const walk = (node: Node | null | undefined, path: ConfigPath, depth: number) => {
    if (!node || depth > 64) return;
    if (isMap(node)) {
      for (const p of node.items)
        if (isScalar(p.key) && typeof p.key.value === 'string')
          walk(p.value as Node, [...path, p.key.value], depth + 1);
    } else if (isSeq(node)) {
      node.items.forEach((it, i) => walk(it as Node, [...path, i], depth + 1));
    } else if (
      isScalar(node) &&
      typeof node.value === 'number' &&
      Number.isInteger(node.value) &&
      node.range
    ) {
      if (node.type !== Scalar.PLAIN) return;
      const src = ctx.text.slice(node.range[0], node.range[1]);
      if (!/^[-+]?[\d_]*\.|[eE]/.test(src) || /^[-+]?0x/i.test(src)) return;
      const s = schemaAt(path, false);
      if (!wantsInteger(s)) return;
      const count = s?.['x-grammar'] === 'count';
      const fixed = Number.isSafeInteger(node.value) && node.value >= 0 ? String(node.value) : undefined;
      report(
        ctx,
        path,
        'value',
        'error',
        count ? C.countFormat : C.type,
        `${String(path[path.length - 1])}: '${src.trim()}' is a float in YAML; sai3 only accepts a whole number here${fixed ? `: write ${fixed}` : ''}`,
        fixed ? { fixed } : {},
      );
    }
  };
  walk(ctx.doc.contents as Node, [], 0);
}
