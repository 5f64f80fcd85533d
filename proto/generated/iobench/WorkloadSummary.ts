// Original file: proto/iobench.proto

import type {
  OpAggregateMetrics as _iobench_OpAggregateMetrics,
  OpAggregateMetrics__Output as _iobench_OpAggregateMetrics__Output,
} from '../iobench/OpAggregateMetrics';
import type {
  SizeBins as _iobench_SizeBins,
  SizeBins__Output as _iobench_SizeBins__Output,
} from '../iobench/SizeBins';
import type {
  EndpointStatsSnapshot as _iobench_EndpointStatsSnapshot,
  EndpointStatsSnapshot__Output as _iobench_EndpointStatsSnapshot__Output,
} from '../iobench/EndpointStatsSnapshot';
import type { Long } from '@grpc/proto-loader';

export interface WorkloadSummary {
  agent_id?: string;
  wall_seconds?: number | string;
  total_ops?: number | string | Long;
  total_bytes?: number | string | Long;
  get?: _iobench_OpAggregateMetrics | null;
  put?: _iobench_OpAggregateMetrics | null;
  meta?: _iobench_OpAggregateMetrics | null;
  p50_us?: number | string | Long;
  p95_us?: number | string | Long;
  p99_us?: number | string | Long;
  console_log?: string;
  metadata_json?: string;
  tsv_content?: string;
  results_path?: string;
  op_log_path?: string;
  histogram_get?: Buffer | Uint8Array | string;
  histogram_put?: Buffer | Uint8Array | string;
  histogram_meta?: Buffer | Uint8Array | string;
  get_bins?: _iobench_SizeBins | null;
  put_bins?: _iobench_SizeBins | null;
  meta_bins?: _iobench_SizeBins | null;
  endpoint_stats?: _iobench_EndpointStatsSnapshot[];
}

export interface WorkloadSummary__Output {
  agent_id: string;
  wall_seconds: number;
  total_ops: number;
  total_bytes: number;
  get: _iobench_OpAggregateMetrics__Output | null;
  put: _iobench_OpAggregateMetrics__Output | null;
  meta: _iobench_OpAggregateMetrics__Output | null;
  p50_us: number;
  p95_us: number;
  p99_us: number;
  console_log: string;
  metadata_json: string;
  tsv_content: string;
  results_path: string;
  op_log_path: string;
  histogram_get: Buffer;
  histogram_put: Buffer;
  histogram_meta: Buffer;
  get_bins: _iobench_SizeBins__Output | null;
  put_bins: _iobench_SizeBins__Output | null;
  meta_bins: _iobench_SizeBins__Output | null;
  endpoint_stats: _iobench_EndpointStatsSnapshot__Output[];
}
