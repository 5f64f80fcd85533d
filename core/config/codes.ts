// Every diagnostic code loadConfig emits. The language server's quick fixes and suppression comments key on
// these names (and on the `data` fields documented per code), so they are a contract: add, never rename.
export const DIAGNOSTIC_CODES = {
  /** YAML syntax error or warning from the parser. */
  yamlSyntax: 'yaml-syntax',
  /** Key sai3-bench does not know (it silently ignores it). data { key, suggestion? } */
  unknownKey: 'unknown-key',
  /** Wrong YAML type (string where an integer is expected, ...). */
  type: 'type',
  /** Required key missing. data { missing } */
  required: 'required',
  /** Value not in the allowed set. data { allowed: string[], suggestion? } */
  enum: 'enum',
  /** Bad size string, or a size string where only integer bytes are accepted. data { fixed? } */
  sizeString: 'size-string',
  /** humantime duration without a unit or unparseable. data { fixed? } */
  durationUnit: 'duration-unit',
  /** "seconds" field in a form sai3 rejects (compound, decimal, ms). data { fixed? } */
  secondsFormat: 'seconds-format',
  /** Count that is not a whole number (separators allowed). data { fixed? } */
  countFormat: 'count-format',
  /** ensure_objects.count differs from the tree total. data { expected: decimal string } */
  countMismatch: 'count-mismatch',
  /** directory_structure problems (width/depth < 1, absurd size, no ensure_objects entry). */
  tree: 'tree',
  /** Size-distribution parameters sai3 rejects when building the generator. */
  sizeParams: 'size-params',
  /** distributed without stages (sai3 agents ≥ 0.8.61 reject the START). */
  stagesMissing: 'stages-missing',
  /** Stage list rules (empty, duplicate name/order, completion vs type, first stage). data { allowed? } */
  stageRule: 'stage-rule',
  /** Stages without any barrier: the sai3 controller never releases the agents. */
  barrierMissing: 'barrier-missing',
  /** Per-agent concurrency lower than its number of endpoints. data { agent, endpoints, concurrency } */
  concurrencyEndpoints: 'concurrency-endpoints',
  /** Workload sanity (empty, PUT without size, missing path, all-zero weights, mkdir without a tree). */
  workload: 'workload',
  /** Controller-side distributed lint (base_uri rules, redundant multi_endpoint). */
  distributedLint: 'distributed-lint',
  /** multi_endpoint with more than 32 endpoints. */
  multiEndpoint: 'multi-endpoint',
  /** size_spec and size_distribution both given (sai3: duplicate field). */
  duplicateField: 'duplicate-field',
  /** ensure_objects entry without base_uri and no multi_endpoint (standalone). */
  prepare: 'prepare',
  /** Any other schema violation (number range, array length, ...). */
  schema: 'schema',
  /** Input too large, alias bomb, too deep, too many diagnostics. */
  limit: 'limit',
  /** A key or value sai3-bench honours but our agent refuses (core/fidelity). data { key } */
  unsupportedByAgent: 'unsupported-by-agent',
  /** More than one YAML document: only the first is used. */
  multiDocument: 'multi-document',
} as const;

export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[keyof typeof DIAGNOSTIC_CODES];
