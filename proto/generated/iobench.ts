import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type {
  AgentClient as _iobench_AgentClient,
  AgentDefinition as _iobench_AgentDefinition,
} from './iobench/Agent';
import type {
  AgentQueryRequest as _iobench_AgentQueryRequest,
  AgentQueryRequest__Output as _iobench_AgentQueryRequest__Output,
} from './iobench/AgentQueryRequest';
import type {
  AgentQueryResponse as _iobench_AgentQueryResponse,
  AgentQueryResponse__Output as _iobench_AgentQueryResponse__Output,
} from './iobench/AgentQueryResponse';
import type {
  BarrierRequest as _iobench_BarrierRequest,
  BarrierRequest__Output as _iobench_BarrierRequest__Output,
} from './iobench/BarrierRequest';
import type {
  BarrierResponse as _iobench_BarrierResponse,
  BarrierResponse__Output as _iobench_BarrierResponse__Output,
} from './iobench/BarrierResponse';
import type {
  ControlMessage as _iobench_ControlMessage,
  ControlMessage__Output as _iobench_ControlMessage__Output,
} from './iobench/ControlMessage';
import type { Empty as _iobench_Empty, Empty__Output as _iobench_Empty__Output } from './iobench/Empty';
import type {
  EndpointStatsSnapshot as _iobench_EndpointStatsSnapshot,
  EndpointStatsSnapshot__Output as _iobench_EndpointStatsSnapshot__Output,
} from './iobench/EndpointStatsSnapshot';
import type {
  LiveStats as _iobench_LiveStats,
  LiveStats__Output as _iobench_LiveStats__Output,
} from './iobench/LiveStats';
import type {
  OpAggregateMetrics as _iobench_OpAggregateMetrics,
  OpAggregateMetrics__Output as _iobench_OpAggregateMetrics__Output,
} from './iobench/OpAggregateMetrics';
import type {
  OpSummary as _iobench_OpSummary,
  OpSummary__Output as _iobench_OpSummary__Output,
} from './iobench/OpSummary';
import type {
  PhaseProgress as _iobench_PhaseProgress,
  PhaseProgress__Output as _iobench_PhaseProgress__Output,
} from './iobench/PhaseProgress';
import type {
  PingReply as _iobench_PingReply,
  PingReply__Output as _iobench_PingReply__Output,
} from './iobench/PingReply';
import type {
  PreFlightRequest as _iobench_PreFlightRequest,
  PreFlightRequest__Output as _iobench_PreFlightRequest__Output,
} from './iobench/PreFlightRequest';
import type {
  PreFlightResponse as _iobench_PreFlightResponse,
  PreFlightResponse__Output as _iobench_PreFlightResponse__Output,
} from './iobench/PreFlightResponse';
import type {
  PrepareSummary as _iobench_PrepareSummary,
  PrepareSummary__Output as _iobench_PrepareSummary__Output,
} from './iobench/PrepareSummary';
import type {
  RunGetRequest as _iobench_RunGetRequest,
  RunGetRequest__Output as _iobench_RunGetRequest__Output,
} from './iobench/RunGetRequest';
import type {
  RunPutRequest as _iobench_RunPutRequest,
  RunPutRequest__Output as _iobench_RunPutRequest__Output,
} from './iobench/RunPutRequest';
import type {
  RunWorkloadRequest as _iobench_RunWorkloadRequest,
  RunWorkloadRequest__Output as _iobench_RunWorkloadRequest__Output,
} from './iobench/RunWorkloadRequest';
import type {
  SizeBins as _iobench_SizeBins,
  SizeBins__Output as _iobench_SizeBins__Output,
} from './iobench/SizeBins';
import type {
  SizeBucketData as _iobench_SizeBucketData,
  SizeBucketData__Output as _iobench_SizeBucketData__Output,
} from './iobench/SizeBucketData';
import type {
  StageSummary as _iobench_StageSummary,
  StageSummary__Output as _iobench_StageSummary__Output,
} from './iobench/StageSummary';
import type {
  ValidationResult as _iobench_ValidationResult,
  ValidationResult__Output as _iobench_ValidationResult__Output,
} from './iobench/ValidationResult';
import type {
  WorkloadSummary as _iobench_WorkloadSummary,
  WorkloadSummary__Output as _iobench_WorkloadSummary__Output,
} from './iobench/WorkloadSummary';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new (...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  iobench: {
    Agent: SubtypeConstructor<typeof grpc.Client, _iobench_AgentClient> & {
      service: _iobench_AgentDefinition;
    };
    AgentQueryRequest: MessageTypeDefinition<_iobench_AgentQueryRequest, _iobench_AgentQueryRequest__Output>;
    AgentQueryResponse: MessageTypeDefinition<
      _iobench_AgentQueryResponse,
      _iobench_AgentQueryResponse__Output
    >;
    BarrierRequest: MessageTypeDefinition<_iobench_BarrierRequest, _iobench_BarrierRequest__Output>;
    BarrierResponse: MessageTypeDefinition<_iobench_BarrierResponse, _iobench_BarrierResponse__Output>;
    ControlMessage: MessageTypeDefinition<_iobench_ControlMessage, _iobench_ControlMessage__Output>;
    Empty: MessageTypeDefinition<_iobench_Empty, _iobench_Empty__Output>;
    EndpointStatsSnapshot: MessageTypeDefinition<
      _iobench_EndpointStatsSnapshot,
      _iobench_EndpointStatsSnapshot__Output
    >;
    ErrorType: EnumTypeDefinition;
    LiveStats: MessageTypeDefinition<_iobench_LiveStats, _iobench_LiveStats__Output>;
    OpAggregateMetrics: MessageTypeDefinition<
      _iobench_OpAggregateMetrics,
      _iobench_OpAggregateMetrics__Output
    >;
    OpSummary: MessageTypeDefinition<_iobench_OpSummary, _iobench_OpSummary__Output>;
    PhaseProgress: MessageTypeDefinition<_iobench_PhaseProgress, _iobench_PhaseProgress__Output>;
    PingReply: MessageTypeDefinition<_iobench_PingReply, _iobench_PingReply__Output>;
    PreFlightRequest: MessageTypeDefinition<_iobench_PreFlightRequest, _iobench_PreFlightRequest__Output>;
    PreFlightResponse: MessageTypeDefinition<_iobench_PreFlightResponse, _iobench_PreFlightResponse__Output>;
    PrepareSummary: MessageTypeDefinition<_iobench_PrepareSummary, _iobench_PrepareSummary__Output>;
    ResultLevel: EnumTypeDefinition;
    RunGetRequest: MessageTypeDefinition<_iobench_RunGetRequest, _iobench_RunGetRequest__Output>;
    RunPutRequest: MessageTypeDefinition<_iobench_RunPutRequest, _iobench_RunPutRequest__Output>;
    RunWorkloadRequest: MessageTypeDefinition<
      _iobench_RunWorkloadRequest,
      _iobench_RunWorkloadRequest__Output
    >;
    SizeBins: MessageTypeDefinition<_iobench_SizeBins, _iobench_SizeBins__Output>;
    SizeBucketData: MessageTypeDefinition<_iobench_SizeBucketData, _iobench_SizeBucketData__Output>;
    StageSummary: MessageTypeDefinition<_iobench_StageSummary, _iobench_StageSummary__Output>;
    TriStateToggle: EnumTypeDefinition;
    ValidationResult: MessageTypeDefinition<_iobench_ValidationResult, _iobench_ValidationResult__Output>;
    WorkloadPhase: EnumTypeDefinition;
    WorkloadSummary: MessageTypeDefinition<_iobench_WorkloadSummary, _iobench_WorkloadSummary__Output>;
  };
}
