// Command arguments without VS Code: CodeLens, palette, menus and other extensions call our commands with
// different shapes; these helpers turn them into one typed form.

import { RUN_STEPS, type RunStep } from '../protocol';

export type Step = RunStep;
export const STEPS: readonly Step[] = RUN_STEPS;

/** Something that names a document: a URI string, a vscode.Uri (has toString + scheme), or `{ uri }`. */
export function uriArg(arg: unknown): string | undefined {
  if (typeof arg === 'string') return /^[a-z][a-z0-9+.-]*:/i.test(arg) ? arg : undefined;
  if (arg && typeof arg === 'object') {
    const o = arg as Record<string, unknown>;
    if (
      typeof o.scheme === 'string' &&
      typeof o.toString === 'function' &&
      o.toString !== Object.prototype.toString
    ) {
      return String(o.toString());
    }
    if ('uri' in o) return uriArg(o.uri);
    if ('resourceUri' in o) return uriArg(o.resourceUri);
  }
  return undefined;
}

export function stepArg(arg: unknown): Step | undefined {
  if (typeof arg !== 'string') return undefined;
  const s = arg.trim().toLowerCase();
  return (STEPS as readonly string[]).includes(s) ? (s as Step) : undefined;
}

/** `iobench.run` is called as `[uri, step]` by the CodeLens; from the palette with nothing. */
export function runArgs(args: readonly unknown[]): { uri?: string; step?: Step } {
  const uri = uriArg(args[0]);
  const step = stepArg(args[1]) ?? stepArg(args[0]);
  return { uri, step };
}

/** `bench.yaml` + `SIMPLE` → `bench.SIMPLE.yaml` (the extension of the config is kept). */
export function ladderFileName(fileName: string, stepName: string): string {
  const m = /^(.*?)(\.ya?ml)$/i.exec(fileName);
  const base = m ? m[1] : fileName;
  const ext = m ? m[2] : '.yaml';
  return `${base}.${stepName.toUpperCase()}${ext}`;
}
