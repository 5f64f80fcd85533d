// Pre-flight findings as diagnostics on the config lines they concern, without VS Code: a finding with a config
// position marks that value (the target / base_uri / target_override line); an agent that could not be reached or
// failed as a whole marks its `address` in distributed.agents (or, with local agents, the top of the file).
import { loadConfig, rangeOfPath, type LoadedConfig, type Range } from '../../core/config';
import type { PreflightItem } from '../../controller/events';
import { withoutAgent } from './format-output';

export interface AgentFindings {
  agent: { id: string; index: number; address: string };
  results: PreflightItem[];
}

export interface AgentFailure {
  agent: { id: string; index: number; address: string };
  message: string;
}

export interface PreflightDiagnostic {
  range: Range;
  severity: 'error' | 'warning' | 'info';
  message: string;
  code: string;
}

const line0: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** The whole text of 0-based `line` without its indentation. */
function lineRange(text: string, line: number): Range {
  const lines = text.split(/\r?\n/);
  const l = Math.max(0, Math.min(line, lines.length - 1));
  const s = lines[l] ?? '';
  const start = s.length - s.trimStart().length;
  return { start: { line: l, character: start }, end: { line: l, character: s.trimEnd().length } };
}

function agentRange(loaded: LoadedConfig, index: number): Range {
  return (
    rangeOfPath(loaded, ['distributed', 'agents', index, 'address'], 'value') ??
    rangeOfPath(loaded, ['distributed', 'agents'], 'key') ??
    line0
  );
}

/** Diagnostics for one pre-flight: warnings and errors (successes and plain info stay in the output). */
export function preflightDiagnostics(
  text: string,
  findings: readonly AgentFindings[],
  failures: readonly AgentFailure[] = [],
): PreflightDiagnostic[] {
  const loaded = loadConfig(text);
  const out: PreflightDiagnostic[] = [];
  for (const f of findings) {
    for (const i of f.results) {
      if (i.level !== 'error' && i.level !== 'warning') continue;
      const range =
        (i.configPath && rangeOfPath(loaded, i.configPath, 'value')) ||
        (i.line ? lineRange(text, i.line - 1) : agentRange(loaded, f.agent.index));
      out.push({
        range,
        severity: i.level,
        message: `pre-flight ${f.agent.id} (${f.agent.address}) ${i.phase}: ${i.message}${i.suggestion ? `\n${i.suggestion}` : ''}`,
        code: `preflight-${i.type}`,
      });
    }
  }
  for (const f of failures)
    out.push({
      range: agentRange(loaded, f.agent.index),
      severity: 'error',
      message: `pre-flight ${f.agent.id} (${f.agent.address}): ${withoutAgent(f.message, f.agent)}`,
      code: 'preflight-unreachable',
    });
  return out;
}
