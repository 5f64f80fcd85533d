// Original file: proto/iobench.proto

export interface AgentQueryRequest {
  agent_id?: string;
  reason?: string;
}

export interface AgentQueryRequest__Output {
  agent_id: string;
  reason: string;
}
