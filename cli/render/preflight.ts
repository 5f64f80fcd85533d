// Pre-flight results grouped per agent, in sai3's shape (icons ✓ ℹ ⚠ ✗, type tags, `→ suggestion`,
// `Details:`, §4.6), plus the config position a result is about as `file:line:col`.
import type { PreflightItem, RunEvents } from '../../controller';

const ICON: Record<PreflightItem['level'], string> = { success: '✓', info: 'ℹ', warning: '⚠', error: '✗' };
const TAG: Record<string, string> = {
  authentication: '[AUTH]',
  permission: '[PERM]',
  network: '[NET]',
  configuration: '[CONFIG]',
  resource: '[RESOURCE]',
  system: '[SYSTEM]',
  unknown: '[UNKNOWN]',
};

export function preflightItemLines(item: PreflightItem, file?: string): string[] {
  const tag = item.level === 'warning' || item.level === 'error' ? `${TAG[item.type] ?? '[UNKNOWN]'} ` : '';
  const where = file && item.line ? ` (${file}:${item.line}:${item.column})` : '';
  const out = [`    ${ICON[item.level]} ${tag}${item.phase ? `${item.phase}: ` : ''}${item.message}${where}`];
  if (item.suggestion && (item.level === 'warning' || item.level === 'error'))
    out.push(`      → ${item.suggestion}`);
  if (item.details && item.level !== 'success' && item.phase !== 'calibration')
    out.push(`      Details: ${item.details}`);
  return out;
}

/** One agent's block: header line with the verdict, then each result (successes only with `verbose`). */
export function preflightAgentLines(
  e: RunEvents['preflight-result'],
  file?: string,
  verbose = false,
): string[] {
  const verdict = e.passed
    ? `passed${e.warnings ? ` with ${e.warnings} warning${e.warnings > 1 ? 's' : ''}` : ''}`
    : `FAILED (${e.errors} error${e.errors > 1 ? 's' : ''})`;
  const lines = [`  ${e.passed ? '✓' : '✗'} ${e.agent.id} (${e.agent.address}): ${verdict}`];
  for (const r of e.results)
    if (verbose || r.level === 'error' || r.level === 'warning' || r.phase === 'calibration')
      lines.push(...preflightItemLines(r, file));
  return lines;
}

export function preflightDoneLine(e: RunEvents['preflight-done']): string {
  return e.passed
    ? `✅ Pre-flight validation passed (${e.agents} agent${e.agents > 1 ? 's' : ''})`
    : `❌ Pre-flight validation FAILED — ${e.errors} error${e.errors === 1 ? '' : 's'}, ${e.warnings} warning${e.warnings === 1 ? '' : 's'} across ${e.agents} agent${e.agents > 1 ? 's' : ''}`;
}
