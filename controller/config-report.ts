// Config errors as `file:line:col: error: message` (the DESIGN.md contract) for text that may not be a file
// on disk (a ladder step), and 1-based positions of config paths for pre-flight results and plan errors.
// Every host reports a config the same way, so these live here rather than in one host's renderer.
import { loadConfig, rangeOfPath, type LoadedConfig } from '../core/config';
import type { ConfigPath, PlanError } from './per-agent-config';

/** 1-based line/column of the value at `path`, or of its deepest existing ancestor. */
export function locate(loaded: LoadedConfig, path: ConfigPath): { line: number; column: number } | undefined {
  for (let n = path.length; n >= 0; n--) {
    const r = rangeOfPath(loaded, path.slice(0, n), 'value');
    if (r) return { line: r.start.line + 1, column: r.start.character + 1 };
  }
  return undefined;
}

const yamlMessage = (m: string) => m.split('\n')[0].replace(/ at line \d+, column \d+:?\s*$/, '');

/** Error lines for the config's own diagnostics and YAML errors; [] when it loads cleanly. */
export function configErrors(file: string, loaded: LoadedConfig): string[] {
  const lines: string[] = [];
  for (const d of loaded.diagnostics)
    if (d.severity === 'error')
      lines.push(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: error: ${d.message}`);
  if (!lines.length)
    for (const e of loaded.doc?.errors ?? []) {
      const pos = e.linePos?.[0] ?? { line: 1, col: 1 };
      lines.push(`${file}:${pos.line}:${pos.col}: error: ${yamlMessage(e.message)}`);
    }
  if (!lines.length && !loaded.model)
    lines.push(`${file}:1:1: error: not a sai3-bench config (the document must be a YAML map)`);
  return lines;
}

export function planErrorLines(file: string, loaded: LoadedConfig, errors: PlanError[]): string[] {
  return errors.map((e) => {
    const p = locate(loaded, e.path) ?? { line: 1, column: 1 };
    return `${file}:${p.line}:${p.column}: error: ${e.message}`;
  });
}

export function load(text: string): LoadedConfig {
  return loadConfig(text);
}
