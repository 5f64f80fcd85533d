// Original file: proto/iobench.proto

import type {
  TriStateToggle as _iobench_TriStateToggle,
  TriStateToggle__Output as _iobench_TriStateToggle__Output,
} from '../iobench/TriStateToggle';

export interface RunGetRequest {
  uri?: string;
  jobs?: number;
  gcs_rapid_mode?: _iobench_TriStateToggle;
  gcs_channel_count?: number;
  enable_range_downloads?: _iobench_TriStateToggle;
  range_threshold_mb?: number;
  gcs_write_chunk_size_bytes?: number;
  gcs_project?: string;
}

export interface RunGetRequest__Output {
  uri: string;
  jobs: number;
  gcs_rapid_mode: _iobench_TriStateToggle__Output;
  gcs_channel_count: number;
  enable_range_downloads: _iobench_TriStateToggle__Output;
  range_threshold_mb: number;
  gcs_write_chunk_size_bytes: number;
  gcs_project: string;
}
