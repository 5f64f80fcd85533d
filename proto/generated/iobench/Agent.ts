// Original file: proto/iobench.proto

import type * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import type {
  AgentQueryRequest as _iobench_AgentQueryRequest,
  AgentQueryRequest__Output as _iobench_AgentQueryRequest__Output,
} from '../iobench/AgentQueryRequest';
import type {
  AgentQueryResponse as _iobench_AgentQueryResponse,
  AgentQueryResponse__Output as _iobench_AgentQueryResponse__Output,
} from '../iobench/AgentQueryResponse';
import type {
  BarrierRequest as _iobench_BarrierRequest,
  BarrierRequest__Output as _iobench_BarrierRequest__Output,
} from '../iobench/BarrierRequest';
import type {
  BarrierResponse as _iobench_BarrierResponse,
  BarrierResponse__Output as _iobench_BarrierResponse__Output,
} from '../iobench/BarrierResponse';
import type {
  ControlMessage as _iobench_ControlMessage,
  ControlMessage__Output as _iobench_ControlMessage__Output,
} from '../iobench/ControlMessage';
import type { Empty as _iobench_Empty, Empty__Output as _iobench_Empty__Output } from '../iobench/Empty';
import type {
  LiveStats as _iobench_LiveStats,
  LiveStats__Output as _iobench_LiveStats__Output,
} from '../iobench/LiveStats';
import type {
  OpSummary as _iobench_OpSummary,
  OpSummary__Output as _iobench_OpSummary__Output,
} from '../iobench/OpSummary';
import type {
  PingReply as _iobench_PingReply,
  PingReply__Output as _iobench_PingReply__Output,
} from '../iobench/PingReply';
import type {
  PreFlightRequest as _iobench_PreFlightRequest,
  PreFlightRequest__Output as _iobench_PreFlightRequest__Output,
} from '../iobench/PreFlightRequest';
import type {
  PreFlightResponse as _iobench_PreFlightResponse,
  PreFlightResponse__Output as _iobench_PreFlightResponse__Output,
} from '../iobench/PreFlightResponse';
import type {
  RunGetRequest as _iobench_RunGetRequest,
  RunGetRequest__Output as _iobench_RunGetRequest__Output,
} from '../iobench/RunGetRequest';
import type {
  RunPutRequest as _iobench_RunPutRequest,
  RunPutRequest__Output as _iobench_RunPutRequest__Output,
} from '../iobench/RunPutRequest';
import type {
  RunWorkloadRequest as _iobench_RunWorkloadRequest,
  RunWorkloadRequest__Output as _iobench_RunWorkloadRequest__Output,
} from '../iobench/RunWorkloadRequest';
import type {
  WorkloadSummary as _iobench_WorkloadSummary,
  WorkloadSummary__Output as _iobench_WorkloadSummary__Output,
} from '../iobench/WorkloadSummary';

export interface AgentClient extends grpc.Client {
  AbortWorkload(
    argument: _iobench_Empty,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_iobench_Empty__Output>,
  ): grpc.ClientUnaryCall;
  AbortWorkload(
    argument: _iobench_Empty,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_iobench_Empty__Output>,
  ): grpc.ClientUnaryCall;
  AbortWorkload(
    argument: _iobench_Empty,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_iobench_Empty__Output>,
  ): grpc.ClientUnaryCall;
  AbortWorkload(
    argument: _iobench_Empty,
    callback: grpc.requestCallback<_iobench_Empty__Output>,
  ): grpc.ClientUnaryCall;
  abortWorkload(
    argument: _iobench_Empty,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_iobench_Empty__Output>,
  ): grpc.ClientUnaryCall;
  abortWorkload(
    argument: _iobench_Empty,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_iobench_Empty__Output>,
  ): grpc.ClientUnaryCall;
  abortWorkload(
    argument: _iobench_Empty,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_iobench_Empty__Output>,
  ): grpc.ClientUnaryCall;
  abortWorkload(
    argument: _iobench_Empty,
    callback: grpc.requestCallback<_iobench_Empty__Output>,
  ): grpc.ClientUnaryCall;

  ExecuteWorkload(
    metadata: grpc.Metadata,
    options?: grpc.CallOptions,
  ): grpc.ClientDuplexStream<_iobench_ControlMessage, _iobench_LiveStats__Output>;
  ExecuteWorkload(
    options?: grpc.CallOptions,
  ): grpc.ClientDuplexStream<_iobench_ControlMessage, _iobench_LiveStats__Output>;
  executeWorkload(
    metadata: grpc.Metadata,
    options?: grpc.CallOptions,
  ): grpc.ClientDuplexStream<_iobench_ControlMessage, _iobench_LiveStats__Output>;
  executeWorkload(
    options?: grpc.CallOptions,
  ): grpc.ClientDuplexStream<_iobench_ControlMessage, _iobench_LiveStats__Output>;

  Ping(
    argument: _iobench_Empty,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_iobench_PingReply__Output>,
  ): grpc.ClientUnaryCall;
  Ping(
    argument: _iobench_Empty,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_iobench_PingReply__Output>,
  ): grpc.ClientUnaryCall;
  Ping(
    argument: _iobench_Empty,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_iobench_PingReply__Output>,
  ): grpc.ClientUnaryCall;
  Ping(
    argument: _iobench_Empty,
    callback: grpc.requestCallback<_iobench_PingReply__Output>,
  ): grpc.ClientUnaryCall;
  ping(
    argument: _iobench_Empty,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_iobench_PingReply__Output>,
  ): grpc.ClientUnaryCall;
  ping(
    argument: _iobench_Empty,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_iobench_PingReply__Output>,
  ): grpc.ClientUnaryCall;
  ping(
    argument: _iobench_Empty,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_iobench_PingReply__Output>,
  ): grpc.ClientUnaryCall;
  ping(
    argument: _iobench_Empty,
    callback: grpc.requestCallback<_iobench_PingReply__Output>,
  ): grpc.ClientUnaryCall;

  PreFlightValidation(
    argument: _iobench_PreFlightRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_iobench_PreFlightResponse__Output>,
  ): grpc.ClientUnaryCall;
  PreFlightValidation(
    argument: _iobench_PreFlightRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_iobench_PreFlightResponse__Output>,
  ): grpc.ClientUnaryCall;
  PreFlightValidation(
    argument: _iobench_PreFlightRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_iobench_PreFlightResponse__Output>,
  ): grpc.ClientUnaryCall;
  PreFlightValidation(
    argument: _iobench_PreFlightRequest,
    callback: grpc.requestCallback<_iobench_PreFlightResponse__Output>,
  ): grpc.ClientUnaryCall;
  preFlightValidation(
    argument: _iobench_PreFlightRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_iobench_PreFlightResponse__Output>,
  ): grpc.ClientUnaryCall;
  preFlightValidation(
    argument: _iobench_PreFlightRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_iobench_PreFlightResponse__Output>,
  ): grpc.ClientUnaryCall;
  preFlightValidation(
    argument: _iobench_PreFlightRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_iobench_PreFlightResponse__Output>,
  ): grpc.ClientUnaryCall;
  preFlightValidation(
    argument: _iobench_PreFlightRequest,
    callback: grpc.requestCallback<_iobench_PreFlightResponse__Output>,
  ): grpc.ClientUnaryCall;

  QueryAgentStatus(
    argument: _iobench_AgentQueryRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_iobench_AgentQueryResponse__Output>,
  ): grpc.ClientUnaryCall;
  QueryAgentStatus(
    argument: _iobench_AgentQueryRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_iobench_AgentQueryResponse__Output>,
  ): grpc.ClientUnaryCall;
  QueryAgentStatus(
    argument: _iobench_AgentQueryRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_iobench_AgentQueryResponse__Output>,
  ): grpc.ClientUnaryCall;
  QueryAgentStatus(
    argument: _iobench_AgentQueryRequest,
    callback: grpc.requestCallback<_iobench_AgentQueryResponse__Output>,
  ): grpc.ClientUnaryCall;
  queryAgentStatus(
    argument: _iobench_AgentQueryRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_iobench_AgentQueryResponse__Output>,
  ): grpc.ClientUnaryCall;
  queryAgentStatus(
    argument: _iobench_AgentQueryRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_iobench_AgentQueryResponse__Output>,
  ): grpc.ClientUnaryCall;
  queryAgentStatus(
    argument: _iobench_AgentQueryRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_iobench_AgentQueryResponse__Output>,
  ): grpc.ClientUnaryCall;
  queryAgentStatus(
    argument: _iobench_AgentQueryRequest,
    callback: grpc.requestCallback<_iobench_AgentQueryResponse__Output>,
  ): grpc.ClientUnaryCall;

  ReportBarrierReady(
    argument: _iobench_BarrierRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_iobench_BarrierResponse__Output>,
  ): grpc.ClientUnaryCall;
  ReportBarrierReady(
    argument: _iobench_BarrierRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_iobench_BarrierResponse__Output>,
  ): grpc.ClientUnaryCall;
  ReportBarrierReady(
    argument: _iobench_BarrierRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_iobench_BarrierResponse__Output>,
  ): grpc.ClientUnaryCall;
  ReportBarrierReady(
    argument: _iobench_BarrierRequest,
    callback: grpc.requestCallback<_iobench_BarrierResponse__Output>,
  ): grpc.ClientUnaryCall;
  reportBarrierReady(
    argument: _iobench_BarrierRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_iobench_BarrierResponse__Output>,
  ): grpc.ClientUnaryCall;
  reportBarrierReady(
    argument: _iobench_BarrierRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_iobench_BarrierResponse__Output>,
  ): grpc.ClientUnaryCall;
  reportBarrierReady(
    argument: _iobench_BarrierRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_iobench_BarrierResponse__Output>,
  ): grpc.ClientUnaryCall;
  reportBarrierReady(
    argument: _iobench_BarrierRequest,
    callback: grpc.requestCallback<_iobench_BarrierResponse__Output>,
  ): grpc.ClientUnaryCall;

  RunGet(
    argument: _iobench_RunGetRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_iobench_OpSummary__Output>,
  ): grpc.ClientUnaryCall;
  RunGet(
    argument: _iobench_RunGetRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_iobench_OpSummary__Output>,
  ): grpc.ClientUnaryCall;
  RunGet(
    argument: _iobench_RunGetRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_iobench_OpSummary__Output>,
  ): grpc.ClientUnaryCall;
  RunGet(
    argument: _iobench_RunGetRequest,
    callback: grpc.requestCallback<_iobench_OpSummary__Output>,
  ): grpc.ClientUnaryCall;
  runGet(
    argument: _iobench_RunGetRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_iobench_OpSummary__Output>,
  ): grpc.ClientUnaryCall;
  runGet(
    argument: _iobench_RunGetRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_iobench_OpSummary__Output>,
  ): grpc.ClientUnaryCall;
  runGet(
    argument: _iobench_RunGetRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_iobench_OpSummary__Output>,
  ): grpc.ClientUnaryCall;
  runGet(
    argument: _iobench_RunGetRequest,
    callback: grpc.requestCallback<_iobench_OpSummary__Output>,
  ): grpc.ClientUnaryCall;

  RunPut(
    argument: _iobench_RunPutRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_iobench_OpSummary__Output>,
  ): grpc.ClientUnaryCall;
  RunPut(
    argument: _iobench_RunPutRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_iobench_OpSummary__Output>,
  ): grpc.ClientUnaryCall;
  RunPut(
    argument: _iobench_RunPutRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_iobench_OpSummary__Output>,
  ): grpc.ClientUnaryCall;
  RunPut(
    argument: _iobench_RunPutRequest,
    callback: grpc.requestCallback<_iobench_OpSummary__Output>,
  ): grpc.ClientUnaryCall;
  runPut(
    argument: _iobench_RunPutRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_iobench_OpSummary__Output>,
  ): grpc.ClientUnaryCall;
  runPut(
    argument: _iobench_RunPutRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_iobench_OpSummary__Output>,
  ): grpc.ClientUnaryCall;
  runPut(
    argument: _iobench_RunPutRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_iobench_OpSummary__Output>,
  ): grpc.ClientUnaryCall;
  runPut(
    argument: _iobench_RunPutRequest,
    callback: grpc.requestCallback<_iobench_OpSummary__Output>,
  ): grpc.ClientUnaryCall;

  RunWorkload(
    argument: _iobench_RunWorkloadRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_iobench_WorkloadSummary__Output>,
  ): grpc.ClientUnaryCall;
  RunWorkload(
    argument: _iobench_RunWorkloadRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_iobench_WorkloadSummary__Output>,
  ): grpc.ClientUnaryCall;
  RunWorkload(
    argument: _iobench_RunWorkloadRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_iobench_WorkloadSummary__Output>,
  ): grpc.ClientUnaryCall;
  RunWorkload(
    argument: _iobench_RunWorkloadRequest,
    callback: grpc.requestCallback<_iobench_WorkloadSummary__Output>,
  ): grpc.ClientUnaryCall;
  runWorkload(
    argument: _iobench_RunWorkloadRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_iobench_WorkloadSummary__Output>,
  ): grpc.ClientUnaryCall;
  runWorkload(
    argument: _iobench_RunWorkloadRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_iobench_WorkloadSummary__Output>,
  ): grpc.ClientUnaryCall;
  runWorkload(
    argument: _iobench_RunWorkloadRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_iobench_WorkloadSummary__Output>,
  ): grpc.ClientUnaryCall;
  runWorkload(
    argument: _iobench_RunWorkloadRequest,
    callback: grpc.requestCallback<_iobench_WorkloadSummary__Output>,
  ): grpc.ClientUnaryCall;

  RunWorkloadWithLiveStats(
    argument: _iobench_RunWorkloadRequest,
    metadata: grpc.Metadata,
    options?: grpc.CallOptions,
  ): grpc.ClientReadableStream<_iobench_LiveStats__Output>;
  RunWorkloadWithLiveStats(
    argument: _iobench_RunWorkloadRequest,
    options?: grpc.CallOptions,
  ): grpc.ClientReadableStream<_iobench_LiveStats__Output>;
  runWorkloadWithLiveStats(
    argument: _iobench_RunWorkloadRequest,
    metadata: grpc.Metadata,
    options?: grpc.CallOptions,
  ): grpc.ClientReadableStream<_iobench_LiveStats__Output>;
  runWorkloadWithLiveStats(
    argument: _iobench_RunWorkloadRequest,
    options?: grpc.CallOptions,
  ): grpc.ClientReadableStream<_iobench_LiveStats__Output>;
}

export interface AgentHandlers extends grpc.UntypedServiceImplementation {
  AbortWorkload: grpc.handleUnaryCall<_iobench_Empty__Output, _iobench_Empty>;

  ExecuteWorkload: grpc.handleBidiStreamingCall<_iobench_ControlMessage__Output, _iobench_LiveStats>;

  Ping: grpc.handleUnaryCall<_iobench_Empty__Output, _iobench_PingReply>;

  PreFlightValidation: grpc.handleUnaryCall<_iobench_PreFlightRequest__Output, _iobench_PreFlightResponse>;

  QueryAgentStatus: grpc.handleUnaryCall<_iobench_AgentQueryRequest__Output, _iobench_AgentQueryResponse>;

  ReportBarrierReady: grpc.handleUnaryCall<_iobench_BarrierRequest__Output, _iobench_BarrierResponse>;

  RunGet: grpc.handleUnaryCall<_iobench_RunGetRequest__Output, _iobench_OpSummary>;

  RunPut: grpc.handleUnaryCall<_iobench_RunPutRequest__Output, _iobench_OpSummary>;

  RunWorkload: grpc.handleUnaryCall<_iobench_RunWorkloadRequest__Output, _iobench_WorkloadSummary>;

  RunWorkloadWithLiveStats: grpc.handleServerStreamingCall<
    _iobench_RunWorkloadRequest__Output,
    _iobench_LiveStats
  >;
}

export interface AgentDefinition extends grpc.ServiceDefinition {
  AbortWorkload: MethodDefinition<
    _iobench_Empty,
    _iobench_Empty,
    _iobench_Empty__Output,
    _iobench_Empty__Output
  >;
  ExecuteWorkload: MethodDefinition<
    _iobench_ControlMessage,
    _iobench_LiveStats,
    _iobench_ControlMessage__Output,
    _iobench_LiveStats__Output
  >;
  Ping: MethodDefinition<
    _iobench_Empty,
    _iobench_PingReply,
    _iobench_Empty__Output,
    _iobench_PingReply__Output
  >;
  PreFlightValidation: MethodDefinition<
    _iobench_PreFlightRequest,
    _iobench_PreFlightResponse,
    _iobench_PreFlightRequest__Output,
    _iobench_PreFlightResponse__Output
  >;
  QueryAgentStatus: MethodDefinition<
    _iobench_AgentQueryRequest,
    _iobench_AgentQueryResponse,
    _iobench_AgentQueryRequest__Output,
    _iobench_AgentQueryResponse__Output
  >;
  ReportBarrierReady: MethodDefinition<
    _iobench_BarrierRequest,
    _iobench_BarrierResponse,
    _iobench_BarrierRequest__Output,
    _iobench_BarrierResponse__Output
  >;
  RunGet: MethodDefinition<
    _iobench_RunGetRequest,
    _iobench_OpSummary,
    _iobench_RunGetRequest__Output,
    _iobench_OpSummary__Output
  >;
  RunPut: MethodDefinition<
    _iobench_RunPutRequest,
    _iobench_OpSummary,
    _iobench_RunPutRequest__Output,
    _iobench_OpSummary__Output
  >;
  RunWorkload: MethodDefinition<
    _iobench_RunWorkloadRequest,
    _iobench_WorkloadSummary,
    _iobench_RunWorkloadRequest__Output,
    _iobench_WorkloadSummary__Output
  >;
  RunWorkloadWithLiveStats: MethodDefinition<
    _iobench_RunWorkloadRequest,
    _iobench_LiveStats,
    _iobench_RunWorkloadRequest__Output,
    _iobench_LiveStats__Output
  >;
}
