// The status bar while a run is live, without VS Code: `$(sync~spin) iobench SIMPLE · prepare 42% · 1.2 GiB/s`,
// its tooltip, and the short-lived outcome once the run is over. Input is the part of the controller's RunState
// the status bar shows (runStatusView in run-view.ts maps a RunState onto it).
import type { StatsRow } from '../../controller/events';
import { formatBytesBinary, formatCount, formatSeconds } from '../../core/units';

export interface StatusView {
  step?: string;
  phase: 'starting' | 'preflight' | 'running' | 'finished';
  stage?: { name: string; index: number; count: number; durationMs?: number };
  progress?: { label: string; current: number; total: number; perSec?: number; etaSeconds?: number };
  /** seconds into a time-based stage (from the last live-stats) */
  elapsedS?: number;
  total?: StatsRow;
  agents: number;
  outcome?: { ok: boolean; wallSeconds?: number; message?: string; aborted?: boolean };
  resultsDir?: string;
}

const MIB = 1024 * 1024;

/** `1.2 GiB/s` from a live total (GET + PUT bandwidth), else `12,345 ops/s`, else undefined. */
export function throughput(r: StatsRow | undefined): string | undefined {
  if (!r) return undefined;
  const mib = (r.get.mibPerSec || 0) + (r.put.mibPerSec || 0);
  if (mib > 0) return `${formatBytesBinary(mib * MIB)}/s`;
  const ops = (r.get.opsPerSec || 0) + (r.put.opsPerSec || 0) + (r.meta.opsPerSec || 0);
  return ops > 0 ? `${formatCount(ops)} ops/s` : undefined;
}

/** 0..100 for the current stage: counted progress, else the time-based stage's elapsed share. */
export function stagePercent(v: StatusView): number | undefined {
  const p = v.progress;
  if (p && p.total > 0) return Math.min(100, Math.floor((p.current / p.total) * 100));
  const d = v.stage?.durationMs;
  if (d && v.elapsedS !== undefined) return Math.min(100, Math.floor(((v.elapsedS * 1000) / d) * 100));
  return undefined;
}

function stageFigure(v: StatusView): string | undefined {
  if (v.phase === 'preflight') return 'pre-flight';
  if (!v.stage) return v.phase === 'starting' ? 'starting' : undefined;
  const pct = stagePercent(v);
  return pct === undefined ? v.stage.name : `${v.stage.name} ${pct}%`;
}

function rateFigure(v: StatusView): string | undefined {
  const t = throughput(v.total);
  if (t) return t;
  const p = v.progress;
  return p?.perSec && p.perSec > 0 ? `${formatCount(p.perSec)}/s` : undefined;
}

/** The status bar text of a live run, or the outcome of a finished one. */
export function statusText(v: StatusView): string {
  const step = v.step ? ` ${v.step}` : '';
  if (v.phase === 'finished') {
    const o = v.outcome;
    if (o?.aborted) return `$(circle-slash) iobench${step} aborted`;
    if (o?.ok)
      return `$(check) iobench${step} done${o.wallSeconds !== undefined ? ` · ${formatSeconds(o.wallSeconds)}` : ''}`;
    return `$(error) iobench${step} failed`;
  }
  const parts = [stageFigure(v), rateFigure(v)].filter((x): x is string => !!x);
  return `$(sync~spin) iobench${step}${parts.length ? ` · ${parts.join(' · ')}` : ''}`;
}

/** Tooltip (plain text lines; the glue adds the Abort link). */
export function statusTooltip(v: StatusView): string {
  const lines: string[] = [];
  lines.push(`iobench run${v.step ? ` ${v.step}` : ''} · ${v.agents} agent${v.agents === 1 ? '' : 's'}`);
  if (v.stage) lines.push(`stage ${v.stage.index + 1}/${v.stage.count}: ${v.stage.name}`);
  const p = v.progress;
  if (p && p.total > 0) {
    const eta =
      p.etaSeconds !== undefined && v.phase !== 'finished' ? ` · ETA ${formatSeconds(p.etaSeconds)}` : '';
    lines.push(`${p.label}: ${formatCount(p.current)} / ${formatCount(p.total)}${eta}`);
  }
  const t = throughput(v.total);
  if (t) lines.push(`throughput ${t}`);
  if (v.phase === 'finished' && v.outcome) {
    lines.push(
      v.outcome.ok
        ? 'finished: every stage completed on every agent'
        : `failed: ${v.outcome.message ?? 'see the output'}`,
    );
  }
  if (v.resultsDir) lines.push(`results: ${v.resultsDir}`);
  return lines.join('\n');
}
