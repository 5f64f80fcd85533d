// The run itself, over one ExecuteWorkload stream per agent (spec §3.7, the v0.8.61+ stage flow):
// START each agent → READY gate (barrier 0 counts only READY, which also carries the clock offset) →
// numeric barriers (all agents at k → RELEASE_BARRIER k to each) → COMPLETED → GOODBYE.
// Any agent ERROR, a dropped stream, a missing READY or the caller's signal aborts every agent, with the unary
// AbortWorkload *and* the ABORT command (sai3's agent only notices the former between stages, ours the latter
// at once). Timers are injectable so tests drive time by events, not sleeps.
import type * as grpc from '@grpc/grpc-js';
import { Command, Status, WorkloadPhase, type ControlMessage, type LiveStats__Output } from '../proto';
import { LiveAggregator } from './aggregate';
import { BarrierBook } from './barriers';
import type { StageRef } from './events';
import {
  stageRefs,
  type AgentState,
  type RunStreamsOptions,
  type RunStreamsOutcome,
  type Stream,
} from './run-model';
import { mergeStage, type MergedStage, type StageSummaryInput } from './summary';

export {
  agentRefs,
  stageRefs,
  type AgentOutcome,
  type RunStreamsOptions,
  type RunStreamsOutcome,
} from './run-model';

export function runStreams(opts: RunStreamsOptions): Promise<RunStreamsOutcome> {
  return new Promise((resolve) => new StreamRun(opts, resolve).start());
}

class StreamRun {
  private readonly agents: AgentState[];
  private readonly stages: StageRef[];
  private readonly book: BarrierBook;
  private readonly agg: LiveAggregator;
  private readonly summaries = new Map<number, Map<string, StageSummaryInput>>();
  private readonly merged: MergedStage[] = [];
  private readonly pendingSummary = new Map<number, MergedStage>();
  private readonly now: () => number;
  private readonly t0: number;
  private stage = 0; // index of the stage the agents are in (= number of barriers released)
  private state: 'running' | 'aborting' | 'done' = 'running';
  private timers: NodeJS.Timeout[] = [];
  /** stages for which an agent sent the summary of a failed stage (never merged as complete) */
  private readonly partialIdx = new Set<number>();
  /** the stage the run failed in (an agent's error, a dropped stream), for summary.json */
  private failedIn: StageRef | undefined;

  constructor(
    private readonly opts: RunStreamsOptions,
    private readonly resolve: (o: RunStreamsOutcome) => void,
  ) {
    this.now = opts.now ?? Date.now;
    this.t0 = this.now();
    this.stages = stageRefs(opts.plan);
    this.agents = opts.plan.agents.map((plan, i) => ({
      ref: { id: plan.id, index: plan.index, address: plan.address },
      plan,
      conn: opts.connections[i],
      out: { id: plan.id, completed: false, aborted: false },
      ready: false,
      ended: false,
      lastMsgAt: this.t0,
      warnedStall: false,
      warnedErrorsStage: -1,
      progress: { current: 0, total: 0, label: '' },
    }));
    this.book = new BarrierBook(this.agents.map((a) => a.plan.id));
    this.agg = new LiveAggregator(this.agents.map((a) => a.plan.id));
  }

  private get emit() {
    return this.opts.emitter;
  }

  start(): void {
    if (!this.stages.length) return this.finish(false, 'the config has no stages to run');
    this.emit.emit('stage-start', { stage: this.stages[0], at: 0 });
    for (const a of this.agents) this.open(a);
    const tick = this.opts.tickMs ?? 1000;
    this.timers.push(setInterval(() => this.tick(), tick));
    const readyMs = this.opts.readyTimeoutMs ?? 120_000;
    this.timers.push(
      setTimeout(() => {
        const late = this.agents.filter((a) => !a.ready);
        if (late.length && this.state === 'running')
          this.fail(
            late[0],
            `${late.map((a) => a.plan.id).join(', ')} did not become READY within ${Math.round(readyMs / 1000)} s ` +
              `(the first stage, '${this.stages[0].name}', must finish before an agent reports READY)`,
          );
      }, readyMs),
    );
    if (this.opts.signal) {
      if (this.opts.signal.aborted) void this.abortAll('interrupted');
      else
        this.opts.signal.addEventListener('abort', () => void this.abortAll('interrupted (Ctrl-C)'), {
          once: true,
        });
    }
  }

  private open(a: AgentState): void {
    const stream = a.conn.client.ExecuteWorkload(a.conn.metadata()) as Stream;
    a.stream = stream;
    stream.on('data', (m: LiveStats__Output) => this.onMessage(a, m));
    stream.on('error', (e: grpc.ServiceError) => {
      a.ended = true;
      if (this.state === 'running' && !a.out.completed)
        this.fail(
          a,
          a.warnedStall
            ? `stopped answering (no LiveStats for ${Math.round((this.now() - a.lastMsgAt) / 1000)} s), then the connection failed: ${e.details || e.message}`
            : `stream to ${a.plan.address} failed: ${e.details || e.message}`,
        );
    });
    stream.on('end', () => {
      a.ended = true;
      if (this.state === 'running' && !a.out.completed)
        this.fail(a, 'the agent closed the stream before completing');
    });
    this.send(a, {
      command: Command.START,
      config_yaml: a.plan.yaml,
      agent_id: a.plan.id,
      path_prefix: a.plan.pathPrefix,
      shared_storage: a.plan.sharedStorage,
      agent_index: a.plan.index,
      num_agents: this.agents.length,
      start_timestamp_ns: 0, // stage mode: the release of barrier 0 is the coordinated start (§3.9)
    });
  }

  private send(a: AgentState, m: ControlMessage): void {
    if (!a.stream || a.ended) return;
    try {
      a.stream.write(m);
    } catch {
      // the stream is closing; its 'error'/'end' handler reports it
    }
  }

  private onMessage(a: AgentState, m: LiveStats__Output): void {
    a.lastMsgAt = this.now();
    a.warnedStall = false;
    // A summary on ERROR/ABORTED is what the agent did before the stage failed: kept for the partial TSV only.
    const failedHere = m.status === Status.ERROR || m.status === Status.ABORTED;
    if (m.stage_summary)
      this.onStageSummary(
        a,
        m.at_barrier ? m.barrier_sequence : m.stage_summary.stage_index - 1,
        m.stage_summary,
        failedHere,
      );
    if (m.prepare_summary) a.out.prepareSummary = m.prepare_summary;
    switch (m.status) {
      case Status.READY:
        if (!a.ready) {
          a.ready = true;
          // agent clock − controller clock at receipt (includes one-way latency); recorded, not corrected (§3.9)
          a.out.clockOffsetMs = m.agent_timestamp_ns ? m.agent_timestamp_ns / 1e6 - this.now() : 0;
          this.emit.emit('agent-ready', { agent: a.ref, clockOffsetMs: a.out.clockOffsetMs });
        }
        // The READY gate: barrier 0 counts only READY, so no agent is released before all are ready.
        this.arrive(a, 0);
        break;
      case Status.RUNNING:
        if (m.at_barrier) {
          // the barrier message carries the stage's final counters: a fast stage may have had no sample at all
          if (m.barrier_sequence === this.stage && m.stage_progress_total)
            a.progress = {
              current: m.stage_progress_current,
              total: m.stage_progress_total,
              label: m.stage_name,
            };
          if (m.barrier_sequence > 0) this.arrive(a, m.barrier_sequence);
        } else if (this.state === 'running') this.onSample(a, m);
        break;
      case Status.ERROR:
        this.fail(a, m.error_message || 'the agent reported an error without a message');
        break;
      case Status.ABORTED:
        a.out.aborted = true;
        if (this.state === 'running')
          this.fail(a, `the agent aborted: ${m.error_message || 'no reason given'}`);
        break;
      case Status.COMPLETED:
        this.onCompleted(a, m);
        break;
      default:
        if (m.completed) this.onCompleted(a, m);
    }
  }

  private onSample(a: AgentState, m: LiveStats__Output): void {
    this.agg.update(m, this.stage, this.now());
    // Our agents put "N failed operations; latest: op path: CODE" in error_message while RUNNING: say it once
    // per agent and stage, as it starts, rather than only in the stage summary's count.
    if (m.error_message && a.warnedErrorsStage !== this.stage) {
      a.warnedErrorsStage = this.stage;
      this.emit.emit('log', {
        level: 'warning',
        message: `${a.ref.id}: operations are failing in ${this.stages[this.stage]?.name ?? 'this stage'} (${m.error_message})`,
      });
    }
    let current = m.stage_progress_current;
    let total = m.stage_progress_total;
    if (!total && m.prepare_objects_total) {
      current = m.prepare_objects_created; // legacy prepare fields (§3.3 #21-22)
      total = m.prepare_objects_total;
    }
    a.progress = { current, total, label: m.stage_name };
  }

  private onStageSummary(
    a: AgentState,
    index: number,
    s: NonNullable<LiveStats__Output['stage_summary']>,
    partial = false,
  ): void {
    const byAgent = this.summaries.get(index) ?? new Map<string, StageSummaryInput>();
    if (byAgent.has(a.plan.id)) return;
    byAgent.set(a.plan.id, s);
    this.summaries.set(index, byAgent);
    if (partial) this.partialIdx.add(index);
    if (byAgent.size < this.agents.length || this.partialIdx.has(index)) return;
    const ref = this.stages[index] ?? { index, name: s.stage_name, type: 'custom' as const };
    const merged = mergeStage(
      ref,
      this.agents.map((x) => ({ id: x.plan.id, summary: byAgent.get(x.plan.id)! })),
    );
    this.merged.push(merged);
    this.opts.results?.stage(index, ref.name, merged.tsv);
    // Told just before the barrier is released (after the stage's last progress), or now if that already happened.
    if (this.book.isReleased(index)) this.emit.emit('stage-summary', merged.event);
    else this.pendingSummary.set(index, merged);
  }

  private arrive(a: AgentState, k: number): void {
    if (this.state !== 'running' || this.book.isReleased(k)) return;
    const stage = this.stages[k];
    if (k > 0 && stage && a.progress.total) a.progress.current = a.progress.total; // the stage is done here
    if (k === this.stage) this.agg.finished(a.plan.id, k);
    const complete = this.book.arrive(a.plan.id, k);
    this.emit.emit('barrier-reached', { index: k, agent: a.ref, waiting: this.book.waiting(k) });
    if (!complete) return;
    if (stage) this.emitProgress();
    const summary = this.pendingSummary.get(k);
    if (summary) {
      this.pendingSummary.delete(k);
      this.emit.emit('stage-summary', summary.event);
    }
    for (const x of this.agents)
      this.send(x, { command: Command.RELEASE_BARRIER, agent_id: x.plan.id, barrier_sequence: k });
    this.emit.emit('barrier-released', {
      index: k,
      stage: stage ?? { index: k, name: `stage-${k + 1}`, type: 'custom' },
      agents: this.agents.map((x) => x.plan.id),
    });
    this.stage = k + 1;
    for (const x of this.agents) x.progress = { current: 0, total: 0, label: '' };
    if (this.stage < this.stages.length)
      this.emit.emit('stage-start', { stage: this.stages[this.stage], at: (this.now() - this.t0) / 1000 });
  }

  private onCompleted(a: AgentState, m: LiveStats__Output): void {
    if (a.out.completed) return;
    a.out.completed = true;
    if (m.final_summary) a.out.finalSummary = m.final_summary;
    if (m.prepare_summary) a.out.prepareSummary = m.prepare_summary;
    if (this.state === 'running' && this.agents.every((x) => x.out.completed)) {
      // an agent that completes without passing every barrier did not run every stage
      const missed = this.stages.filter((s) => !this.book.isReleased(s.index));
      this.finish(
        !missed.length,
        missed.length ? `stages never finished: ${missed.map((s) => s.name).join(', ')}` : undefined,
      );
    }
  }

  private emitProgress(): void {
    const stage = this.stages[this.stage];
    if (!stage) return;
    const agents = this.agents.map((a) => ({ id: a.plan.id, ...a.progress }));
    const label = agents.find((a) => a.label)?.label || stage.name;
    this.emit.emit('progress', {
      stage,
      label,
      current: agents.reduce((s, a) => s + a.current, 0),
      total: agents.reduce((s, a) => s + a.total, 0),
      agents,
    });
  }

  private tick(): void {
    if (this.state !== 'running') return;
    const now = this.now();
    const stage = this.stages[this.stage];
    if (stage) {
      const { agents, total, elapsedS } = this.agg.tick(this.stage);
      const e = {
        t: (now - this.t0) / 1000,
        stage,
        elapsedS,
        agents,
        total: { ...total, latency: 'op-weighted' as const },
      };
      this.emit.emit('live-stats', e);
      this.opts.results?.perf(e, now);
      this.emitProgress();
    }
    for (const a of this.agents) {
      if (a.out.completed) continue;
      const quiet = now - a.lastMsgAt;
      if (quiet > (this.opts.stallFailMs ?? 600_000))
        return this.fail(a, `no message for ${Math.round(quiet / 1000)} s`);
      // Agents send LiveStats every second, also at barriers: silence means a stopped or hung process (the
      // connection's keepalive then fails the run), so say which one at once rather than "connection dropped".
      // (sai3-bench agents are silent for the length of their tree phase: they get the older 60 s)
      const warnMs =
        this.opts.stallWarnMs ?? ((a.conn.version ?? '').startsWith('iobench-agent') ? 10_000 : 60_000);
      if (quiet > warnMs && !a.warnedStall) {
        a.warnedStall = true;
        this.emit.emit('log', {
          level: 'warning',
          message: `${a.plan.id} (${a.plan.address}) stopped answering: no LiveStats for ${Math.round(quiet / 1000)} s`,
        });
      }
    }
  }

  private fail(a: AgentState, message: string): void {
    if (this.state !== 'running') return;
    a.out.error = message;
    const stage = this.stages[this.stage];
    this.failedIn ??= stage;
    this.emit.emit('agent-error', { agent: a.ref, message, ...(stage ? { stage } : {}) });
    void this.abortAll(`${a.plan.id} (${a.plan.address}) failed: ${message}`);
  }

  /** Stops every agent: ABORT on its stream and the unary AbortWorkload, then waits for them to confirm. */
  private async abortAll(reason: string): Promise<void> {
    if (this.state !== 'running') return;
    this.state = 'aborting';
    const waitMs = this.opts.abortWaitMs ?? 5_000;
    const results = await Promise.all(
      this.agents.map(async (a) => {
        this.send(a, { command: Command.ABORT, agent_id: a.plan.id });
        const rpc = new Promise<string | undefined>((res) =>
          a.conn.client.AbortWorkload(
            {},
            a.conn.metadata(),
            { deadline: new Date(Date.now() + waitMs) },
            (e) => res(e ? e.details || e.message : undefined),
          ),
        );
        const confirmed = await this.until(() => a.out.aborted || a.ended || a.out.completed, waitMs);
        const rpcError = await rpc;
        const ok = !rpcError || confirmed;
        // sai3 agents go back to Idle ~5 s after an abort (§3.11); ours at once. Confirm, bounded.
        const idle = await this.waitIdle(a, this.opts.idleWaitMs ?? 7_000);
        return { id: a.plan.id, ok, idle, ...(ok ? {} : { message: rpcError }) };
      }),
    );
    this.emit.emit('aborted', { reason, agents: results });
    this.finish(false, reason);
  }

  private async waitIdle(a: AgentState, ms: number): Promise<boolean> {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      const phase = await new Promise<number | undefined>((res) =>
        a.conn.client.QueryAgentStatus(
          { agent_id: a.plan.id, reason: 'abort' },
          a.conn.metadata(),
          { deadline: new Date(Date.now() + 2_000) },
          (e, r) => res(e || !r ? undefined : (r.current_progress?.current_phase ?? WorkloadPhase.IDLE)),
        ),
      );
      if (phase === WorkloadPhase.IDLE) return true;
      if (phase === undefined) return false; // no answer: cannot tell
      await new Promise((r) => setTimeout(r, 200));
    }
    return false;
  }

  private until(cond: () => boolean, ms: number): Promise<boolean> {
    return new Promise((res) => {
      if (cond()) return res(true);
      const start = Date.now();
      const iv = setInterval(() => {
        if (cond()) {
          clearInterval(iv);
          res(true);
        } else if (Date.now() - start >= ms) {
          clearInterval(iv);
          res(false);
        }
      }, 50);
    });
  }

  /**
   * Stages some agents summarized but not all (the run failed in them): merged from the agents that did, and
   * written to the stage's TSV, so a failed stage's figures are not lost.
   */
  private mergePartial(): MergedStage[] {
    const out: MergedStage[] = [];
    for (const [index, byAgent] of [...this.summaries].sort((x, y) => x[0] - y[0])) {
      if (!this.partialIdx.has(index) && byAgent.size === this.agents.length) continue;
      const first = [...byAgent.values()][0];
      const ref = this.stages[index] ?? { index, name: first.stage_name, type: 'custom' as const };
      const parts = this.agents.filter((x) => byAgent.has(x.plan.id));
      const merged = mergeStage(
        ref,
        parts.map((x) => ({ id: x.plan.id, summary: byAgent.get(x.plan.id)! })),
      );
      this.opts.results?.stage(index, ref.name, merged.tsv);
      out.push(merged);
    }
    return out;
  }

  private finish(ok: boolean, reason?: string): void {
    if (this.state === 'done') return;
    this.state = 'done';
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
    for (const a of this.agents) {
      this.send(a, { command: Command.GOODBYE, agent_id: '' });
      try {
        a.stream?.end();
      } catch {
        // already closed
      }
      // the agent closes its side after GOODBYE; don't let a silent one hold the process open
      const s = a.stream;
      if (s) setTimeout(() => s.cancel(), 2_000).unref();
    }
    this.resolve({
      ok,
      ...(reason ? { reason } : {}),
      ...(this.failedIn && !ok ? { failedStage: this.failedIn } : {}),
      wallSeconds: (this.now() - this.t0) / 1000,
      stages: this.merged,
      partial: this.mergePartial(),
      agents: this.agents.map((a) => a.out),
    });
  }
}
