// Original file: proto/iobench.proto

export interface PreFlightRequest {
  config_yaml?: string;
  agent_id?: string;
}

export interface PreFlightRequest__Output {
  config_yaml: string;
  agent_id: string;
}
