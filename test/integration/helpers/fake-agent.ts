// A light fake agent speaking the proto (a real gRPC server on 127.0.0.1), for the controller at scale and for
// network faults: it does no I/O, it plays the stage flow of spec §3.7 — first stage, READY (with its clock),
// barrier k at the end of stage k, COMPLETED — and streams RUNNING LiveStats every `tickMs` with made-up but
// plausible figures. Hundreds fit in one process. Options inject a clock skew and per-agent slowness.
import * as grpc from '@grpc/grpc-js';
import { parse } from 'yaml';
import { Command, Status, loadAgentService, type ControlMessage } from '../../../proto';

export interface FakeAgentOptions {
  /** LiveStats period while a stage runs (the real agent: 1000 ms) */
  tickMs?: number;
  /** how long a stage without a `duration` lasts */
  stageMs?: number;
  /** added to the clock this agent reports (clock-skew tests) */
  clockOffsetMs?: number;
  /** extra time on the first stage only (a slow agent, for "slowest agent" naming) */
  extraFirstStageMs?: number;
  listen?: string;
  /** fail the given stage with an ERROR message instead of finishing it */
  failStage?: number;
  /** unary replies (Ping, PreFlightValidation) wait this long: makes concurrency observable */
  unaryDelayMs?: number;
  /** told when a unary call starts (+1) and is answered (-1) */
  onCall?: (method: string, delta: 1 | -1) => void;
}

export interface FakeAgent {
  address: string;
  port: number;
  /** RUNNING messages sent so far */
  sent(): number;
  close(): Promise<void>;
}

const svc = () => loadAgentService().service;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

/** Each stage's length: its `duration` (execute stages) or `dflt`. */
function stageDurations(yaml: string, dflt: number): number[] {
  try {
    const v = parse(yaml) as { distributed?: { stages?: { duration?: unknown }[] } };
    const stages = v.distributed?.stages ?? [{}];
    return stages.map((st) => {
      const m = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(String(st.duration ?? ''));
      return m ? Number(m[1]) * UNIT_MS[m[2]] : dflt;
    });
  } catch {
    return [dflt];
  }
}

export async function startFakeAgent(o: FakeAgentOptions = {}): Promise<FakeAgent> {
  const tickMs = o.tickMs ?? 1000;
  const stageMs = o.stageMs ?? 3000;
  const now = () => Date.now() + (o.clockOffsetMs ?? 0);
  let sent = 0;
  const server = new grpc.Server();
  const unary =
    <R>(method: string, reply: () => R) =>
    (_call: unknown, cb: grpc.sendUnaryData<R>) => {
      o.onCall?.(method, 1);
      const answer = () => {
        o.onCall?.(method, -1);
        cb(null, reply());
      };
      if (o.unaryDelayMs) setTimeout(answer, o.unaryDelayMs);
      else answer();
    };
  server.addService(svc(), {
    Ping: unary('Ping', () => ({ version: 'fake-agent 1' })),
    AbortWorkload: unary('AbortWorkload', () => ({})),
    QueryAgentStatus: unary('QueryAgentStatus', () => ({ current_progress: { current_phase: 0 } })),
    PreFlightValidation: unary('PreFlightValidation', () => ({
      passed: true,
      results: [],
      error_count: 0,
      warning_count: 0,
      info_count: 0,
    })),
    ReportBarrierReady: unary('ReportBarrierReady', () => ({})),
    ExecuteWorkload: (call: grpc.ServerDuplexStream<ControlMessage, unknown>) => {
      const timers = new Set<NodeJS.Timeout>();
      let id = '';
      let stages = [stageMs];
      let stage = 0;
      let seq = 0;
      let stageStart = 0;
      const write = (m: Record<string, unknown>) => {
        if (!call.writable || call.destroyed) return;
        call.write({ agent_id: id, sequence: seq++, agent_timestamp_ns: now() * 1e6, ...m });
      };
      const sample = () => {
        const el = (Date.now() - stageStart) / 1000;
        sent++;
        write({
          status: Status.RUNNING,
          stage_name: `stage-${stage + 1}`,
          elapsed_s: el,
          stage_elapsed_s: el,
          get_ops: Math.round(1000 * el),
          get_bytes: Math.round(4096 * 1000 * el),
          get_mean_us: 250,
          get_p50_us: 200,
          get_p90_us: 400,
          get_p95_us: 500,
          get_p99_us: 900,
          put_ops: Math.round(100 * el),
          put_bytes: Math.round(4096 * 100 * el),
          put_mean_us: 800,
          put_p50_us: 700,
          put_p95_us: 1500,
          meta_ops: Math.round(50 * el),
          meta_mean_us: 90,
          cpu_total_percent: 12,
          cpu_user_percent: 8,
          cpu_system_percent: 4,
        });
      };
      const runStage = (k: number, done: () => void) => {
        stage = k;
        stageStart = Date.now();
        const iv = setInterval(sample, tickMs);
        timers.add(iv);
        const ms = stages[k] + (k === 0 ? (o.extraFirstStageMs ?? 0) : 0);
        const t = setTimeout(() => {
          clearInterval(iv);
          timers.delete(iv);
          if (o.failStage === k)
            return write({ status: Status.ERROR, error_message: `fake failure in stage ${k + 1}` });
          done();
        }, ms);
        timers.add(t);
      };
      const endStage = (k: number) => {
        if (k === 0) write({ status: Status.READY });
        else
          write({
            status: Status.RUNNING,
            at_barrier: true,
            barrier_sequence: k,
            stage_name: `stage-${k + 1}`,
          });
      };
      const stop = () => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
      };
      call.on('data', (m: ControlMessage) => {
        if (m.command === Command.START) {
          id = m.agent_id ?? '';
          stages = stageDurations(m.config_yaml ?? '', stageMs);
          runStage(0, () => endStage(0));
        } else if (m.command === Command.RELEASE_BARRIER) {
          const k = Number(m.barrier_sequence ?? 0) + 1;
          if (k >= stages.length) {
            write({ status: Status.COMPLETED, completed: true });
            return;
          }
          runStage(k, () => endStage(k));
        } else if (m.command === Command.ABORT) {
          stop();
          write({ status: Status.ABORTED, error_message: 'aborted by the controller' });
        } else if (m.command === Command.GOODBYE) {
          stop();
          call.end();
        }
      });
      call.on('end', () => {
        stop();
        if (call.writable) call.end();
      });
      call.on('error', stop);
      call.on('cancelled', stop);
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(o.listen ?? '127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) =>
      e ? reject(e) : resolve(p),
    ),
  );
  return {
    address: `127.0.0.1:${port}`,
    port,
    sent: () => sent,
    close: () => new Promise<void>((r) => server.tryShutdown(() => r())).then(() => server.forceShutdown()),
  };
}
