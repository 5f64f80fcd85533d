// Original file: proto/iobench.proto

export const ErrorType = {
  ERROR_TYPE_UNKNOWN: 0,
  ERROR_TYPE_AUTHENTICATION: 1,
  ERROR_TYPE_PERMISSION: 2,
  ERROR_TYPE_NETWORK: 3,
  ERROR_TYPE_CONFIGURATION: 4,
  ERROR_TYPE_RESOURCE: 5,
  ERROR_TYPE_SYSTEM: 6,
} as const;

export type ErrorType =
  | 'ERROR_TYPE_UNKNOWN'
  | 0
  | 'ERROR_TYPE_AUTHENTICATION'
  | 1
  | 'ERROR_TYPE_PERMISSION'
  | 2
  | 'ERROR_TYPE_NETWORK'
  | 3
  | 'ERROR_TYPE_CONFIGURATION'
  | 4
  | 'ERROR_TYPE_RESOURCE'
  | 5
  | 'ERROR_TYPE_SYSTEM'
  | 6;

export type ErrorType__Output = (typeof ErrorType)[keyof typeof ErrorType];
