// Original file: proto/iobench.proto

import type { Long } from '@grpc/proto-loader';

export interface OpAggregateMetrics {
  bytes?: number | string | Long;
  ops?: number | string | Long;
  mean_us?: number | string | Long;
  p50_us?: number | string | Long;
  p95_us?: number | string | Long;
  p99_us?: number | string | Long;
}

export interface OpAggregateMetrics__Output {
  bytes: number;
  ops: number;
  mean_us: number;
  p50_us: number;
  p95_us: number;
  p99_us: number;
}
