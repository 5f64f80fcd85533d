// The run itself, over one ExecuteWorkload stream per agent (spec §3.7, the v0.8.61+ stage flow):
// START each agent → READY gate (barrier 0 counts only READY, which also carries the clock offset) →
// numeric barriers (all agents at k → RELEASE_BARRIER k to each) → COMPLETED → GOODBYE.
// Any agent ERROR, a dropped stream, a missing READY or the caller's signal aborts every agent, with the unary
// AbortWorkload *and* the ABORT command (sai3's agent only notices the former between stages, ours the latter
// at once). Timers are injectable so tests drive time by events, not sleeps.
// sai3-bench v0.8.97 agents (sai3-wire-audit.md): barrier 0 is released only after each agent's own barrier-0
// message (it subscribes to releases after READY, §B3); a stream that ends silently is explained with
// QueryAgentStatus and the agent reset (§B2); after the last barrier an agent whose stats writer gave up is
// confirmed complete with QueryAgentStatus (§B4).
import type * as grpc from '@grpc/grpc-js';
import { Command, Status, type ControlMessage, type LiveStats__Output } from '../proto';
import { LiveAggregator } from './aggregate';
import { BarrierBook } from './barriers';
import { isIobenchAgent, readyForStart } from './agent-status';
import type { StageRef } from './events';
import { SAI3_READY_SPREAD_WARN_S } from '../core/sai3-protocol';
import {
  stageRefs,
  type AgentState,
  type RunStreamsOptions,
  type RunStreamsOutcome,
  type Stream,
} from './run-model';
import { Sai3Watch } from './sai3-watch';
import { explainStreamEnd, stopAgent } from './stop-agent';
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
  private readonly watch = new Sai3Watch({
    running: () => this.state === 'running',
    fail: (a, m) => this.fail(a, m),
    complete: (a) => this.onCompleted(a, {} as LiveStats__Output),
    warn: (message) => this.emit.emit('log', { level: 'warning', message }),
    later: (fn, ms) => this.timers.push(setTimeout(fn, ms)),
  });

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
      atBarrier0: false,
      quietExpected: false,
      resent: new Map(),
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
    void this.checkAgents().then((ok) => ok && this.begin());
  }

  /** Every agent Idle before START: leftovers of an earlier run are reset, a busy agent refuses the run. */
  private async checkAgents(): Promise<boolean> {
    const answers = await Promise.all(this.agents.map((a) => readyForStart(a.conn, a.plan.id)));
    if (this.state !== 'running') return false;
    for (const [i, r] of answers.entries()) {
      if (r.ok && r.note) this.emit.emit('log', { level: 'warning', message: r.note });
      if (!r.ok) {
        const a = this.agents[i];
        a.out.error = r.message;
        this.emit.emit('agent-error', { agent: a.ref, message: r.message });
        this.finish(false, `${a.plan.id} (${a.plan.address}): ${r.message}; nothing was started`);
        return false;
      }
    }
    return true;
  }

  private begin(): void {
    this.emit.emit('stage-start', { stage: this.stages[0], at: 0 });
    for (const a of this.agents) this.open(a);
    const tick = this.opts.tickMs ?? 1000;
    this.timers.push(setInterval(() => this.tick(), tick));
    const readyMs = this.opts.readyTimeoutMs ?? 120_000;
    this.timers.push(
      setTimeout(() => {
        const late = this.agents.filter((a) => !a.ready || !a.atBarrier0);
        if (late.length && this.state === 'running')
          this.fail(
            late[0],
            `${late.map((a) => a.plan.id).join(', ')} did not become READY within ${Math.round(readyMs / 1000)} s ` +
              (late.every((a) => a.ready)
                ? "(READY came, but not the agent's own barrier-0 message that says it listens for the release)"
                : `(the first stage, '${this.stages[0].name}', must finish before an agent reports READY)`),
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
        this.fail(a, `stream to ${a.plan.address} failed: ${e.details || e.message}`);
    });
    stream.on('end', () => {
      a.ended = true;
      if (this.state === 'running' && !a.out.completed)
        void explainStreamEnd(a).then((why) => this.fail(a, why));
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
    if (m.stage_summary)
      this.onStageSummary(
        a,
        m.at_barrier ? m.barrier_sequence : m.stage_summary.stage_index - 1,
        m.stage_summary,
      );
    if (m.prepare_summary) a.out.prepareSummary = m.prepare_summary;
    switch (m.status) {
      case Status.READY:
        if (!a.ready) {
          a.ready = true;
          // agent clock − controller clock at receipt (includes one-way latency); recorded, not corrected (§3.9)
          a.out.clockOffsetMs = m.agent_timestamp_ns ? m.agent_timestamp_ns / 1e6 - this.now() : 0;
          this.emit.emit('agent-ready', { agent: a.ref, clockOffsetMs: a.out.clockOffsetMs });
          this.watch.onReady(this.now());
        }
        // The READY gate: barrier 0 needs READY and the agent's own barrier-0 message (sent after it subscribed
        // to releases; a release before that is lost, agent.rs:4098-4112 vs 4265).
        if (a.atBarrier0) this.arrive(a, 0);
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
          if (m.barrier_sequence === 0) a.atBarrier0 = true;
          if (m.barrier_sequence > 0 || a.ready) this.arrive(a, m.barrier_sequence);
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
  ): void {
    const byAgent = this.summaries.get(index) ?? new Map<string, StageSummaryInput>();
    if (byAgent.has(a.plan.id)) return;
    byAgent.set(a.plan.id, s);
    this.summaries.set(index, byAgent);
    if (byAgent.size < this.agents.length) return;
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
    if (this.state !== 'running') return;
    if (this.book.isReleased(k)) return this.resendRelease(a, k);
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
    else this.watch.watchCompletion(this.agents, this.opts.completionGraceMs ?? 5_000);
  }

  /**
   * An agent that reports a barrier we released again did not get the release (sai3's agent re-sends after each
   * `agent_barrier_timeout` and still accepts it while its window lasts): send it again, a few times at most.
   */
  private resendRelease(a: AgentState, k: number): void {
    const n = a.resent.get(k) ?? 0;
    if (n >= 3 || a.out.completed) return;
    a.resent.set(k, n + 1);
    this.send(a, { command: Command.RELEASE_BARRIER, agent_id: a.plan.id, barrier_sequence: k });
  }

  private onCompleted(a: AgentState, m: LiveStats__Output): void {
    if (a.out.completed) {
      if (m.final_summary && !a.out.finalSummary) a.out.finalSummary = m.final_summary; // after a status poll
      return;
    }
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
      const warmupS = this.opts.plan.model.options.warmupMs / 1000;
      const e = {
        t: (now - this.t0) / 1000,
        stage,
        elapsedS,
        agents,
        total: { ...total, latency: 'op-weighted' as const },
        // warmup_period: rows of the first seconds of a workload stage are flagged (not in its results)
        ...((stage.type === 'execute' || stage.type === 'hybrid') && elapsedS < warmupS
          ? { warmup: true }
          : {}),
      };
      this.emit.emit('live-stats', e);
      this.opts.results?.perf(e, now);
      this.emitProgress();
    }
    if (!this.book.isReleased(0))
      this.watch.checkSpread(
        this.agents,
        this.book.missing(0),
        now,
        this.opts.readySpreadWarnMs ?? SAI3_READY_SPREAD_WARN_S * 1000,
      );
    for (const a of this.agents) {
      if (a.out.completed) continue;
      const quiet = now - a.lastMsgAt;
      if (quiet > (this.opts.stallFailMs ?? 600_000) && a.quietExpected) {
        void this.watch.probe(a, this.now);
        continue;
      }
      if (quiet > (this.opts.stallFailMs ?? 600_000))
        return this.fail(a, `no message for ${Math.round(quiet / 1000)} s`);
      if (quiet > (this.opts.stallWarnMs ?? 60_000) && !a.warnedStall) {
        a.warnedStall = true;
        this.emit.emit('log', {
          level: 'warning',
          message: `${a.plan.id}: no message for ${Math.round(quiet / 1000)} s`,
        });
      }
    }
  }

  private fail(a: AgentState, message: string): void {
    if (this.state !== 'running') return;
    a.out.error = message;
    const stage = this.stages[this.stage];
    this.emit.emit('agent-error', { agent: a.ref, message, ...(stage ? { stage } : {}) });
    void this.abortAll(`${a.plan.id} (${a.plan.address}) failed: ${message}`);
  }

  /** Stops every agent: ABORT on its stream and the unary AbortWorkload, then waits for them to confirm. */
  private async abortAll(reason: string): Promise<void> {
    if (this.state !== 'running') return;
    this.state = 'aborting';
    const waitMs = this.opts.abortWaitMs ?? 5_000;
    const stage = this.stages[this.stage];
    const results = await Promise.all(
      this.agents.map((a) =>
        stopAgent(a, {
          waitMs,
          idleWaitMs: this.opts.idleWaitMs ?? 7_000,
          send: (x, m) => this.send(x, m),
          // sai3's agent notices an abort only between stages (agent.rs:3656-3665); ours inside the stage
          midStage:
            !isIobenchAgent(a.conn.version) &&
            a.ready &&
            !a.out.completed &&
            !a.ended &&
            this.stage >= 1 &&
            stage &&
            this.book.missing(this.stage).includes(a.plan.id)
              ? stage.name
              : undefined,
        }),
      ),
    );
    this.emit.emit('aborted', { reason, agents: results });
    this.finish(false, reason);
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
      wallSeconds: (this.now() - this.t0) / 1000,
      stages: this.merged,
      agents: this.agents.map((a) => a.out),
    });
  }
}
