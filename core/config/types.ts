// Shared types of the config loader (re-exported by ./index.ts, the public entry point).
import type { Document, LineCounter } from 'yaml';
import type { BenchModel } from '../model';

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

/** A path into the config value: map keys and sequence indices, e.g. ['prepare', 'ensure_objects', 0, 'count']. */
export type ConfigPath = (string | number)[];
