// Original file: proto/iobench.proto

import type { Long } from '@grpc/proto-loader';

export interface SizeBucketData {
  bucket_idx?: number;
  ops?: number | string | Long;
  bytes?: number | string | Long;
}

export interface SizeBucketData__Output {
  bucket_idx: number;
  ops: number;
  bytes: number;
}
