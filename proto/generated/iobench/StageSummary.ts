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

export interface StageSummary {
  stage_index?: number;
  stage_name?: string;
  stage_type?: string;
  wall_seconds?: number | string;
  get_ops?: number | string | Long;
  get_bytes?: number | string | Long;
  put_ops?: number | string | Long;
  put_bytes?: number | string | Long;
  meta_ops?: number | string | Long;
  errors?: number | string | Long;
  get?: _iobench_OpAggregateMetrics | null;
  put?: _iobench_OpAggregateMetrics | null;
  meta?: _iobench_OpAggregateMetrics | null;
  histogram_get?: Buffer | Uint8Array | string;
  histogram_put?: Buffer | Uint8Array | string;
  histogram_meta?: Buffer | Uint8Array | string;
  get_bins?: _iobench_SizeBins | null;
  put_bins?: _iobench_SizeBins | null;
  meta_bins?: _iobench_SizeBins | null;
  endpoint_stats?: _iobench_EndpointStatsSnapshot[];
}

export interface StageSummary__Output {
  stage_index: number;
  stage_name: string;
  stage_type: string;
  wall_seconds: number;
  get_ops: number;
  get_bytes: number;
  put_ops: number;
  put_bytes: number;
  meta_ops: number;
  errors: number;
  get: _iobench_OpAggregateMetrics__Output | null;
  put: _iobench_OpAggregateMetrics__Output | null;
  meta: _iobench_OpAggregateMetrics__Output | null;
  histogram_get: Buffer;
  histogram_put: Buffer;
  histogram_meta: Buffer;
  get_bins: _iobench_SizeBins__Output | null;
  put_bins: _iobench_SizeBins__Output | null;
  meta_bins: _iobench_SizeBins__Output | null;
  endpoint_stats: _iobench_EndpointStatsSnapshot__Output[];
}
