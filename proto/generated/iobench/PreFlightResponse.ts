// Original file: proto/iobench.proto

import type {
  ValidationResult as _iobench_ValidationResult,
  ValidationResult__Output as _iobench_ValidationResult__Output,
} from '../iobench/ValidationResult';

export interface PreFlightResponse {
  passed?: boolean;
  results?: _iobench_ValidationResult[];
  error_count?: number;
  warning_count?: number;
  info_count?: number;
}

export interface PreFlightResponse__Output {
  passed: boolean;
  results: _iobench_ValidationResult__Output[];
  error_count: number;
  warning_count: number;
  info_count: number;
}
