// Fidelity to sai3-bench: the per-key matrix and the refusals derived from it (see ./matrix.ts).
export { FIDELITY, type FidelityEntry, type FidelityStatus } from './matrix';
export { findRefusals, refusalMessage, type Refusal } from './refusals';
export { schemaKeyPaths } from './schema-paths';
export { fidelityMarkdown } from './doc';
