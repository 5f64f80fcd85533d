// Input limits that keep loadConfig fast and bounded on hostile or accidental input (docs/config-limits.md).
/** Largest text we parse (UTF-16 code units ≈ bytes for ASCII). Real configs are a few KB; the yaml parser
 * manages roughly 1–5 MB/s, so this keeps a keystroke's re-validation around a second at worst. */
export const MAX_TEXT_LENGTH = 2 * 1024 * 1024;
/** yaml's alias expansion budget (nodes reached through aliases); an alias bomb stops here. */
export const MAX_ALIAS_COUNT = 10_000;
/** Deepest collection nesting we accept (the YAML parser and JSON-schema validation recurse). */
export const MAX_NESTING = 256;
/** Diagnostics reported per file; the rest are summarised in one `limit` diagnostic. */
export const MAX_DIAGNOSTICS = 500;
/** A tree with more files than this gets a warning (10^12 files cannot be created in any sane time). */
export const ABSURD_TREE_FILES = 10n ** 12n;
/** Tree counts are only computed while width^depth stays below this many bits (BigInt stays cheap). */
export const MAX_TREE_BITS = 4096;
/** Items of one list that are schema-validated (ajv slows down superlinearly past ~10^4 errors). */
export const MAX_ARRAY_ITEMS = 1000;
/** Longest line of a run's events.ndjson we hold while waiting for its end (a live-stats line of 64 agents is
 * ~40 KB); past it the file is not an event file, and following it must not grow memory without bound. */
export const MAX_EVENT_LINE_BYTES = 16 * 1024 * 1024;
/** `--local N` / the editor's local-agent count: agents started on this machine (each a process). */
export const MAX_LOCAL_AGENTS = 64;
/** A run that creates more than this many bytes or files is "large": hosts ask before starting it. */
export const LARGE_BYTES = 1e12; // 1 TB
export const LARGE_FILES = 10_000_000;
/** Largest summary.json `iobench compare` reads (one of 64 agents × a dozen stages is well under 1 MB). */
export const MAX_SUMMARY_BYTES = 64 * 1024 * 1024;
/** Runs one comparison holds side by side (each a summary in memory and a column in the table). */
export const MAX_COMPARE_RUNS = 64;
