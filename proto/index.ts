// Loads the agent contract (proto/iobench.proto) for both sides: the agent server and the controller's client.
// No agent or controller logic here. Decoding options (must match scripts/gen-proto-types.sh):
//   keepCase      field names exactly as in the proto (snake_case), as sai3 and the tables in the spec use them;
//   longs: Number 64-bit integers are JS numbers (exact below 2^53 — byte and op counts stay far below that);
//   enums: Number enum values are numbers, so the undeclared LiveStats status 7 (pre-flight over the stream)
//                 passes through unchanged;
//   defaults      absent fields decode to their proto3 default (0, '', false), so readers need no `?? 0`.
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { ProtoGrpcType } from './generated/iobench';

export type * from './generated/iobench';
export type { AgentClient, AgentHandlers, AgentDefinition } from './generated/iobench/Agent';
export type { LiveStats, LiveStats__Output } from './generated/iobench/LiveStats';
export type { ControlMessage, ControlMessage__Output } from './generated/iobench/ControlMessage';
export type { StageSummary, StageSummary__Output } from './generated/iobench/StageSummary';
export type { PrepareSummary, PrepareSummary__Output } from './generated/iobench/PrepareSummary';
export type { WorkloadSummary, WorkloadSummary__Output } from './generated/iobench/WorkloadSummary';
export type { OpAggregateMetrics } from './generated/iobench/OpAggregateMetrics';
export type { SizeBins } from './generated/iobench/SizeBins';
export type { PreFlightRequest__Output } from './generated/iobench/PreFlightRequest';
export type { PreFlightResponse, PreFlightResponse__Output } from './generated/iobench/PreFlightResponse';
export type { ValidationResult, ValidationResult__Output } from './generated/iobench/ValidationResult';
export type { AgentQueryResponse } from './generated/iobench/AgentQueryResponse';
export type { PingReply__Output } from './generated/iobench/PingReply';

export const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: true,
  longs: Number,
  enums: Number,
  defaults: true,
  oneofs: true,
};

/** gRPC service name and default port (sai3 DEFAULT_AGENT_PORT). */
export const SERVICE_NAME = 'iobench.Agent';
export const DEFAULT_AGENT_PORT = 7167;

/** LiveStats.Status values, including the undeclared 7 sai3 uses for pre-flight results on the stream. */
export const Status = {
  UNKNOWN: 0,
  READY: 1,
  RUNNING: 2,
  ERROR: 3,
  COMPLETED: 4,
  ABORTED: 5,
  ACKNOWLEDGE: 6,
  PREFLIGHT_RESULT: 7,
} as const;
export const WorkloadStage = {
  UNKNOWN: 0,
  PREPARE: 1,
  WORKLOAD: 2,
  CLEANUP: 3,
  LISTING: 4,
  CUSTOM: 10,
} as const;
export const Command = {
  PING: 0,
  START: 1,
  ABORT: 2,
  ACKNOWLEDGE: 3,
  PREFLIGHT: 4,
  RELEASE_BARRIER: 5,
  GOODBYE: 6,
  RESET: 7,
  SYNC_STATE: 8,
} as const;
export const ResultLevel = { SUCCESS: 0, INFO: 1, WARNING: 2, ERROR: 3 } as const;
export const ErrorType = {
  UNKNOWN: 0,
  AUTHENTICATION: 1,
  PERMISSION: 2,
  NETWORK: 3,
  CONFIGURATION: 4,
  RESOURCE: 5,
  SYSTEM: 6,
} as const;
export const WorkloadPhase = {
  IDLE: 0,
  VALIDATING: 1,
  PREPARE_READY: 2,
  PREPARING: 3,
  EXECUTE_READY: 4,
  EXECUTING: 5,
  CLEANUP_READY: 6,
  CLEANING: 7,
  COMPLETED: 8,
  FAILED: 9,
  ABORTING: 10,
} as const;

/**
 * Where iobench.proto is. Source (tsx: proto/index.ts) and bundles (dist/*.js) both sit one folder below the
 * repository root, so `<here>/../proto/iobench.proto` works for both; IOBENCH_PROTO overrides (installed layouts).
 */
export function protoPath(): string {
  const env = process.env.IOBENCH_PROTO;
  if (env) return env;
  const p = path.join(__dirname, '..', 'proto', 'iobench.proto');
  if (!fs.existsSync(p)) throw new Error(`iobench.proto not found at ${p} (set IOBENCH_PROTO)`);
  return p;
}

let cached: ProtoGrpcType | undefined;

/** The loaded `iobench` package (service constructor + message types), loaded once per process. */
export function loadAgentPackage(): ProtoGrpcType {
  if (!cached) {
    const def = protoLoader.loadSync(protoPath(), LOADER_OPTIONS);
    cached = grpc.loadPackageDefinition(def) as unknown as ProtoGrpcType;
  }
  return cached;
}

/** The `iobench.Agent` service: `.service` for a server, itself as a client constructor. */
export function loadAgentService() {
  return loadAgentPackage().iobench.Agent;
}
