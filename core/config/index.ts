// Load a config: YAML with source ranges, schema validation, semantic checks, the model in real units.
//
// Limits (also in docs/config-limits.md) — loadConfig never throws and stays fast on any input:
//   - text longer than 2 MiB (MAX_TEXT_LENGTH): one `limit` error at 0:0, nothing else is done;
//   - collections nested deeper than 256 levels: one `limit` error, not parsed further;
//   - aliases expanding to more than 10,000 nodes (alias bombs): one `limit` error at the first alias;
//   - control characters / NUL bytes: a `yaml-syntax` error at the first one;
//   - at most 500 diagnostics per file, then one `limit` summary;
//   - lists longer than 1,000 items: only the first 1,000 are schema-checked (one `limit` warning);
//   - tree counts are exact BigInts, computed only while width^depth < 2^4096 (bigger: an "absurd tree" warning).
// Only the first YAML document is a config (others get a `multi-document` warning). Positions are 0-based lines
// and UTF-16 characters, as LSP counts them.
import { LineCounter, type Document } from 'yaml';
import { DIAGNOSTIC_CODES as C } from './codes';
import { hitRange } from './error-map';
import { mapErrors } from './error-map';
import { MAX_ARRAY_ITEMS, MAX_DIAGNOSTICS } from './limits';
import { extractModel } from './model-extract';
import { parseText } from './parse';
import { resolvePath, zeroRange } from './ranges';
import { semanticChecks } from './semantic';
import type { ConfigDiagnostic, ConfigPath, LoadedConfig, Range } from './types';
import { schema, validateValue } from './validate';

export type { Position, Range, Severity, ConfigDiagnostic, LoadedConfig, ConfigPath } from './types';
export { DIAGNOSTIC_CODES, type DiagnosticCode } from './codes';
export { schema };

const byPosition = (a: ConfigDiagnostic, b: ConfigDiagnostic) =>
  a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;

export function loadConfig(text: string): LoadedConfig {
  try {
    return load(typeof text === 'string' ? text : String(text ?? ''));
  } catch (e) {
    // Last line of defence: every stage already catches its own failures.
    const lineCounter = new LineCounter();
    return {
      text: String(text ?? ''),
      doc: undefined,
      lineCounter,
      value: undefined,
      model: undefined,
      diagnostics: [
        {
          range: zeroRange(),
          severity: 'error',
          code: C.limit,
          message: `internal error while loading this file: ${String((e as Error)?.message ?? e)}`,
        },
      ],
    };
  }
}

function load(src: string): LoadedConfig {
  const parsed = parseText(src);
  const { doc, lineCounter, value } = parsed;
  const diagnostics = [...parsed.diagnostics];
  const loaded: LoadedConfig = { text: src, doc, lineCounter, value, model: undefined, diagnostics };
  if (doc && parsed.usable) {
    try {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        diagnostics.push({
          range:
            hitRange({ text: src, lineCounter }, resolvePath(doc as Document, []), 'value') ?? zeroRange(),
          severity: 'error',
          code: value === null || value === undefined ? C.required : C.type,
          message:
            value === null || value === undefined
              ? 'empty config: a sai3-bench config needs at least a `workload` list'
              : 'a sai3-bench config is a YAML map (key: value lines) with at least a `workload` list',
          ...(value === null || value === undefined ? { data: { missing: 'workload' } } : {}),
        });
      } else {
        const ctx = { doc, text: src, lineCounter, value };
        const checked = validateValue(value);
        diagnostics.push(...mapErrors(ctx, checked.errors));
        for (const path of checked.truncated)
          diagnostics.push({
            range: rangeOfPath(loaded, path, 'key') ?? zeroRange(),
            severity: 'warning',
            code: C.limit,
            message: `only the first ${MAX_ARRAY_ITEMS} items of this list were checked against the schema`,
          });
        diagnostics.push(...semanticChecks(value, doc, src, lineCounter));
      }
    } catch (e) {
      diagnostics.push({
        range: zeroRange(),
        severity: 'error',
        code: C.limit,
        message: `internal error while checking this file: ${String((e as Error)?.message ?? e)}`,
      });
    }
  }
  try {
    loaded.model = extractModel(value);
  } catch {
    loaded.model = undefined;
  }
  diagnostics.sort(byPosition);
  if (diagnostics.length > MAX_DIAGNOSTICS) {
    const dropped = diagnostics.length - MAX_DIAGNOSTICS;
    diagnostics.length = MAX_DIAGNOSTICS;
    diagnostics.push({
      range: zeroRange(),
      severity: 'warning',
      code: C.limit,
      message: `${dropped} more problems not shown (limit ${MAX_DIAGNOSTICS} per file)`,
    });
  }
  return loaded;
}

/** Range of the key or value at `path` (aliases/merges resolved to their usage), for placing results elsewhere. */
export function rangeOfPath(
  loaded: LoadedConfig,
  path: ConfigPath,
  which: 'key' | 'value',
): Range | undefined {
  if (!loaded.doc) return undefined;
  try {
    const hit = resolvePath(loaded.doc, path);
    if (!hit.value && !hit.key) return undefined;
    return hitRange(loaded, hit, which);
  } catch {
    return undefined;
  }
}
