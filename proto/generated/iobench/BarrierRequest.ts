// Original file: proto/iobench.proto

import type {
  PhaseProgress as _iobench_PhaseProgress,
  PhaseProgress__Output as _iobench_PhaseProgress__Output,
} from '../iobench/PhaseProgress';

export interface BarrierRequest {
  barrier_id?: string;
  agent_id?: string;
  progress?: _iobench_PhaseProgress | null;
}

export interface BarrierRequest__Output {
  barrier_id: string;
  agent_id: string;
  progress: _iobench_PhaseProgress__Output | null;
}
