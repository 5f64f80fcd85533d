// Original file: proto/iobench.proto

import type {
  WorkloadPhase as _iobench_WorkloadPhase,
  WorkloadPhase__Output as _iobench_WorkloadPhase__Output,
} from '../iobench/WorkloadPhase';
import type { Long } from '@grpc/proto-loader';

export interface PhaseProgress {
  agent_id?: string;
  current_phase?: _iobench_WorkloadPhase;
  phase_start_time_ms?: number | string | Long;
  heartbeat_time_ms?: number | string | Long;
  objects_created?: number | string | Long;
  objects_total?: number | string | Long;
  current_operation?: string;
  bytes_written?: number | string | Long;
  errors_encountered?: number | string | Long;
  operations_completed?: number | string | Long;
  current_throughput?: number | string;
  phase_elapsed_ms?: number | string | Long;
  objects_deleted?: number | string | Long;
  objects_remaining?: number | string | Long;
  is_stuck?: boolean;
  stuck_reason?: string;
  progress_rate?: number | string;
  phase_completed?: boolean;
  at_barrier?: boolean;
}

export interface PhaseProgress__Output {
  agent_id: string;
  current_phase: _iobench_WorkloadPhase__Output;
  phase_start_time_ms: number;
  heartbeat_time_ms: number;
  objects_created: number;
  objects_total: number;
  current_operation: string;
  bytes_written: number;
  errors_encountered: number;
  operations_completed: number;
  current_throughput: number;
  phase_elapsed_ms: number;
  objects_deleted: number;
  objects_remaining: number;
  is_stuck: boolean;
  stuck_reason: string;
  progress_rate: number;
  phase_completed: boolean;
  at_barrier: boolean;
}
