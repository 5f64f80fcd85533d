// Original file: proto/iobench.proto

import type {
  SizeBucketData as _iobench_SizeBucketData,
  SizeBucketData__Output as _iobench_SizeBucketData__Output,
} from '../iobench/SizeBucketData';

export interface SizeBins {
  buckets?: _iobench_SizeBucketData[];
}

export interface SizeBins__Output {
  buckets: _iobench_SizeBucketData__Output[];
}
