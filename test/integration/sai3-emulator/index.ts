// A sai3-bench v0.8.97 agent emulator for tests: our own code, a gRPC server on 127.0.0.1 that behaves as
// sai3's agent does according to its source (russfellows/sai3-bench d5c9954, src/bin/agent.rs) and the wire
// audit (../shared/spec/sai3-wire-audit.md) — including the defects a controller has to live with. sai3
// itself cannot be built here (no crates registry), so this is the stand-in, and each behaviour cites the
// line it reproduces. Times that are long in sai3 (60 s READY give-up, 5 s flush, seconds of barrier timeout)
// can be shortened by options; the default is sai3's value.
import * as grpc from '@grpc/grpc-js';
import { parse } from 'yaml';
import {
  loadAgentService,
  type AgentHandlers,
  type ControlMessage__Output,
  type LiveStats,
} from '../../../proto';
import { AgentState, DEFAULTS, type EmulatorOptions } from './state';
import { EmuStream } from './stream';

export type { EmulatorOptions } from './state';

export interface Sai3Emulator {
  address: string;
  state: AgentState;
  close(): Promise<void>;
}

const OBJECT_STORE = /^(s3|gs|gcs|az|azure):\/\//;

/** Pre-flight (agent.rs:800-936; credentials: preflight/object_storage.rs:440-468). */
function preflight(st: AgentState, yaml: string): { code?: number; details?: string; reply?: unknown } {
  let cfg: Record<string, unknown>;
  try {
    cfg = parse(yaml) as Record<string, unknown>;
  } catch (e) {
    // agent.rs:812-816
    return {
      code: grpc.status.INVALID_ARGUMENT,
      details: `Invalid YAML config: ${(e as Error).message.split('\n')[0]}`,
    };
  }
  st.applyDistributedEnv(cfg?.distributed_env); // agent.rs:819
  const target = String(cfg?.target ?? '');
  const results = [];
  if (OBJECT_STORE.test(target)) {
    const has = (k: string) => st.env.has(k);
    if (has('AWS_ACCESS_KEY_ID') || has('GOOGLE_APPLICATION_CREDENTIALS') || has('AZURE_STORAGE_ACCOUNT'))
      results.push({
        level: 1,
        error_type: 1,
        test_phase: 'credentials',
        message: 'Using AWS credentials from environment variables',
        suggestion: '',
      });
    else {
      results.push({
        level: 2,
        error_type: 1,
        test_phase: 'credentials',
        message: 'No credentials detected (env vars or instance-level)',
        suggestion: 'Set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or use instance IAM role',
      });
      // the bucket list that follows fails without credentials (preflight/object_storage.rs:37-147)
      results.push({
        level: 3,
        error_type: 1,
        test_phase: 'list',
        message: `Failed to list ${target}: Authentication failed (no credentials)`,
        suggestion: 'Check credentials',
      });
    }
  } else
    results.push({
      level: 0,
      error_type: 0,
      test_phase: 'filesystem',
      message: 'Filesystem checks passed',
      suggestion: '',
    });
  const errors = results.filter((r) => r.level === 3).length;
  return {
    reply: {
      passed: errors === 0,
      results: results.map((r) => ({ details: '', ...r })),
      error_count: errors,
      warning_count: results.filter((r) => r.level === 2).length,
      info_count: results.filter((r) => r.level <= 1).length,
    },
  };
}

export async function startSai3Emulator(opts: EmulatorOptions = {}): Promise<Sai3Emulator> {
  const st = new AgentState({ ...DEFAULTS, ...opts });
  const gen = { n: 0 };
  const unimplemented = (cb: (e: grpc.ServiceError | null) => void) =>
    cb({ code: grpc.status.UNIMPLEMENTED, details: 'not emulated' } as grpc.ServiceError);
  const handlers: AgentHandlers = {
    Ping: (_c, cb) => cb(null, { version: '0.8.97' }), // the crate version (agent.rs:794-798)
    PreFlightValidation(call, cb) {
      st.seen.push({ command: 'PreFlightValidation', detail: call.request.agent_id });
      const r = preflight(st, call.request.config_yaml);
      if (r.code !== undefined) return cb({ code: r.code, details: r.details } as grpc.ServiceError);
      cb(null, r.reply as never);
    },
    ExecuteWorkload(call) {
      new EmuStream(st, call as grpc.ServerDuplexStream<ControlMessage__Output, LiveStats>, gen);
    },
    AbortWorkload(_c, cb) {
      // agent.rs:1789-1945: Idle/Failed/Aborting → nothing; otherwise Aborting, then Idle after 5 s; the stage
      // running keeps going (the abort is seen between stages only, agent.rs:3656-3665)
      st.seen.push({ command: 'AbortWorkload' });
      const k = st.state.kind;
      if (k === 'AtStage' || k === 'Completed') {
        st.abortRequested = true;
        st.releases.emit('abort', -1);
        st.state = { kind: 'Aborting' };
        setTimeout(() => st.transition({ kind: 'Idle' }), st.opts.flushMs).unref();
      }
      cb(null, {});
    },
    QueryAgentStatus(call, cb) {
      const { phase, message } = st.phase();
      // agent.rs:1089-1120: the message in both current_operation and status_message
      cb(null, {
        is_alive: true,
        status_message: message,
        current_progress: {
          agent_id: st.agentId || call.request.agent_id,
          current_phase: phase as never,
          heartbeat_time_ms: Date.now(),
          current_operation: message,
          phase_completed: phase === 8,
          at_barrier: phase === 2,
        },
      });
    },
    ReportBarrierReady: (_c, cb) => cb(null, { proceed: true, next_heartbeat_ms: 30000 }), // stub (agent.rs:939-967)
    RunGet: (_c, cb) => unimplemented(cb),
    RunPut: (_c, cb) => unimplemented(cb),
    RunWorkload: (_c, cb) => unimplemented(cb),
    RunWorkloadWithLiveStats: (call) =>
      call.emit('error', { code: grpc.status.UNIMPLEMENTED, details: 'deprecated' }),
  };
  const server = new grpc.Server();
  server.addService(loadAgentService().service, handlers as grpc.UntypedServiceImplementation);
  const port = await new Promise<number>((res, rej) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? rej(e) : res(p))),
  );
  return {
    address: `127.0.0.1:${port}`,
    state: st,
    close: () => new Promise<void>((r) => server.tryShutdown(() => r())).then(() => server.forceShutdown()),
  };
}
