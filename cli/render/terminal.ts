// Renders controller events on a terminal: connection and pre-flight lines, a cli-progress bar while a stage
// counts objects (tree, prepare, cleanup), one live-stats line per second while a workload runs (per agent
// with -v), then the summary table and where the results are. Without a TTY the bar prints one line per second
// (cli-progress noTTY mode), so logs and tests see progress too.
import { SingleBar } from 'cli-progress';
import {
  BarrierArrivals,
  ConnectTally,
  assertNever,
  describeRow,
  slowestAgent,
  initialRunState,
  reduceRun,
  runEvent,
  type AgentRates,
  type RunState,
  type AnyRunEvent,
  type RunEventName,
  type RunEvents,
} from '../../controller';
import { formatError, formatPredicted } from '../../core/estimate';
import { formatBytes, formatCount, formatSeconds } from '../../core/units';
import { preflightAgentLines, preflightDoneLine } from './preflight';
import { summaryTable } from './summary';

export interface TerminalOptions {
  out?: NodeJS.WriteStream;
  err?: NodeJS.WriteStream;
  verbose?: boolean;
  /** config file name, for `file:line:col` in pre-flight results */
  file?: string;
  /** replaying a finished run (attach): skip per-second lines and bars, keep what a summary needs */
  replay?: boolean;
  /** the caller already printed the estimate table */
  estimatePrinted?: boolean;
}

const TIME_BASED = new Set(['execute', 'hybrid']);
/** Above this many agents, lines that would repeat for every agent are summed up (every one with -v). */
const PER_AGENT_LINES_MAX = 8;

/** `  measured agent-1: 5,000 mkdir/s · 3,000 creates/s · 12 MB/s` per agent. */
export function ratesLines(rates: Record<string, AgentRates>): string[] {
  return Object.entries(rates).map(
    ([id, r]) =>
      `  measured ${id}: ${r.mkdirPerSec ? `${formatCount(r.mkdirPerSec)} mkdir/s · ` : ''}${r.createsPerSec ? `${formatCount(r.createsPerSec)} creates/s · ` : ''}${r.bytesPerSec ? `${formatBytes(r.bytesPerSec)}/s` : ''}`,
  );
}

export class TerminalRenderer {
  private readonly out: NodeJS.WriteStream;
  private readonly err: NodeJS.WriteStream;
  private bar?: SingleBar;
  private barStage = -1;
  private doneLine?: RunEvents['progress'];
  private liveNoteStage = -1;
  /** what every host renders from (controller/run-state); the fields below are only this renderer's own */
  state: RunState = initialRunState();
  private agentCount = 0;
  private tally = new ConnectTally(0);
  private readonly arrivals = new BarrierArrivals();
  ok?: boolean;
  /** attach: history is replayed compactly, then live events render fully */
  replay: boolean;

  constructor(private readonly opts: TerminalOptions = {}) {
    this.out = opts.out ?? process.stdout;
    this.err = opts.err ?? process.stderr;
    this.replay = opts.replay ?? false;
  }

  /** many agents and no -v: one line for what would be one per agent */
  private get atScale(): boolean {
    return !this.opts.verbose && this.agentCount > PER_AGENT_LINES_MAX;
  }

  private line(s = ''): void {
    this.stopBar();
    this.out.write(`${s}\n`);
  }

  private errLine(s: string): void {
    this.stopBar();
    this.err.write(`${s}\n`);
  }

  private stopBar(): void {
    if (!this.bar) return;
    this.bar.stop();
    this.bar = undefined;
  }

  private showBar(e: RunEvents['progress']): void {
    if (this.replay) return;
    if (!this.bar && e.current >= e.total) {
      // Finished before a bar was up (fast stage): one static line instead of a bar started and stopped at
      // once — printed when the stage ends, since agents that have not reported yet would be missing from the
      // total now (one agent's 724/724 instead of 1448/1448).
      this.doneLine = e;
      return;
    }
    this.doneLine = undefined;
    if (!this.bar || this.barStage !== e.stage.index) {
      this.stopBar();
      this.bar = new SingleBar({
        format: '  {label} |{bar}| {percentage}% | {value}/{total} | {duration_formatted}',
        barCompleteChar: '█',
        barIncompleteChar: '░',
        hideCursor: false,
        gracefulExit: false,
        noTTYOutput: true,
        notTTYSchedule: 1000,
        stream: this.out,
        etaBuffer: 20,
      });
      this.barStage = e.stage.index;
      this.bar.start(e.total, e.current, { label: e.label });
    } else {
      this.bar.setTotal(e.total);
      this.bar.update(e.current, { label: e.label });
    }
  }

  /** The static line of a stage that finished before a bar was up (see showBar). */
  private flushDone(stageIndex: number): void {
    const e = this.doneLine;
    if (!e || e.stage.index !== stageIndex) return;
    this.doneLine = undefined;
    this.barStage = stageIndex;
    this.line(`  ${e.label} ${'█'.repeat(40)} 100% | ${e.current}/${e.total}`);
  }

  /** The (name, data) form of `emitter.onAny`. */
  handle<K extends RunEventName>(name: K, data: RunEvents[K]): void {
    this.render(runEvent(name, data));
  }

  render(ev: AnyRunEvent): void {
    this.state = reduceRun(this.state, ev);
    const st = this.state;
    switch (ev.event) {
      case 'step-start': {
        const e = ev.data;
        if (e.of > 1) this.line(`\n═══ ladder step ${e.index + 1}/${e.of}: ${e.step} ═══`);
        return;
      }
      case 'estimate':
        return this.onEstimate(ev.data);
      case 'run-start': {
        const e = ev.data;
        this.agentCount = e.agents.length;
        this.tally = new ConnectTally(e.agents.length);
        return this.line(
          `\nRun ${e.runId.slice(0, 8)}: ${e.agents.length} agent${e.agents.length > 1 ? 's' : ''} · stages ${e.stages.map((s) => s.name).join(' → ')}`,
        );
      }
      case 'agent-connected': {
        const e = ev.data;
        const all = this.tally.add(e);
        if (!this.atScale)
          return this.line(`  ✓ ${e.agent.id} ${e.agent.address} connected (${e.version}, ${e.ms} ms)`);
        if (all)
          this.line(`  ✓ ${all.agents} agents connected (slowest: ${all.slowest.id}, ${all.slowest.ms} ms)`);
        return;
      }
      case 'preflight-result': {
        const e = ev.data;
        // at scale, an agent that passed cleanly is only counted (in the done line)
        if (this.atScale && e.passed && !e.warnings) return;
        return this.line(preflightAgentLines(e, this.opts.file, this.opts.verbose).join('\n'));
      }
      case 'preflight-done':
        return this.line(preflightDoneLine(ev.data));
      case 'calibration':
        if (this.opts.verbose) for (const l of ratesLines(ev.data.agents)) this.line(l);
        return;
      case 'agent-ready': {
        const e = ev.data;
        if (this.opts.verbose)
          this.line(`  ${e.agent.id} READY (clock offset ${e.clockOffsetMs.toFixed(1)} ms)`);
        return;
      }
      case 'stage-start': {
        const e = ev.data;
        const dur = e.stage.durationMs;
        return this.line(
          `\n── stage ${e.stage.index + 1}/${st.stages.length || '?'}: ${e.stage.name} (${e.stage.type})${dur ? ` ${formatSeconds(dur / 1000)}` : ''}`,
        );
      }
      case 'progress': {
        const e = ev.data;
        if (e.total > 0 && !TIME_BASED.has(e.stage.type)) this.showBar(e);
        return;
      }
      case 'live-stats':
        return this.onLive(ev.data);
      case 'barrier-reached':
        return this.arrivals.reached(ev.data, Date.now());
      case 'barrier-released': {
        const e = ev.data;
        this.flushDone(e.index);
        if (this.bar && this.barStage === e.index) {
          this.bar.update(this.bar.getTotal());
          this.stopBar();
        }
        const agents = Object.values(st.agents);
        const offsets = agents.flatMap((a) =>
          a.clockOffsetMs === undefined ? [] : [Math.abs(a.clockOffsetMs)],
        );
        const extra =
          e.index === 0 && offsets.length
            ? ` — all ${agents.length} agents released together (max clock offset ${Math.max(...offsets).toFixed(1)} ms)`
            : '';
        const last = this.arrivals.released(e.index);
        const lag = this.agentCount > 1 && last ? ` — last: ${last.id} (+${last.lagS.toFixed(1)} s)` : '';
        return this.line(
          `  ✓ ${e.stage.name} done on every agent (barrier ${e.index} released)${extra}${lag}`,
        );
      }
      case 'stage-summary': {
        const e = ev.data;
        this.flushDone(e.stage.index);
        if (e.total.get.ops || e.total.put.ops || e.total.meta.ops)
          this.line(
            `  ${e.stage.name}: ${describeRow(e.total)}${e.total.latency === 'hdr' ? '' : ' (op-weighted)'}`,
          );
        // Failed operations are counted by the agents, not fatal: a run can complete with many of them.
        if (e.total.errors > 0)
          this.errLine(
            `  ⚠ ${e.stage.name}: ${formatCount(e.total.errors)} operation${e.total.errors === 1 ? '' : 's'} failed (${e.agents
              .filter((a) => a.errors > 0)
              .map((a) => `${a.id}: ${formatCount(a.errors)}`)
              .join(', ')})`,
          );
        return;
      }
      case 'agent-error': {
        const e = ev.data;
        return this.errLine(`✗ ${e.agent.id} (${e.agent.address}): ${e.message}`);
      }
      case 'log': {
        const e = ev.data;
        return this.errLine(`${e.level === 'warning' ? '⚠' : 'ℹ'} ${e.message}`);
      }
      case 'aborted': {
        const e = ev.data;
        this.errLine(`✗ Run aborted: ${e.reason}`);
        const fine = e.agents.filter((a) => a.ok && a.idle);
        if (this.atScale && fine.length)
          this.errLine(`    ✓ ${fine.length} agent${fine.length > 1 ? 's' : ''} aborted, idle`);
        for (const a of this.atScale ? e.agents.filter((x) => !x.ok || !x.idle) : e.agents)
          this.errLine(
            `    ${a.ok ? '✓' : '✗'} ${a.id} ${a.ok ? `aborted${a.idle ? ', idle' : ', not idle yet'}${a.message ? ` (${a.message})` : ''}` : `did not confirm the abort${a.message ? `: ${a.message}` : ''}`}`,
          );
        return;
      }
      case 'completed':
        return this.onCompleted(ev.data);
      case 'results-written':
        return;
      case 'prediction':
        return; // said after the step's summary and results path (it is written just before `completed`)
      default:
        return assertNever(ev);
    }
  }

  private onEstimate(e: RunEvents['estimate']): void {
    if (e.measured) {
      this.line(
        `  with the measured rates: tree ≈ ${formatPredicted(e.treeSeconds, e.treeRange)} · prepare ≈ ${formatPredicted(e.prepareSeconds, e.prepareRange)}${e.ratesSource ? ` (${e.ratesSource})` : ''}`,
      );
      return;
    }
    if (this.opts.estimatePrinted) return;
    this.line(
      `Estimate${e.step ? ` (${e.step})` : ''}: ${formatCount(e.dirs)} dirs · ${formatCount(e.files)} files · ${formatBytes(e.bytes)} · tree ≈ ${formatPredicted(e.treeSeconds, e.treeRange)} · prepare ≈ ${formatPredicted(e.prepareSeconds, e.prepareRange)}`,
    );
  }

  private onLive(e: RunEvents['live-stats']): void {
    if (this.replay || !TIME_BASED.has(e.stage.type)) return;
    if (!e.elapsedS) return; // no agent has reported in this stage yet
    if (this.liveNoteStage !== e.stage.index) {
      this.liveNoteStage = e.stage.index;
      this.line(
        `  (per second; p50/p95/p99 = each agent's values so far in the stage, op-weighted across agents)`,
      );
    }
    const dur = e.stage.durationMs;
    const clock = `${Math.round(e.elapsedS)}s${dur ? `/${(dur / 1000).toFixed(0)}s` : ''}`;
    const cpu = e.total.cpu ? ` | CPU ${e.total.cpu.total.toFixed(0)}%` : '';
    const slow = slowestAgent(e);
    const slowest = slow ? ` | slowest ${slow.id} ${formatCount(Math.round(slow.opsPerSec))} ops/s` : '';
    this.line(`  [${e.stage.name} ${clock}] total: ${describeRow(e.total)}${cpu}${slowest}`);
    if (this.opts.verbose) for (const a of e.agents) this.line(`      ${a.id}: ${describeRow(a)}`);
  }

  private onCompleted(e: RunEvents['completed']): void {
    this.ok = e.ok;
    const { summaries, results, prediction: p, step } = this.state;
    if (summaries.length) this.line(`\n${summaryTable(summaries, this.opts.verbose)}`);
    const failedOps = summaries.reduce((n, x) => n + x.total.errors, 0);
    if (e.ok)
      this.line(
        `\n✅ Completed: every stage on every agent (${e.wallSeconds.toFixed(1)} s)${failedOps ? ` — ⚠ ${formatCount(failedOps)} failed operation${failedOps === 1 ? '' : 's'}, see the stage lines above` : ''}`,
      );
    else this.errLine(`\n❌ Run failed: ${e.message ?? 'unknown reason'}`);
    if (results) this.line(`Results: ${results.dir}`);
    for (const c of e.prediction ?? [])
      this.line(
        `Prediction check: ${c.stage} took ${formatPredicted(c.measuredSeconds)}, predicted ${formatPredicted(c.predictedSeconds, c.range)} → ${formatError(c.predictedSeconds, c.measuredSeconds)}${c.range && (c.measuredSeconds < c.range[0] || c.measuredSeconds > c.range[1]) ? ' (outside the range)' : ''}`,
      );
    // the state keeps the prediction made for this step; only one made by it is news
    if (!p || p.from !== step?.name) return;
    for (const l of ratesLines(p.rates)) this.line(l);
    this.line(
      `\nPrediction for ${p.step} from these rates: ${formatCount(p.dirs)} dirs · ${formatCount(p.files)} files · ${formatBytes(p.bytes)} · tree ≈ ${formatPredicted(p.treeSeconds, p.treeRange)} · prepare ≈ ${formatPredicted(p.prepareSeconds, p.prepareRange)}\n  (${p.basedOn})`,
    );
  }

  close(): void {
    this.stopBar();
  }
}
