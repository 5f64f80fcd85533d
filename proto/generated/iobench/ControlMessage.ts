// Original file: proto/iobench.proto

import type { Long } from '@grpc/proto-loader';

// Original file: proto/iobench.proto

export const _iobench_ControlMessage_Command = {
  PING: 0,
  START: 1,
  ABORT: 2,
  ACKNOWLEDGE: 3,
  PREFLIGHT: 4,
  RELEASE_BARRIER: 5,
  GOODBYE: 6,
  RESET: 7,
  SYNC_STATE: 8,
} as const;

export type _iobench_ControlMessage_Command =
  | 'PING'
  | 0
  | 'START'
  | 1
  | 'ABORT'
  | 2
  | 'ACKNOWLEDGE'
  | 3
  | 'PREFLIGHT'
  | 4
  | 'RELEASE_BARRIER'
  | 5
  | 'GOODBYE'
  | 6
  | 'RESET'
  | 7
  | 'SYNC_STATE'
  | 8;

export type _iobench_ControlMessage_Command__Output =
  (typeof _iobench_ControlMessage_Command)[keyof typeof _iobench_ControlMessage_Command];

export interface ControlMessage {
  command?: _iobench_ControlMessage_Command;
  config_yaml?: string;
  agent_id?: string;
  path_prefix?: string;
  start_timestamp_ns?: number | string | Long;
  shared_storage?: boolean;
  ack_sequence?: number | string | Long;
  agent_index?: number;
  num_agents?: number;
  barrier_name?: string;
  barrier_sequence?: number;
  target_stage_index?: number;
  target_stage_name?: string;
  ready_for_next?: boolean;
}

export interface ControlMessage__Output {
  command: _iobench_ControlMessage_Command__Output;
  config_yaml: string;
  agent_id: string;
  path_prefix: string;
  start_timestamp_ns: number;
  shared_storage: boolean;
  ack_sequence: number;
  agent_index: number;
  num_agents: number;
  barrier_name: string;
  barrier_sequence: number;
  target_stage_index: number;
  target_stage_name: string;
  ready_for_next: boolean;
}
