// Original file: proto/iobench.proto

import type { Long } from '@grpc/proto-loader';

export interface RunWorkloadRequest {
  config_yaml?: string;
  agent_id?: string;
  path_prefix?: string;
  start_timestamp_ns?: number | string | Long;
  shared_storage?: boolean;
  agent_index?: number;
  num_agents?: number;
}

export interface RunWorkloadRequest__Output {
  config_yaml: string;
  agent_id: string;
  path_prefix: string;
  start_timestamp_ns: number;
  shared_storage: boolean;
  agent_index: number;
  num_agents: number;
}
