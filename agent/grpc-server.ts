// The gRPC server: `iobench.Agent` over h2c or TLS, optional bearer token on every call.
import * as grpc from '@grpc/grpc-js';
import {
  loadAgentService,
  type AgentHandlers,
  type ControlMessage__Output,
  type LiveStats,
  WorkloadPhase,
} from '../proto';
type WorkloadPhaseValue = (typeof WorkloadPhase)[keyof typeof WorkloadPhase];
import { readTlsMaterial, type TlsMaterial } from './tls';
import { Confinement } from './confine';
import { AgentCore } from './core';
import type { AgentOptions } from './options';
import { MAX_CONFIG_BYTES } from './plan';
import { runPreflight } from './preflight';
import { Session } from './session';
import { bearerMatches } from './token';
import { AGENT_VERSION } from './version';

export interface RunningAgent {
  port: number;
  core: AgentCore;
  tls?: TlsMaterial;
  close(): Promise<void>;
}

export class ListenError extends Error {}

function authorized(md: grpc.Metadata, token: string | undefined): boolean {
  if (token === undefined) return true;
  return bearerMatches(md.get('authorization')[0], token);
}

const unauth = { code: grpc.status.UNAUTHENTICATED, details: 'missing or wrong bearer token' };
const unimpl = (what: string) => ({
  code: grpc.status.UNIMPLEMENTED,
  details: `${what} is not implemented by the iobench agent`,
});

export function handlers(core: AgentCore, token?: string): AgentHandlers {
  return {
    Ping(call, cb) {
      if (!authorized(call.metadata, token)) return cb(unauth);
      cb(null, { version: AGENT_VERSION });
    },
    PreFlightValidation(call, cb) {
      if (!authorized(call.metadata, token)) return cb(unauth);
      const refused = core.beginPreflight();
      if (refused)
        return cb({
          code: refused.why === 'running' ? grpc.status.FAILED_PRECONDITION : grpc.status.RESOURCE_EXHAUSTED,
          details: refused.message,
        });
      runPreflight(call.request.config_yaml, call.request.agent_id, core.confine, (p) => core.probeBackend(p))
        .then(
          (r) => cb(null, r),
          (e: Error) => cb({ code: grpc.status.INTERNAL, details: e.message }),
        )
        .finally(() => core.endPreflight());
    },
    ExecuteWorkload(call) {
      if (!authorized(call.metadata, token)) {
        call.emit('error', unauth);
        return;
      }
      new Session(core, call as grpc.ServerDuplexStream<ControlMessage__Output, LiveStats>);
    },
    AbortWorkload(call, cb) {
      if (!authorized(call.metadata, token)) return cb(unauth);
      core.abortActive('Aborted via AbortWorkload');
      cb(null, {});
    },
    QueryAgentStatus(call, cb) {
      if (!authorized(call.metadata, token)) return cb(unauth);
      const { phase, message } = core.phase();
      const now = Date.now();
      cb(null, {
        is_alive: true,
        status_message: message,
        current_progress: {
          agent_id: call.request.agent_id,
          current_phase: phase as WorkloadPhaseValue,
          heartbeat_time_ms: now,
          phase_completed: phase === WorkloadPhase.COMPLETED,
          at_barrier: phase === WorkloadPhase.PREPARE_READY,
        },
      });
    },
    ReportBarrierReady(call, cb) {
      if (!authorized(call.metadata, token)) return cb(unauth);
      cb(null, { proceed: true, next_heartbeat_ms: 30000 });
    },
    RunGet(_c, cb) {
      cb(unimpl('RunGet'));
    },
    RunPut(_c, cb) {
      cb(unimpl('RunPut'));
    },
    RunWorkload(_c, cb) {
      cb(unimpl('RunWorkload (legacy unary run; use ExecuteWorkload)'));
    },
    RunWorkloadWithLiveStats(call) {
      call.emit('error', unimpl('RunWorkloadWithLiveStats (deprecated)'));
    },
  };
}

export async function startAgent(opts: AgentOptions): Promise<RunningAgent> {
  const confine = Confinement.create(opts.roots);
  const core = new AgentCore(confine);
  const server = new grpc.Server({
    // Config size limit: a START larger than this is refused by gRPC itself (plus a check in loadModel).
    'grpc.max_receive_message_length': MAX_CONFIG_BYTES + 64 * 1024,
    // Bounded concurrent calls per connection: a local process cannot pile up requests on one channel.
    'grpc.max_concurrent_streams': 16,
  });
  server.addService(
    loadAgentService().service,
    handlers(core, opts.token) as grpc.UntypedServiceImplementation,
  );
  const tls = opts.tlsCert ? readTlsMaterial(opts.tlsCert, opts.tlsKey!) : undefined;
  const creds = tls
    ? grpc.ServerCredentials.createSsl(null, [{ cert_chain: tls.cert, private_key: tls.key }], false)
    : grpc.ServerCredentials.createInsecure();
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host}:${opts.port}`, creds, (err, p) => {
      if (err) {
        const inUse = /EADDRINUSE|address already in use|No address added/i.test(err.message);
        reject(
          new ListenError(
            inUse
              ? `${opts.host}:${opts.port} is already in use (another agent running?)`
              : `cannot listen on ${opts.host}:${opts.port}: ${err.message}`,
          ),
        );
      } else resolve(p);
    }),
  );
  return {
    port,
    core,
    ...(tls ? { tls } : {}),
    close: () =>
      new Promise<void>((resolve) => {
        core.abortActive('Agent shutting down');
        server.tryShutdown(() => {
          void core.pool.close().then(() => resolve());
        });
        setTimeout(() => server.forceShutdown(), 2000).unref();
      }),
  };
}
