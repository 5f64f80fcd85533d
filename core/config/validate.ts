// JSON-schema validation of the plain config value. The validator is compiled once per process (module level):
// compiling takes tens of milliseconds, validating a config well under one.
import Ajv, { type ErrorObject } from 'ajv';
import schema from '../../schemas/iobench.schema.json';
import { MAX_ARRAY_ITEMS } from './limits';
import type { ConfigPath } from './types';

// verbose: errors carry parentSchema (for x-grammar / x-message / x-severity and the known keys of a map).
const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
const validateFn = ajv.compile(schema as object);

export { schema };

export interface Validation {
  errors: ErrorObject[];
  /** Lists longer than MAX_ARRAY_ITEMS: only their first items were validated. */
  truncated: ConfigPath[];
}

/**
 * ajv's error collection grows superlinearly past ~10^4 errors (60,000 bad list items took minutes), so lists are
 * validated up to MAX_ARRAY_ITEMS items. Real configs have a handful; the value is only copied when one is longer.
 */
function bounded(value: unknown, truncated: ConfigPath[]): unknown {
  const tooLong = (v: unknown, depth: number): boolean =>
    depth < 64 &&
    typeof v === 'object' &&
    v !== null &&
    (Array.isArray(v)
      ? v.length > MAX_ARRAY_ITEMS || v.some((x) => tooLong(x, depth + 1))
      : Object.values(v).some((x) => tooLong(x, depth + 1)));
  if (!tooLong(value, 0)) return value;
  const copy = (v: unknown, path: ConfigPath): unknown => {
    if (typeof v !== 'object' || v === null || path.length > 64) return v;
    if (Array.isArray(v)) {
      if (v.length > MAX_ARRAY_ITEMS) truncated.push(path);
      return v.slice(0, MAX_ARRAY_ITEMS).map((x, i) => copy(x, [...path, i]));
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copy(x, [...path, k])]));
  };
  return copy(value, []);
}

export function validateValue(value: unknown): Validation {
  const truncated: ConfigPath[] = [];
  try {
    const v = bounded(value, truncated);
    return { errors: validateFn(v) ? [] : [...(validateFn.errors ?? [])], truncated };
  } catch {
    // ajv recursion on a pathological value: treat as unvalidated (parse limits make this unreachable).
    return { errors: [], truncated };
  }
}
