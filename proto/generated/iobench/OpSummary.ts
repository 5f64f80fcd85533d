// Original file: proto/iobench.proto

import type { Long } from '@grpc/proto-loader';

export interface OpSummary {
  total_bytes?: number | string | Long;
  seconds?: number | string;
  notes?: string;
}

export interface OpSummary__Output {
  total_bytes: number;
  seconds: number;
  notes: string;
}
