// One ExecuteWorkload stream of the emulated sai3-bench agent: the control reader (agent.rs:2665-3340) and the
// stats writer (agent.rs:1991-2650) share the response; it ends when both — and the workflow, which writes its
// barrier messages directly — are done (the tokio mpsc closes when every sender is dropped).
import type * as grpc from '@grpc/grpc-js';
import type { ControlMessage__Output, LiveStats } from '../../../proto';
import { parseConfig, sortedStages, StartError, validateWorkload } from './config';
import { newTracker, type AgentState } from './state';
import { runWorkflow, stageEnum, type WorkflowResult } from './workflow';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const COMMANDS = [
  'PING',
  'START',
  'ABORT',
  'ACKNOWLEDGE',
  'PREFLIGHT',
  'RELEASE_BARRIER',
  'GOODBYE',
  'RESET',
  'SYNC_STATE',
];

export class EmuStream {
  private senders = 2; // control reader + stats writer (+1 while a workflow runs)
  private readerDone = false;
  private done: WorkflowResult | undefined;
  private closed = false;
  private seq = 0;

  constructor(
    private readonly st: AgentState,
    private readonly call: grpc.ServerDuplexStream<ControlMessage__Output, LiveStats>,
    private readonly gen: { n: number },
  ) {
    call.on('data', (m: ControlMessage__Output) => void this.onControl(m));
    call.on('end', () => this.onIncomingEnd());
    call.on('error', () => this.onIncomingEnd());
    call.on('cancelled', () => (this.closed = true));
    void this.statsWriter().finally(() => this.release());
  }

  private send(m: LiveStats): void {
    if (this.closed) return;
    try {
      this.call.write(m);
    } catch {
      this.closed = true;
    }
  }

  /** one sender gone; the response ends with the last one (OK trailers, no message: agent.rs:2952-2954) */
  private release(): void {
    if (--this.senders > 0 || this.closed) return;
    this.closed = true;
    try {
      this.call.end();
    } catch {
      /* gone */
    }
  }

  private endReader(): void {
    if (this.readerDone) return;
    this.readerDone = true;
    this.release();
  }

  private async onControl(m: ControlMessage__Output): Promise<void> {
    if (this.readerDone) return;
    const st = this.st;
    st.seen.push({ command: COMMANDS[m.command] ?? String(m.command), detail: m.agent_id });
    switch (m.command as number) {
      case 0: // PING → ACKNOWLEDGE (status 6)
        return this.send({ agent_id: st.agentId, status: 6 as LiveStats['status'] });
      case 1:
        return this.start(m);
      case 2: {
        // ABORT (agent.rs:2957-3018): abort, Aborting, ABORTED, 5 s, Idle
        st.abortRequested = true;
        st.releases.emit('abort', -1);
        st.transition({ kind: 'Aborting' });
        this.send({
          agent_id: st.agentId,
          status: 5 as LiveStats['status'],
          error_message: 'Aborted by controller',
        });
        await sleep(st.opts.flushMs);
        st.transition({ kind: 'Idle' });
        return;
      }
      case 5: // RELEASE_BARRIER: broadcast (index, index) (agent.rs:3148-3161); agent_id is ignored
        st.releases.emit('release', m.barrier_sequence);
        return;
      case 6: // GOODBYE → Idle, the reader stops (agent.rs:3162-3173)
        st.transition({ kind: 'Idle' });
        return this.endReader();
      case 7: // RESET (agent.rs:3174-3221): abort, clear, force Idle, reply status 1
        st.abortRequested = true;
        st.releases.emit('abort', -1);
        st.error = undefined;
        st.state = { kind: 'Idle' };
        st.tracker = undefined;
        this.gen.n++;
        return this.send({
          agent_id: st.agentId,
          status: 1 as LiveStats['status'],
          error_message: 'Reset complete - back to Idle',
        });
      default:
        return; // ACKNOWLEDGE ignored; unknown commands logged and ignored
    }
  }

  /** START (agent.rs:2747-2954): any error → stored, Failed, and the reader returns — no message at all. */
  private start(m: ControlMessage__Output): void {
    const st = this.st;
    if (st.state.kind !== 'Idle') {
      // agent.rs:2950-2954: "Agent in unexpected state" goes to tx_done, which nobody reads; the state stays
      return this.endReader();
    }
    st.agentId = m.agent_id;
    st.seen.push({ command: 'START-config', detail: m.config_yaml });
    let stages;
    try {
      const cfg = parseConfig(m.config_yaml);
      st.applyDistributedEnv(cfg.distributed_env); // agent.rs:2793
      validateWorkload(cfg);
      stages = sortedStages(cfg);
    } catch (e) {
      if (!(e instanceof StartError)) throw e;
      st.error = e.message; // set_error (agent.rs:2791, 2812)
      // transition_to(Failed) from Idle is refused and ignored (see rejectedStartState)
      if (st.opts.rejectedStartState === 'Failed') st.state = { kind: 'Failed' };
      return this.endReader(); // the reader returns; the stats writer exits at its next poll: no message
    }
    st.abortRequested = false;
    st.transition({ kind: 'AtStage', index: 0, name: 'preflight', readyForNext: false });
    st.tracker = newTracker(Date.now());
    this.senders++;
    const gen = this.gen.n;
    const ms = (s: (typeof stages)[number]) =>
      st.opts.stageMs?.[s.type as keyof NonNullable<typeof st.opts.stageMs>] ??
      (s.type === 'execute' || s.type === 'hybrid' ? (s.durationMs ?? 0) : 100);
    void runWorkflow(
      st,
      stages,
      (x) => this.send(x),
      ms,
      () => this.gen.n,
    ).then((r) => {
      if (this.gen.n === gen) this.done = r; // tx_done
      this.release();
    });
  }

  /** The controller's side ended (agent.rs:3283-3335): at a barrier → Idle; mid-stage → abort, Failed, Idle. */
  private onIncomingEnd(): void {
    if (this.readerDone) return;
    const s = this.st.state;
    if (s.kind === 'AtStage' && s.readyForNext) this.st.transition({ kind: 'Idle' });
    else if (s.kind === 'AtStage' || s.kind === 'Aborting') {
      this.st.abortRequested = true;
      this.st.state = { kind: 'Failed' };
      this.st.transition({ kind: 'Idle' });
    }
    this.endReader();
  }

  private ready(waited: number): LiveStats {
    // READY: status 1, at_barrier, barrier_sequence 0, the agent's clock (agent.rs:2022-2085, 2100-2150)
    return {
      agent_id: this.st.agentId,
      status: 1 as LiveStats['status'],
      timestamp_s: waited,
      elapsed_s: waited,
      at_barrier: true,
      barrier_sequence: 0,
      agent_timestamp_ns: Date.now() * 1e6,
      sequence: this.seq++,
    };
  }

  private running(): LiveStats {
    const t = this.st.tracker;
    const s = this.st.state;
    const now = Date.now();
    return {
      agent_id: this.st.agentId,
      status: 2 as LiveStats['status'],
      timestamp_s: Math.floor(now / 1000), // wall-clock Unix seconds (live_stats.rs:531-536)
      elapsed_s: t ? (now - t.createdMs) / 1000 : 0,
      get_ops: t?.getOps ?? 0,
      get_bytes: t?.getBytes ?? 0,
      put_ops: t?.putOps ?? 0,
      put_bytes: t?.putBytes ?? 0,
      meta_ops: t?.metaOps ?? 0,
      get_mean_us: t?.getOps ? 200 : 0,
      put_mean_us: t?.putOps ? 500 : 0,
      meta_mean_us: t?.metaOps ? 80 : 0,
      sequence: this.seq++,
      current_stage: stageEnum(t?.stageType ?? '') as LiveStats['current_stage'],
      stage_name: s.kind === 'AtStage' ? s.name : (t?.stageName ?? ''),
      stage_progress_current: t?.progress ?? 0,
      stage_progress_total: t?.progressTotal ?? 0,
      stage_elapsed_s: t ? (now - t.stageStartMs) / 1000 : 0,
      concurrency: 4,
    };
  }

  /** The stats writer (agent.rs:1991-2650). */
  private async statsWriter(): Promise<void> {
    const st = this.st;
    const o = st.opts;
    // poll until stage 1 is done; Idle or Failed at a poll ends the writer (agent.rs:1996-2012)
    for (;;) {
      await sleep(o.pollMs);
      const s = st.state;
      if (s.kind === 'AtStage' && s.readyForNext) break;
      if (s.kind === 'Failed' || s.kind === 'Idle' || this.closed) return;
    }
    this.send(this.ready(0));
    // READY every second until it *samples* an executing stage; gives up after 60 s (agent.rs:2087-2190)
    for (let waited = 1; ; waited++) {
      await sleep(o.tickMs);
      this.send(this.ready(waited));
      const s = st.state;
      if (s.kind === 'AtStage' && !s.readyForNext) break;
      if (s.kind === 'Failed' || s.kind === 'Idle' || s.kind === 'Aborting' || this.closed) return;
      if (waited * o.tickMs >= o.readyGiveUpMs) {
        st.seen.push({ command: 'stats-writer-gave-up' });
        return; // no RUNNING, no COMPLETED from here on
      }
    }
    // RUNNING every second until the workflow's result (agent.rs:2205-2477)
    for (;;) {
      await sleep(o.tickMs);
      if (this.closed) return;
      const r = this.done;
      if (r?.ok) {
        const t = st.tracker;
        while (t && Date.now() - t.createdMs < o.minStatsMs) {
          this.send(this.running()); // MIN_STATS_DURATION_SECS (agent.rs:2272-2290)
          await sleep(o.tickMs);
        }
        this.send({
          ...this.running(),
          status: 4 as LiveStats['status'],
          completed: true,
          final_summary: { agent_id: st.agentId, wall_seconds: t ? (Date.now() - t.createdMs) / 1000 : 0 },
        });
        await sleep(o.flushMs); // agent.rs:2413-2417
        st.transition({ kind: 'Idle' });
        return;
      }
      if (r && !r.ok) {
        if (r.error !== 'reset') {
          this.send({ agent_id: st.agentId, status: 3 as LiveStats['status'], error_message: r.error });
          await sleep(o.flushMs); // agent.rs:2423-2477
          st.state = { kind: 'Failed' };
          st.transition({ kind: 'Idle' });
        }
        return;
      }
      const s = st.state;
      if (s.kind === 'Idle' || s.kind === 'Aborting') return;
      this.send(this.running());
    }
  }
}
