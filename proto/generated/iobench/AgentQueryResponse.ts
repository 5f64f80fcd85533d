// Original file: proto/iobench.proto

import type {
  PhaseProgress as _iobench_PhaseProgress,
  PhaseProgress__Output as _iobench_PhaseProgress__Output,
} from '../iobench/PhaseProgress';

export interface AgentQueryResponse {
  current_progress?: _iobench_PhaseProgress | null;
  is_alive?: boolean;
  status_message?: string;
}

export interface AgentQueryResponse__Output {
  current_progress: _iobench_PhaseProgress__Output | null;
  is_alive: boolean;
  status_message: string;
}
