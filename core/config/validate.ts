// JSON-schema validation of the plain config value. The validator is compiled once per process (module level):
// compiling takes tens of milliseconds, validating a config well under one.
import Ajv, { type ErrorObject } from 'ajv';
import schema from '../../schemas/iobench.schema.json';

// verbose: errors carry parentSchema (for x-grammar / x-message / x-severity and the known keys of a map).
const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
const validateFn = ajv.compile(schema as object);

export { schema };

export function validateValue(value: unknown): ErrorObject[] {
  try {
    return validateFn(value) ? [] : [...(validateFn.errors ?? [])];
  } catch {
    // ajv recursion on a pathological value: treat as unvalidated (parse limits make this unreachable).
    return [];
  }
}
