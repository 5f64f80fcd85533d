// Original file: proto/iobench.proto

export const WorkloadPhase = {
  PHASE_IDLE: 0,
  PHASE_VALIDATING: 1,
  PHASE_PREPARE_READY: 2,
  PHASE_PREPARING: 3,
  PHASE_EXECUTE_READY: 4,
  PHASE_EXECUTING: 5,
  PHASE_CLEANUP_READY: 6,
  PHASE_CLEANING: 7,
  PHASE_COMPLETED: 8,
  PHASE_FAILED: 9,
  PHASE_ABORTING: 10,
} as const;

export type WorkloadPhase =
  | 'PHASE_IDLE'
  | 0
  | 'PHASE_VALIDATING'
  | 1
  | 'PHASE_PREPARE_READY'
  | 2
  | 'PHASE_PREPARING'
  | 3
  | 'PHASE_EXECUTE_READY'
  | 4
  | 'PHASE_EXECUTING'
  | 5
  | 'PHASE_CLEANUP_READY'
  | 6
  | 'PHASE_CLEANING'
  | 7
  | 'PHASE_COMPLETED'
  | 8
  | 'PHASE_FAILED'
  | 9
  | 'PHASE_ABORTING'
  | 10;

export type WorkloadPhase__Output = (typeof WorkloadPhase)[keyof typeof WorkloadPhase];
