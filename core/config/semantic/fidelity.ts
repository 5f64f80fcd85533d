// Keys our agent refuses (core/fidelity): a warning at the key. Not an error: the config is valid for sai3-bench
// agents, which receive it untouched; our agent refuses it at pre-flight and START with the same text.
import { DIAGNOSTIC_CODES as C } from '../codes';
import { findRefusals } from '../../fidelity';
import { report, type SemanticContext } from './context';

export function checkFidelity(ctx: SemanticContext): void {
  for (const r of findRefusals(ctx.root))
    report(ctx, r.path, 'key', 'warning', C.unsupportedByAgent, r.message, { key: r.key });
}
