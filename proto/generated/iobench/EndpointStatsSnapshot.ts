// Original file: proto/iobench.proto

import type { Long } from '@grpc/proto-loader';

export interface EndpointStatsSnapshot {
  uri?: string;
  total_requests?: number | string | Long;
  bytes_read?: number | string | Long;
  bytes_written?: number | string | Long;
  error_count?: number | string | Long;
  active_requests?: number | string | Long;
}

export interface EndpointStatsSnapshot__Output {
  uri: string;
  total_requests: number;
  bytes_read: number;
  bytes_written: number;
  error_count: number;
  active_requests: number;
}
