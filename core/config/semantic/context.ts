// What every semantic check needs: the plain value to inspect and a way to report on the right YAML node.
import type { Document, LineCounter } from 'yaml';
import { formatCount } from '../../units';
import { hitRange } from '../error-map';
import { resolvePath, zeroRange } from '../ranges';
import type { ConfigDiagnostic, ConfigPath, Severity } from '../types';

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const asObj = (v: unknown): Obj | undefined => (isObj(v) ? v : undefined);
export const asArr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export interface SemanticContext {
  root: Obj;
  doc: Document;
  text: string;
  lineCounter: LineCounter;
  out: ConfigDiagnostic[];
}

/** Report at the key or value of `path` (falls back to the nearest existing ancestor). */
export function report(
  ctx: SemanticContext,
  path: ConfigPath,
  which: 'key' | 'value',
  severity: Severity,
  code: string,
  message: string,
  data?: Record<string, unknown>,
): void {
  let p = path;
  let hit = resolvePath(ctx.doc, p);
  while (!hit.value && !hit.key && p.length) {
    p = p.slice(0, -1);
    hit = resolvePath(ctx.doc, p);
  }
  const range = hitRange(ctx, hit, which) ?? zeroRange();
  ctx.out.push({
    range,
    severity,
    code,
    message: hit.via ? `${message} (via ${hit.via.kind})` : message,
    ...(data ? { data } : {}),
  });
}

/** Exact up to 21 digits (with separators), then scientific: keeps messages short for absurd trees. */
export function formatBig(n: bigint): string {
  const s = n.toString();
  if (s.length <= 21) return formatCount(n);
  return `~${s[0]}.${s.slice(1, 3)}e+${s.length - 1}`;
}
