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

export interface PrepareSummary {
  agent_id?: string;
  wall_seconds?: number | string;
  objects_created?: number | string | Long;
  objects_existed?: number | string | Long;
  put?: _iobench_OpAggregateMetrics | null;
  mkdir?: _iobench_OpAggregateMetrics | null;
  mkdir_count?: number | string | Long;
  histogram_put?: Buffer | Uint8Array | string;
  tsv_content?: string;
  results_path?: string;
  put_bins?: _iobench_SizeBins | null;
  endpoint_stats?: _iobench_EndpointStatsSnapshot[];
  iobench_timing_json?: string;
}

export interface PrepareSummary__Output {
  agent_id: string;
  wall_seconds: number;
  objects_created: number;
  objects_existed: number;
  put: _iobench_OpAggregateMetrics__Output | null;
  mkdir: _iobench_OpAggregateMetrics__Output | null;
  mkdir_count: number;
  histogram_put: Buffer;
  tsv_content: string;
  results_path: string;
  put_bins: _iobench_SizeBins__Output | null;
  endpoint_stats: _iobench_EndpointStatsSnapshot__Output[];
  iobench_timing_json: string;
}
