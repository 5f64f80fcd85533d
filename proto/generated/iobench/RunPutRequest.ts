// Original file: proto/iobench.proto

import type {
  TriStateToggle as _iobench_TriStateToggle,
  TriStateToggle__Output as _iobench_TriStateToggle__Output,
} from '../iobench/TriStateToggle';
import type { Long } from '@grpc/proto-loader';

export interface RunPutRequest {
  bucket?: string;
  prefix?: string;
  object_size?: number | string | Long;
  objects?: number;
  concurrency?: number;
  gcs_rapid_mode?: _iobench_TriStateToggle;
  gcs_channel_count?: number;
  gcs_write_chunk_size_bytes?: number;
  gcs_project?: string;
}

export interface RunPutRequest__Output {
  bucket: string;
  prefix: string;
  object_size: number;
  objects: number;
  concurrency: number;
  gcs_rapid_mode: _iobench_TriStateToggle__Output;
  gcs_channel_count: number;
  gcs_write_chunk_size_bytes: number;
  gcs_project: string;
}
