// Original file: proto/iobench.proto

export interface PingReply {
  version?: string;
}

export interface PingReply__Output {
  version: string;
}
