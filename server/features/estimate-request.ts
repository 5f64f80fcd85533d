// `iobench/estimate` ({ uri }) → DESIGN.md's estimate JSON, or null when the document is not a config.
import type { Analysis } from '../analysis';
import { estimateToJson } from '../../core/estimate';
import type { EstimateResult } from '../../core/lsp-contract';

export function estimateRequest(a: Analysis | undefined): EstimateResult {
  if (!a?.ours) return null;
  const e = a.estimate();
  return e ? estimateToJson(e) : null;
}
