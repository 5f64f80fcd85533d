// The config schema (schemas/iobench.schema.json, re-exported by core/config) and a navigator over it:
// which subschemas apply at a YAML path, following $ref, allOf/anyOf/oneOf and items.
import { schema } from '../core/config';
import type { PathSeg } from './yaml-nav';

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  description?: string;
  markdownDescription?: string;
  title?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  examples?: unknown[];
  properties?: Record<string, JsonSchema>;
  patternProperties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  required?: string[];
  items?: JsonSchema | JsonSchema[];
  allOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  if?: JsonSchema;
  then?: JsonSchema;
  else?: JsonSchema;
  deprecated?: boolean;
  doNotSuggest?: boolean;
  defaultSnippets?: { label?: string; description?: string; body?: unknown; bodyText?: string }[];
  $defs?: Record<string, JsonSchema>;
  definitions?: Record<string, JsonSchema>;
  [k: string]: unknown;
}

export function rootSchema(): JsonSchema {
  return (schema && typeof schema === 'object' ? schema : {}) as JsonSchema;
}

function deref(root: JsonSchema, s: JsonSchema, depth = 0): JsonSchema {
  if (!s.$ref || depth > 20) return s;
  const ref = s.$ref;
  if (!ref.startsWith('#')) return s;
  let cur: unknown = root;
  for (const raw of ref.slice(1).split('/').filter(Boolean)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    cur = (cur as Record<string, unknown> | undefined)?.[seg];
  }
  if (!cur || typeof cur !== 'object') return s;
  const { $ref: _r, ...rest } = s;
  return { ...deref(root, cur as JsonSchema, depth + 1), ...rest };
}

/** Flatten one schema into its applicable alternatives (allOf merged into each, anyOf/oneOf/if-then expanded). */
export function expand(root: JsonSchema, s: JsonSchema | undefined, depth = 0): JsonSchema[] {
  if (!s || typeof s !== 'object' || depth > 12) return [];
  const d = deref(root, s);
  const out: JsonSchema[] = [d];
  for (const sub of [...(d.allOf ?? []), ...(d.anyOf ?? []), ...(d.oneOf ?? []), d.then, d.else])
    if (sub) out.push(...expand(root, sub, depth + 1));
  return out;
}

/** Every subschema that may describe the value at `path`. */
export function schemasAt(path: PathSeg[], root: JsonSchema = rootSchema()): JsonSchema[] {
  let cur = expand(root, root);
  for (const seg of path) {
    const next: JsonSchema[] = [];
    for (const s of cur) {
      if (typeof seg === 'number') {
        const it = Array.isArray(s.items) ? s.items[seg] : s.items;
        if (it) next.push(...expand(root, it));
      } else {
        const p = s.properties?.[seg];
        if (p) next.push(...expand(root, p));
        else if (s.patternProperties)
          for (const [pat, ps] of Object.entries(s.patternProperties))
            if (safeTest(pat, seg)) next.push(...expand(root, ps));
        if (!p && typeof s.additionalProperties === 'object')
          next.push(...expand(root, s.additionalProperties));
      }
    }
    cur = next;
    if (!cur.length) break;
  }
  return cur;
}

function safeTest(pattern: string, s: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(s);
  } catch {
    return false;
  }
}

/** Property schemas of the object at `path`, merged over alternatives (first description wins). */
export function propertiesAt(path: PathSeg[]): Map<string, { schema: JsonSchema; required: boolean }> {
  const out = new Map<string, { schema: JsonSchema; required: boolean }>();
  for (const s of schemasAt(path)) {
    const req = new Set(s.required ?? []);
    for (const [k, v] of Object.entries(s.properties ?? {})) {
      const prev = out.get(k);
      const merged = prev ? { ...expandOne(v), ...prev.schema } : expandOne(v);
      out.set(k, { schema: merged, required: (prev?.required ?? false) || req.has(k) });
    }
  }
  return out;
}

function expandOne(s: JsonSchema): JsonSchema {
  const root = rootSchema();
  const all = expand(root, s);
  return Object.assign({}, ...all.slice().reverse()) as JsonSchema;
}

/** One merged description of the value at `path` (for hover). */
export function describeAt(path: PathSeg[]): JsonSchema | undefined {
  const all = schemasAt(path);
  if (!all.length) return undefined;
  const merged: JsonSchema = {};
  for (const s of all)
    for (const [k, v] of Object.entries(s)) if (merged[k] === undefined && v !== undefined) merged[k] = v;
  const enums = all.flatMap((s) => (Array.isArray(s.enum) ? s.enum : s.const !== undefined ? [s.const] : []));
  if (enums.length) merged.enum = [...new Set(enums)];
  return merged;
}

export function typesOf(s: JsonSchema): string[] {
  return Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
}
