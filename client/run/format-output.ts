// What the "iobench" output channel says about a run, without VS Code: one line (and a level) per event worth
// reading — stage transitions, tree/prepare progress with rate and ETA (at most one line per second per stage),
// one LiveStats line per second with p50/p95/p99 and the agents reporting, pre-flight findings with suggestions,
// errors naming the agent and its address, the prediction for the next ladder step, the results folder.
import { assertNever, type PreflightItem, type RunEventLine, type RunEvents } from '../../controller/events';
import { describeEvent, describeRow } from '../../controller/describe';
import { formatBytes, formatBytesBinary, formatCount, formatSeconds } from '../../core/units';
import type { StatusView } from './format-status';

export type OutputLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';
export interface OutputLine {
  level: OutputLevel;
  text: string;
}

const PROGRESS_EVERY_MS = 1000;
const MIB = 1024 * 1024;

export function ratesText(r: { mkdirPerSec?: number; createsPerSec?: number; bytesPerSec?: number }): string {
  const parts: string[] = [];
  if (r.mkdirPerSec) parts.push(`${formatCount(r.mkdirPerSec)} mkdir/s`);
  if (r.createsPerSec) parts.push(`${formatCount(r.createsPerSec)} creates/s`);
  if (r.bytesPerSec) parts.push(`${formatBytesBinary(r.bytesPerSec)}/s`);
  return parts.length ? parts.join(' · ') : 'no rates';
}

/** Connection errors already start with `agent-1 (host:port): `; say it once. */
export function withoutAgent(message: string, agent: { id: string; address: string }): string {
  const prefix = `${agent.id} (${agent.address}): `;
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}

/** On re-attach, events before `quietBefore` only update the state; these are still printed (the story so far). */
export const REPLAY_MILESTONES: ReadonlySet<RunEventLine['event']> = new Set<RunEventLine['event']>([
  'step-start',
  'run-start',
  'stage-start',
  'stage-summary',
  'preflight-done',
  'agent-error',
  'aborted',
  'prediction',
  'completed',
  'results-written',
]);

export function printedOnReplay(line: RunEventLine, quietBefore: number): boolean {
  return line.t >= quietBefore || REPLAY_MILESTONES.has(line.event);
}

const ICON: Record<PreflightItem['level'], string> = { success: '✓', info: 'ℹ', warning: '⚠', error: '✗' };

/** One pre-flight finding: `✗ agent-1 (127.0.0.1:7167) write: … (line 12) — suggestion`. */
export function preflightItemText(agent: { id: string; address: string }, i: PreflightItem): string {
  const where = i.line ? ` (config line ${i.line})` : '';
  const hint = i.suggestion ? ` — ${i.suggestion}` : '';
  return `  ${ICON[i.level]} ${agent.id} (${agent.address}) ${i.phase}: ${i.message}${where}${hint}`;
}

export function predictionText(p: RunEvents['prediction']): string {
  return `prediction for ${p.step} (from ${p.from}'s measured rates): ${formatCount(p.dirs)} dirs · ${formatCount(p.files)} files · ${formatBytes(p.bytes)} · tree ≈ ${formatSeconds(p.treeSeconds)} · prepare ≈ ${formatSeconds(p.prepareSeconds)}`;
}

/** `prepare: 1,234 / 5,000 (24%) · 812/s · ETA 5 s` */
export function progressText(p: NonNullable<StatusView['progress']>): string {
  const pct = p.total > 0 ? ` (${Math.floor((p.current / p.total) * 100)}%)` : '';
  const rate = p.perSec && p.perSec > 0 ? ` · ${formatCount(p.perSec)}/s` : '';
  const eta =
    p.etaSeconds !== undefined && p.current < p.total ? ` · ETA ${formatSeconds(p.etaSeconds)}` : '';
  return `${p.label}: ${formatCount(p.current)} / ${formatCount(p.total)}${pct}${rate}${eta}`;
}

/**
 * Turns the event stream into output lines. Stateful only to thin progress out (one line per second per stage,
 * plus the first and the last); `view` is the run state *after* the event (for rates and ETA).
 */
export class OutputFormatter {
  private lastProgressT = new Map<number, number>();

  format(e: RunEventLine, view: StatusView): OutputLine[] {
    const info = (text: string): OutputLine[] => [{ level: 'info', text }];
    const plain = () => describeEvent(e.event, e.data);
    switch (e.event) {
      case 'estimate': {
        const d = e.data;
        return info(
          `estimate${d.step ? ` ${d.step}` : ''}: ${formatCount(d.dirs)} dirs · ${formatCount(d.files)} files · ${formatBytes(d.bytes)} · tree ≈ ${formatSeconds(d.treeSeconds)} · prepare ≈ ${formatSeconds(d.prepareSeconds)}`,
        );
      }
      case 'step-start':
        return info(
          `═══ ladder step ${e.data.index + 1}/${e.data.of}: ${e.data.step} · results ${e.data.resultsDir} ═══`,
        );
      case 'run-start':
        return info(
          `${plain()} · ${e.data.agents.map((a) => `${a.id} ${a.address}`).join(', ')}${e.data.resultsDir ? ` · results ${e.data.resultsDir}` : ''}`,
        );
      case 'agent-connected':
      case 'agent-ready':
      case 'barrier-released':
        return [{ level: 'debug', text: plain() ?? e.event }];
      case 'barrier-reached':
        return [
          { level: 'trace', text: `barrier ${e.data.index}: ${e.data.agent.id} waiting (${e.data.waiting})` },
        ];
      case 'preflight-result': {
        const d = e.data;
        const lines: OutputLine[] = [{ level: d.passed ? 'info' : 'error', text: plain() ?? '' }];
        for (const i of d.results) {
          if (i.level === 'success' || (i.level === 'info' && i.phase !== 'calibration')) continue;
          lines.push({
            level: i.level === 'error' ? 'error' : i.level === 'warning' ? 'warn' : 'info',
            text: preflightItemText(d.agent, i),
          });
        }
        return lines;
      }
      case 'preflight-done':
        return [{ level: e.data.passed ? 'info' : 'error', text: plain() ?? '' }];
      case 'calibration':
        return Object.entries(e.data.agents).map(([id, r]) => ({
          level: 'info' as const,
          text: `measured ${id}: ${ratesText(r)}`,
        }));
      case 'stage-start':
        this.lastProgressT.delete(e.data.stage.index);
        return info(
          `── ${plain()}${e.data.stage.durationMs ? `, runs ${formatSeconds(e.data.stage.durationMs / 1000)}` : ''}`,
        );
      case 'progress': {
        const d = e.data;
        if (!d.total) return [];
        const last = this.lastProgressT.get(d.stage.index);
        const done = d.current >= d.total;
        if (last !== undefined && !done && e.t - last < PROGRESS_EVERY_MS) return [];
        if (last === Infinity) return []; // the final line is already out
        this.lastProgressT.set(d.stage.index, done ? Infinity : e.t);
        const p = view.progress && view.progress.total === d.total ? view.progress : { ...d, label: d.label };
        return info(`${d.stage.name} · ${progressText({ ...p, label: d.label })}`);
      }
      case 'live-stats': {
        const d = e.data;
        const mib = d.total.get.mibPerSec + d.total.put.mibPerSec;
        const bw = mib > 0 ? ` · total ${formatBytesBinary(mib * MIB)}/s` : '';
        return info(
          `[${d.stage.name} ${d.elapsedS.toFixed(0)}s] ${describeRow(d.total)}${bw} · ${d.agents.length}/${view.agents || d.agents.length} agents reporting`,
        );
      }
      case 'stage-summary':
        return info(plain() ?? '');
      case 'agent-error': {
        const { agent, message, stage } = e.data;
        return [
          {
            level: 'error',
            text: `error: ${agent.id} (${agent.address})${stage ? ` in ${stage.name}` : ''}: ${withoutAgent(message, agent)}`,
          },
        ];
      }
      case 'log':
        return [{ level: e.data.level === 'warning' ? 'warn' : 'info', text: e.data.message }];
      case 'aborted':
        return [{ level: 'warn', text: plain() ?? 'aborted' }];
      case 'prediction':
        return info(predictionText(e.data));
      case 'completed':
        // an abort someone asked for is not an error
        return view.outcome?.aborted && !e.data.ok
          ? [{ level: 'warn', text: `run aborted: ${e.data.message ?? 'stopped'}` }]
          : [{ level: e.data.ok ? 'info' : 'error', text: plain() ?? '' }];
      case 'results-written':
        return info(`results: ${e.data.dir} (${e.data.files.length} files)`);
      default:
        return assertNever(e);
    }
  }
}
