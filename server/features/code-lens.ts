// CodeLenses at the top of a config: the estimate (informational), Pre-flight, and one Run per ladder step.
import type { CodeLens } from 'vscode-languageserver';
import type { Analysis } from '../analysis';
import { COMMANDS, type RunStep, type ServerSettings } from '../../core/lsp-contract';
import { defaultDepths } from '../../core/ladder';
import { lensSummary } from '../estimate-text';

const STEP_NAMES: Record<number, RunStep[]> = {
  1: ['full'],
  2: ['simple', 'full'],
  3: ['simple', 'medium', 'full'],
};

export function codeLenses(a: Analysis, settings: ServerSettings): CodeLens[] {
  if (!settings.codeLens.enabled || !a.ours || a.tooBig) return [];
  const loaded = a.loaded();
  const model = loaded?.model;
  if (!model) return [];
  const e = a.estimate();
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const lens = (title: string, command: string, args: unknown[]): CodeLens => ({
    range,
    command: { title, command, arguments: args },
  });
  const out: CodeLens[] = [];
  if (e) out.push(lens(lensSummary(e, model), COMMANDS.showEstimate, [a.uri]));
  out.push(lens('Pre-flight', COMMANDS.preflight, [a.uri]));
  const depth = e?.tree?.depth;
  if (depth) {
    const depths = defaultDepths(depth);
    const names = STEP_NAMES[depths.length] ?? ['full'];
    depths.forEach((d, i) =>
      out.push(lens(`Run ${names[i].toUpperCase()} (depth ${d})`, COMMANDS.run, [a.uri, names[i]])),
    );
  } else out.push(lens('Run', COMMANDS.run, [a.uri, 'full']));
  return out;
}
