// Load a config: YAML with source ranges, schema validation, semantic checks, the model in real units.
// (Stub with the final API; the implementation replaces the body.)
import { parseDocument, LineCounter, type Document } from 'yaml';
import type { BenchModel } from '../model';
import { extractModel } from './model-extract';

/** 0-based line; character in UTF-16 code units (as LSP counts). */
export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}
export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface ConfigDiagnostic {
  range: Range;
  severity: Severity;
  /** Stable code, e.g. 'unknown-key', 'count-mismatch'; see DIAGNOSTIC_CODES. */
  code: string;
  message: string;
  /** What a quick fix needs (replacement text, allowed values, expected count...). */
  data?: Record<string, unknown>;
}

export interface LoadedConfig {
  text: string;
  doc: Document.Parsed | undefined;
  lineCounter: LineCounter;
  /** Plain JS value of the first document, aliases and `<<` merges resolved; undefined when unparseable. */
  value: unknown;
  model: BenchModel | undefined;
  diagnostics: ConfigDiagnostic[];
}

export function loadConfig(text: string): LoadedConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, keepSourceTokens: false });
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 1000 });
  } catch {
    value = undefined;
  }
  return { text, doc, lineCounter, value, model: extractModel(value), diagnostics: [] };
}
