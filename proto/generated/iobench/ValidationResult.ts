// Original file: proto/iobench.proto

import type {
  ResultLevel as _iobench_ResultLevel,
  ResultLevel__Output as _iobench_ResultLevel__Output,
} from '../iobench/ResultLevel';
import type {
  ErrorType as _iobench_ErrorType,
  ErrorType__Output as _iobench_ErrorType__Output,
} from '../iobench/ErrorType';

export interface ValidationResult {
  level?: _iobench_ResultLevel;
  error_type?: _iobench_ErrorType;
  message?: string;
  suggestion?: string;
  details?: string;
  test_phase?: string;
}

export interface ValidationResult__Output {
  level: _iobench_ResultLevel__Output;
  error_type: _iobench_ErrorType__Output;
  message: string;
  suggestion: string;
  details: string;
  test_phase: string;
}
