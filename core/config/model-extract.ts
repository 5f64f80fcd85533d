// BenchModel from the parsed YAML value (stub: replaced by the real extraction).
import type { BenchModel } from '../model';

export function extractModel(_value: unknown): BenchModel | undefined {
  return undefined;
}
