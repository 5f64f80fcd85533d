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
import { _iobench_ControlMessage_Command } from './generated/iobench/ControlMessage';
import { _iobench_LiveStats_Status, _iobench_LiveStats_WorkloadStage } from './generated/iobench/LiveStats';

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

/** LiveStats.Status values (generated from the proto), plus the undeclared 7 sai3 uses for pre-flight results. */
export const Status = { ..._iobench_LiveStats_Status, PREFLIGHT_RESULT: 7 } as const;
/** LiveStats.WorkloadStage, without the proto's STAGE_ prefix. */
export const WorkloadStage = {
  UNKNOWN: _iobench_LiveStats_WorkloadStage.STAGE_UNKNOWN,
  PREPARE: _iobench_LiveStats_WorkloadStage.STAGE_PREPARE,
  WORKLOAD: _iobench_LiveStats_WorkloadStage.STAGE_WORKLOAD,
  CLEANUP: _iobench_LiveStats_WorkloadStage.STAGE_CLEANUP,
  LISTING: _iobench_LiveStats_WorkloadStage.STAGE_LISTING,
  CUSTOM: _iobench_LiveStats_WorkloadStage.STAGE_CUSTOM,
} as const;
export const Command = _iobench_ControlMessage_Command;
// ResultLevel, ErrorType and WorkloadPhase are top-level proto enums, for which the generator emits types only.
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
