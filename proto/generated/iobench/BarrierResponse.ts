// Original file: proto/iobench.proto

import type { Long } from '@grpc/proto-loader';

export interface BarrierResponse {
  proceed?: boolean;
  waiting_agents?: string[];
  failed_agents?: string[];
  next_heartbeat_ms?: number | string | Long;
}

export interface BarrierResponse__Output {
  proceed: boolean;
  waiting_agents: string[];
  failed_agents: string[];
  next_heartbeat_ms: number;
}
