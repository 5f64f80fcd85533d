// Original file: proto/iobench.proto

import type {
  WorkloadSummary as _iobench_WorkloadSummary,
  WorkloadSummary__Output as _iobench_WorkloadSummary__Output,
} from '../iobench/WorkloadSummary';
import type {
  PrepareSummary as _iobench_PrepareSummary,
  PrepareSummary__Output as _iobench_PrepareSummary__Output,
} from '../iobench/PrepareSummary';
import type {
  StageSummary as _iobench_StageSummary,
  StageSummary__Output as _iobench_StageSummary__Output,
} from '../iobench/StageSummary';
import type { Long } from '@grpc/proto-loader';

// Original file: proto/iobench.proto

export const _iobench_LiveStats_Status = {
  UNKNOWN: 0,
  READY: 1,
  RUNNING: 2,
  ERROR: 3,
  COMPLETED: 4,
  ABORTED: 5,
  ACKNOWLEDGE: 6,
} as const;

export type _iobench_LiveStats_Status =
  | 'UNKNOWN'
  | 0
  | 'READY'
  | 1
  | 'RUNNING'
  | 2
  | 'ERROR'
  | 3
  | 'COMPLETED'
  | 4
  | 'ABORTED'
  | 5
  | 'ACKNOWLEDGE'
  | 6;

export type _iobench_LiveStats_Status__Output =
  (typeof _iobench_LiveStats_Status)[keyof typeof _iobench_LiveStats_Status];

// Original file: proto/iobench.proto

export const _iobench_LiveStats_WorkloadStage = {
  STAGE_UNKNOWN: 0,
  STAGE_PREPARE: 1,
  STAGE_WORKLOAD: 2,
  STAGE_CLEANUP: 3,
  STAGE_LISTING: 4,
  STAGE_CUSTOM: 10,
} as const;

export type _iobench_LiveStats_WorkloadStage =
  | 'STAGE_UNKNOWN'
  | 0
  | 'STAGE_PREPARE'
  | 1
  | 'STAGE_WORKLOAD'
  | 2
  | 'STAGE_CLEANUP'
  | 3
  | 'STAGE_LISTING'
  | 4
  | 'STAGE_CUSTOM'
  | 10;

export type _iobench_LiveStats_WorkloadStage__Output =
  (typeof _iobench_LiveStats_WorkloadStage)[keyof typeof _iobench_LiveStats_WorkloadStage];

export interface LiveStats {
  agent_id?: string;
  timestamp_s?: number | string;
  get_ops?: number | string | Long;
  get_bytes?: number | string | Long;
  get_mean_us?: number | string;
  get_p50_us?: number | string;
  get_p95_us?: number | string;
  put_ops?: number | string | Long;
  put_bytes?: number | string | Long;
  put_mean_us?: number | string;
  put_p50_us?: number | string;
  put_p95_us?: number | string;
  meta_ops?: number | string | Long;
  meta_mean_us?: number | string;
  elapsed_s?: number | string;
  completed?: boolean;
  final_summary?: _iobench_WorkloadSummary | null;
  status?: _iobench_LiveStats_Status;
  error_message?: string;
  in_prepare_phase?: boolean;
  prepare_objects_created?: number | string | Long;
  prepare_objects_total?: number | string | Long;
  prepare_summary?: _iobench_PrepareSummary | null;
  cpu_user_percent?: number | string;
  cpu_system_percent?: number | string;
  cpu_iowait_percent?: number | string;
  cpu_total_percent?: number | string;
  agent_timestamp_ns?: number | string | Long;
  sequence?: number | string | Long;
  current_stage?: _iobench_LiveStats_WorkloadStage;
  stage_name?: string;
  stage_progress_current?: number | string | Long;
  stage_progress_total?: number | string | Long;
  stage_elapsed_s?: number | string;
  concurrency?: number;
  get_p90_us?: number | string;
  get_p99_us?: number | string;
  put_p90_us?: number | string;
  put_p99_us?: number | string;
  meta_p50_us?: number | string;
  meta_p90_us?: number | string;
  meta_p99_us?: number | string;
  at_barrier?: boolean;
  barrier_name?: string;
  barrier_sequence?: number;
  stage_summary?: _iobench_StageSummary | null;
}

export interface LiveStats__Output {
  agent_id: string;
  timestamp_s: number;
  get_ops: number;
  get_bytes: number;
  get_mean_us: number;
  get_p50_us: number;
  get_p95_us: number;
  put_ops: number;
  put_bytes: number;
  put_mean_us: number;
  put_p50_us: number;
  put_p95_us: number;
  meta_ops: number;
  meta_mean_us: number;
  elapsed_s: number;
  completed: boolean;
  final_summary: _iobench_WorkloadSummary__Output | null;
  status: _iobench_LiveStats_Status__Output;
  error_message: string;
  in_prepare_phase: boolean;
  prepare_objects_created: number;
  prepare_objects_total: number;
  prepare_summary: _iobench_PrepareSummary__Output | null;
  cpu_user_percent: number;
  cpu_system_percent: number;
  cpu_iowait_percent: number;
  cpu_total_percent: number;
  agent_timestamp_ns: number;
  sequence: number;
  current_stage: _iobench_LiveStats_WorkloadStage__Output;
  stage_name: string;
  stage_progress_current: number;
  stage_progress_total: number;
  stage_elapsed_s: number;
  concurrency: number;
  get_p90_us: number;
  get_p99_us: number;
  put_p90_us: number;
  put_p99_us: number;
  meta_p50_us: number;
  meta_p90_us: number;
  meta_p99_us: number;
  at_barrier: boolean;
  barrier_name: string;
  barrier_sequence: number;
  stage_summary: _iobench_StageSummary__Output | null;
}
