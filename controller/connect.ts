// gRPC clients for the agents: sai3's channel settings (connect timeout 5 s, HTTP/2 keepalive 30 s / 10 s,
// keepalive while idle, §3.1/§3.10), the bearer token our agent asks for, and a Ping so an unreachable or
// wrong endpoint fails fast with the agent's name and address instead of deep inside a stream.
import * as grpc from '@grpc/grpc-js';
import { MAX_PARALLEL_RPC } from '../core/parallel';
import { loadAgentService, type AgentClient } from '../proto';
import { mapBounded } from './bounded';
import type { AgentRef } from './events';

/** TLS to agents started with --tls-cert/--tls-key (or sai3 agents started with --tls). */
export interface TlsOptions {
  /** PEM of the CA (or the agent's self-signed certificate); absent: the system's roots. */
  ca?: Buffer;
  /** Name to verify the agent's certificate against when it differs from the address's host. */
  domain?: string;
}

export interface ConnectOptions {
  token?: string;
  tls?: TlsOptions;
  connectTimeoutMs?: number;
  keepaliveMs?: number;
  keepaliveTimeoutMs?: number;
}

export const CONNECT_TIMEOUT_MS = 5_000;
const MAX_MESSAGE = 64 * 1024 * 1024; // configs and summaries with histograms can exceed gRPC's 4 MiB default

export interface Connection {
  agent: AgentRef;
  client: AgentClient;
  version: string;
  /** metadata for every call (the token, when there is one) */
  metadata(): grpc.Metadata;
  close(): void;
}

export class ConnectError extends Error {
  constructor(
    readonly agent: AgentRef,
    message: string,
  ) {
    super(message);
  }
}

export function createClient(address: string, opts: ConnectOptions = {}): AgentClient {
  const Agent = loadAgentService();
  const creds = opts.tls
    ? grpc.credentials.createSsl(opts.tls.ca ?? null)
    : grpc.credentials.createInsecure();
  return new Agent(address, creds, {
    ...(opts.tls?.domain
      ? { 'grpc.ssl_target_name_override': opts.tls.domain, 'grpc.default_authority': opts.tls.domain }
      : {}),
    'grpc.keepalive_time_ms': opts.keepaliveMs ?? 30_000,
    'grpc.keepalive_timeout_ms': opts.keepaliveTimeoutMs ?? 10_000,
    'grpc.keepalive_permit_without_calls': 1,
    'grpc.max_receive_message_length': MAX_MESSAGE,
    'grpc.max_send_message_length': MAX_MESSAGE,
    // fail fast on a refused port instead of backing off past the connect timeout
    'grpc.initial_reconnect_backoff_ms': 200,
    'grpc.max_reconnect_backoff_ms': 1_000,
  });
}

export function tokenMetadata(token?: string): grpc.Metadata {
  const md = new grpc.Metadata();
  if (token) md.set('authorization', `Bearer ${token}`);
  return md;
}

const waitReady = (client: AgentClient, deadline: Date) =>
  new Promise<void>((resolve, reject) => client.waitForReady(deadline, (e) => (e ? reject(e) : resolve())));

/** Connects and pings one agent; rejects with a ConnectError naming it within the connect timeout. */
export async function connectAgent(agent: AgentRef, opts: ConnectOptions = {}): Promise<Connection> {
  const timeout = opts.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
  const client = createClient(agent.address, opts);
  const deadline = new Date(Date.now() + timeout);
  const fail = (why: string) => {
    client.close();
    return new ConnectError(agent, `${agent.id} (${agent.address}): ${why}`);
  };
  try {
    await waitReady(client, deadline);
  } catch {
    // A TLS mismatch looks the same as a dead agent from here (the handshake just never completes): say both.
    throw fail(
      `unreachable — no gRPC connection within ${Math.round(timeout / 1000)} s (is the agent running and listening on that address? ` +
        (opts.tls
          ? `With TLS: does the agent use TLS, and is its certificate signed by --agent-ca and valid for ${opts.tls.domain ?? 'that host'} (--agent-domain)?)`
          : 'If it was started with TLS, pass --tls and --agent-ca.)'),
    );
  }
  const metadata = () => tokenMetadata(opts.token);
  const version = await new Promise<string>((resolve, reject) =>
    client.Ping({}, metadata(), { deadline }, (e, r) => (e || !r ? reject(e) : resolve(r.version))),
  ).catch((e: grpc.ServiceError) => {
    const why =
      e?.code === grpc.status.UNAUTHENTICATED || e?.code === grpc.status.PERMISSION_DENIED
        ? `the agent refused our token (${e.details || e.message}); pass --token`
        : e?.code === grpc.status.UNIMPLEMENTED
          ? 'this endpoint is not an iobench/sai3 agent (Ping is unimplemented)'
          : `Ping failed: ${e?.details || e?.message || 'no reply'}`;
    throw fail(why);
  });
  return { agent, client, version, metadata, close: () => client.close() };
}

/** Connects to every agent in parallel; all-or-nothing (open connections are closed on failure). */
export async function connectAll(
  agents: AgentRef[],
  opts: ConnectOptions = {},
  onConnected?: (c: Connection, ms: number) => void,
): Promise<{ ok: true; connections: Connection[] } | { ok: false; errors: ConnectError[] }> {
  const t0 = Date.now();
  // bounded: hundreds of agents must not mean hundreds of simultaneous handshakes (core/parallel)
  const settled = await mapBounded(agents, MAX_PARALLEL_RPC, async (a) => {
    const c = await connectAgent(a, opts);
    onConnected?.(c, Date.now() - t0);
    return c;
  });
  const errors: ConnectError[] = [];
  settled.forEach((s, i) => {
    if (s.status === 'rejected')
      errors.push(
        s.reason instanceof ConnectError ? s.reason : new ConnectError(agents[i], String(s.reason)),
      );
  });
  const connections = settled
    .filter((s): s is PromiseFulfilledResult<Connection> => s.status === 'fulfilled')
    .map((s) => s.value);
  if (errors.length) {
    for (const c of connections) c.close();
    return { ok: false, errors };
  }
  return { ok: true, connections };
}
