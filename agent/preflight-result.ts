// One pre-flight result (sai3's ValidationResult shape) and the error text the checks quote.
import type { ValidationResult } from '../proto';

type R = ValidationResult;

export const r = (
  level: number,
  test_phase: string,
  message: string,
  suggestion = '',
  error_type = 0,
  details = '',
): R => ({
  level: level as R['level'],
  error_type: error_type as R['error_type'],
  message,
  suggestion,
  details,
  test_phase,
});

export const errText = (e: unknown) => {
  const x = e as NodeJS.ErrnoException;
  return x.code ? `${x.code}: ${x.message}` : String((e as Error).message ?? e);
};
