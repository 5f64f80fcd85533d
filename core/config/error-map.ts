// ajv errors → diagnostics on the exact YAML node: JSON Pointers unescaped, anyOf branches collapsed to the one that
// fits the value's type, grammar fields (sizes, durations, seconds, counts) explained with the units.ts parsers and
// a machine-readable fix, unknown keys as warnings with a nearest-key suggestion.
import type { ErrorObject } from 'ajv';
import type { Document, LineCounter } from 'yaml';
import { isMap, type Node } from 'yaml';
import { parseCount, parseHumantime, parseSeconds, parseSize } from '../units';
import { DIAGNOSTIC_CODES as C } from './codes';
import { nodeSpan, rangeAt, resolvePath, zeroRange, type PathHit } from './ranges';
import { knownKeyHint, nearest } from './suggest';
import type { ConfigDiagnostic, ConfigPath, Range, Severity } from './types';

type Schema = Record<string, unknown>;

export interface MapContext {
  doc: Document;
  text: string;
  lineCounter: LineCounter;
  value: unknown;
}

/** '/workload/0/op' → ['workload', 0, 'op'], numbers only where the value really is an array. */
export function pointerToPath(pointer: string, root: unknown): ConfigPath {
  if (!pointer) return [];
  const out: ConfigPath = [];
  let cur: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur) && /^\d+$/.test(seg)) {
      out.push(Number(seg));
      cur = cur[Number(seg)];
    } else {
      out.push(seg);
      cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
    }
  }
  return out;
}

/** Collapse anyOf/oneOf: keep the errors of the branch whose type fits the value, or one type error if none does. */
export function collapseAlternatives(errors: ErrorObject[]): ErrorObject[] {
  const drop = new Set<number>();
  const add = new Map<number, ErrorObject>();
  errors.forEach((e, i) => {
    if (e.keyword !== 'anyOf' && e.keyword !== 'oneOf') return;
    drop.add(i);
    // ajv emits a failed alternative's branch errors right before the anyOf error itself.
    const branch: number[] = [];
    for (let j = i - 1; j >= 0; j--) {
      const p = errors[j].instancePath;
      if (p === e.instancePath || p.startsWith(`${e.instancePath}/`)) branch.push(j);
      else break;
    }
    const live = (j: number) => !drop.has(j) || add.has(j);
    const rootType = branch.filter(
      (j) => !drop.has(j) && errors[j].keyword === 'type' && errors[j].instancePath === e.instancePath,
    );
    const rest = branch.filter((j) => live(j) && !rootType.includes(j) && errors[j].keyword !== 'if');
    rootType.forEach((j) => drop.add(j));
    if (rest.length === 0) {
      const types = rootType.flatMap((j) => String(errors[j].params.type).split(','));
      add.set(i, {
        ...e,
        keyword: 'type',
        params: { type: [...new Set(types)].join(',') },
        message: 'must be ' + types.join(' or '),
      });
    }
  });
  const out: ErrorObject[] = [];
  errors.forEach((e, i) => {
    if (add.has(i)) out.push(add.get(i)!);
    else if (!drop.has(i) && e.keyword !== 'if') out.push(e);
  });
  return out;
}

const jsType = (v: unknown) =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? 'a list'
      : typeof v === 'object'
        ? 'a map'
        : typeof v === 'string'
          ? `the string '${v}'`
          : `${typeof v} ${String(v)}`;
const typeWord = (t: string) =>
  ({
    integer: 'an integer',
    number: 'a number',
    string: 'a string',
    boolean: 'true or false',
    object: 'a map',
    array: 'a list',
    null: 'null',
  })[t] ?? t;
const lastKey = (path: ConfigPath) => {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === 'string') return String(path[i]);
  return 'value';
};
const show = (v: unknown) => (typeof v === 'string' ? `'${v}'` : String(v));

export function hitRange(
  ctx: Pick<MapContext, 'text' | 'lineCounter'>,
  hit: PathHit,
  which: 'key' | 'value',
): Range | undefined {
  const node = hit.via?.node ?? (which === 'key' ? (hit.key ?? hit.value) : (hit.value ?? hit.key));
  const span = nodeSpan(node);
  return span ? rangeAt(ctx.lineCounter, ctx.text, span[0], span[1]) : undefined;
}

/** Where a missing key is reported: the map's first key (where sai3 reports it), else the parent key. */
function requiredRange(ctx: MapContext, hit: PathHit): Range {
  if (hit.via) return hitRange(ctx, hit, 'value') ?? zeroRange();
  const map = hit.value;
  if (isMap(map) && map.items.length && map.items[0].key) {
    const span = nodeSpan(map.items[0].key as Node);
    if (span) return rangeAt(ctx.lineCounter, ctx.text, span[0], span[1]);
  }
  return hitRange(ctx, hit, 'key') ?? zeroRange();
}

interface Grammar {
  code: string;
  message: string;
  fixed?: string;
}

function grammarProblem(g: string, v: unknown, key: string, schema: Schema): Grammar | undefined {
  switch (g) {
    case 'humantime': {
      const r = parseHumantime(v);
      const bare = typeof v === 'number' || (typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v));
      return {
        code: C.durationUnit,
        message: `${key}: ${r.ok ? String(schema['x-message']) : r.error}`,
        fixed: bare ? `${String(v).trim()}s` : undefined,
      };
    }
    case 'seconds': {
      const r = parseSeconds(v);
      const ht = parseHumantime(v);
      const fixed = ht.ok && ht.value % 1000 === 0 ? String(ht.value / 1000) : undefined;
      return {
        code: C.secondsFormat,
        message: `${key}: ${r.ok ? String(schema['x-message']) : r.error}`,
        fixed,
      };
    }
    case 'count': {
      const r = parseCount(v);
      const n = typeof v === 'string' ? Number(v.replace(/[,_ ]/g, '')) : typeof v === 'number' ? v : NaN;
      const fixed = Number.isSafeInteger(n) && n >= 0 ? String(n) : undefined;
      return {
        code: C.countFormat,
        message: `${key}: ${r.ok ? String(schema['x-message']) : r.error}`,
        fixed,
      };
    }
    case 'size': {
      const r = parseSize(v);
      const compact = typeof v === 'string' ? v.replace(/\s+/g, '') : undefined;
      const fixed = compact !== undefined && compact !== v && parseSize(compact).ok ? compact : undefined;
      return {
        code: C.sizeString,
        message: `${key}: ${r.ok ? String(schema['x-message']) : r.error}`,
        fixed,
      };
    }
    case 'bytes':
    case 'size-fixed': {
      if (typeof v !== 'string') return undefined; // plain type problem
      const r = parseSize(v.replace(/\s+/g, ''));
      const where =
        g === 'bytes'
          ? `${key} takes plain integer bytes (sai3 reads a u64)`
          : 'a fixed size is an integer number of bytes; size strings are only accepted inside a distribution map (type: uniform|lognormal)';
      return r.ok
        ? {
            code: C.sizeString,
            message: `${key}: '${v}' is a size string; ${where}: write ${r.value}`,
            fixed: r.value.toString(),
          }
        : { code: C.sizeString, message: `${key}: '${v}' is not a number of bytes; ${where}` };
    }
    default:
      return undefined;
  }
}

export function mapErrors(ctx: MapContext, raw: ErrorObject[]): ConfigDiagnostic[] {
  const out: ConfigDiagnostic[] = [];
  const seen = new Set<string>();
  const push = (
    hit: PathHit,
    range: Range,
    severity: Severity,
    code: string,
    message: string,
    data?: Record<string, unknown>,
  ) => {
    const msg = hit.via ? `${message} (via ${hit.via.kind})` : message;
    const k = `${code}|${range.start.line}:${range.start.character}|${msg}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push({ range, severity, code, message: msg, ...(data ? { data } : {}) });
  };
  for (const e of collapseAlternatives(raw)) {
    const path = pointerToPath(e.instancePath, ctx.value);
    const parent = (e.parentSchema ?? {}) as Schema;
    const key = lastKey(path);
    if (e.keyword === 'additionalProperties') {
      const extra = String(e.params.additionalProperty);
      const hit = resolvePath(ctx.doc, [...path, extra]);
      const known = Object.keys((parent.properties as Schema) ?? {});
      const hint = knownKeyHint(extra, path);
      const suggestion = hint ? undefined : nearest(extra, known);
      const where = path.length ? ` in ${lastKey(path)}` : '';
      const message = hint
        ? `'${extra}' is ignored by sai3-bench: ${hint}`
        : `unknown key '${extra}'${where} (ignored by sai3-bench)${suggestion ? `; did you mean '${suggestion}'?` : ''}`;
      push(hit, hitRange(ctx, hit, 'key') ?? zeroRange(), 'warning', C.unknownKey, message, {
        key: extra,
        ...(suggestion ? { suggestion } : {}),
      });
      continue;
    }
    const hit = resolvePath(ctx.doc, path);
    const range = hitRange(ctx, hit, 'value') ?? zeroRange();
    const v = e.data;
    if (e.keyword === 'required') {
      const missing = String(e.params.missingProperty);
      const where = path.length ? `'${lastKey(path)}'` : 'the config';
      const desc =
        ((parent.properties as Record<string, Schema> | undefined)?.[missing]?.description as
          string | undefined) ?? '';
      push(
        hit,
        requiredRange(ctx, hit),
        'error',
        C.required,
        `missing required key '${missing}' in ${where}${desc ? ` — ${desc.split('. ')[0].replace(/\.$/, '')}` : ''}`,
        { missing },
      );
      continue;
    }
    const grammar = parent['x-grammar'];
    if (typeof grammar === 'string' && ['type', 'pattern', 'minimum', 'maximum'].includes(e.keyword)) {
      if (grammar === 'enum-like') {
        const allowed = (parent['x-enum'] as string[]) ?? [];
        const suggestion = typeof v === 'string' ? nearest(v, allowed) : undefined;
        push(
          hit,
          range,
          'error',
          C.enum,
          `${key}: ${show(v)} is not accepted; ${String(parent['x-message'])}${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
          { allowed, ...(suggestion ? { suggestion } : {}) },
        );
        continue;
      }
      const g = grammarProblem(grammar, v, key, parent);
      if (g) {
        push(hit, range, 'error', g.code, g.message, g.fixed !== undefined ? { fixed: g.fixed } : {});
        continue;
      }
    }
    switch (e.keyword) {
      case 'enum':
      case 'const': {
        const allowed = ((e.params.allowedValues as unknown[]) ?? [e.params.allowedValue]).map(String);
        const suggestion = typeof v === 'string' ? nearest(v, allowed) : undefined;
        const hint = typeof parent['x-hint'] === 'string' ? ` (${parent['x-hint']})` : '';
        const severity = (parent['x-severity'] as Severity | undefined) ?? 'error';
        push(
          hit,
          range,
          severity,
          C.enum,
          `${key}: ${show(v)} is not one of ${allowed.join(', ')}${suggestion ? `; did you mean '${suggestion}'?` : ''}${hint}`,
          { allowed, ...(suggestion ? { suggestion } : {}) },
        );
        break;
      }
      case 'type': {
        const types = String(e.params.type).split(',');
        const quoted = typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) && types.includes('integer');
        const extra = quoted ? ' (sai3 rejects quoted numbers in integer fields: remove the quotes)' : '';
        push(
          hit,
          range,
          'error',
          C.type,
          `${key}: expected ${types.map(typeWord).join(' or ')}, got ${jsType(v)}${extra}`,
          { expected: types, ...(quoted ? { fixed: v.trim() } : {}) },
        );
        break;
      }
      default: {
        const custom = typeof parent['x-message'] === 'string' ? parent['x-message'] : e.message;
        push(hit, range, 'error', C.schema, `${key}: ${custom}`);
      }
    }
  }
  return out;
}
