// Checks sai3-bench only makes at run time (spec §1.9), moved to edit time. Each check is its own module.
import type { Document, LineCounter } from 'yaml';
import type { ConfigDiagnostic } from '../types';
import { isObj, type SemanticContext } from './context';
import { checkBaseUri, checkDistributed, checkEndpoints } from './distributed';
import { checkFidelity } from './fidelity';
import { checkFloatIntegers } from './floats';
import { checkSizes } from './sizes';
import { checkStages } from './stages';
import { checkTree } from './tree';
import { checkWorkload } from './workload';

const CHECKS = [
  checkFloatIntegers,
  checkTree,
  checkSizes,
  checkWorkload,
  checkStages,
  checkDistributed,
  checkEndpoints,
  checkBaseUri,
  checkFidelity,
];

export function semanticChecks(
  value: unknown,
  doc: Document,
  text: string,
  lineCounter: LineCounter,
): ConfigDiagnostic[] {
  if (!isObj(value)) return [];
  const ctx: SemanticContext = { root: value, doc, text, lineCounter, out: [] };
  for (const check of CHECKS) {
    try {
      check(ctx);
    } catch {
      // A check tripping over an odd shape must not hide the others (loadConfig never throws).
    }
  }
  return ctx.out;
}
