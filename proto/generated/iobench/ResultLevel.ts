// Original file: proto/iobench.proto

export const ResultLevel = {
  RESULT_LEVEL_SUCCESS: 0,
  RESULT_LEVEL_INFO: 1,
  RESULT_LEVEL_WARNING: 2,
  RESULT_LEVEL_ERROR: 3,
} as const;

export type ResultLevel =
  | 'RESULT_LEVEL_SUCCESS'
  | 0
  | 'RESULT_LEVEL_INFO'
  | 1
  | 'RESULT_LEVEL_WARNING'
  | 2
  | 'RESULT_LEVEL_ERROR'
  | 3;

export type ResultLevel__Output = (typeof ResultLevel)[keyof typeof ResultLevel];
