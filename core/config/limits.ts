// Every input limit, in one place (docs/config-limits.md). The text limits keep loadConfig fast and bounded on
// hostile or accidental input; the model limits bound what a config may ask any layer to count, allocate or
// spawn — validate and the language server report them at the config line, estimate and the ladder refuse to
// count past them, and the controller and the agent refuse the config before doing any work.
import type { BenchModel } from '../model';

/** Largest config text, in UTF-16 code units (the agent applies it in bytes). Real configs are a few KB; the
 * yaml parser manages roughly 1–5 MB/s, so this bounds a parse to well under a second on any machine. */
export const MAX_TEXT_LENGTH = 1024 * 1024;
/** The same limit for configs that arrive over gRPC (START, pre-flight), in UTF-8 bytes. */
export const MAX_CONFIG_BYTES = MAX_TEXT_LENGTH;
/** The agent parses a config off its gRPC thread and gives up after this long (a config within the size limit
 * parses in well under a second; anything slower is hostile or a starved machine). */
export const MAX_PARSE_MS = 5_000;
/** yaml's alias expansion budget (nodes reached through aliases); an alias bomb stops here. */
export const MAX_ALIAS_COUNT = 10_000;
/** Deepest collection nesting we accept (the YAML parser and JSON-schema validation recurse). */
export const MAX_NESTING = 256;
/** Diagnostics reported per file; the rest are summarised in one `limit` diagnostic. */
export const MAX_DIAGNOSTICS = 500;
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

/** Deepest tree: every layer keeps per-level counts, and 64 levels of `d64_w1000.dir` already make paths of
 * about 1 KB (PATH_MAX is 4096 bytes). */
export const MAX_TREE_DEPTH = 64;
/** Most folders in a tree (Σ width^level): 10^9 folders take 55 hours at a fast 5,000 mkdir/s. */
export const MAX_TREE_DIRS = 10n ** 9n;
/** Most files in a run (tree or flat): 10^12 files cannot be created in any reasonable time, and the agents'
 * file indices must stay exact in a double (2^53). */
export const MAX_FILES = 10n ** 12n;
/** Most concurrent operation loops per agent: each is a live promise chain with buffers; past a few thousand the
 * agent's event loop and memory, not the storage, set the pace. Pre-flight also checks the host's open-file
 * limit against it. */
export const MAX_CONCURRENCY = 4096;
/** @deprecated the warning threshold became the MAX_FILES limit */
export const ABSURD_TREE_FILES = MAX_FILES;

/** A config value over a limit: where (a path into the YAML) and what, with the limit and why. */
export interface LimitViolation {
  path: (string | number)[];
  message: string;
}

const fmt = (n: bigint | number) => BigInt(n).toLocaleString('en-US');
const DOC = 'see docs/config-limits.md';

/**
 * The tree's limits, for any width and depth (numbers or bigints, as written): depth first, so that counting
 * (≤ MAX_TREE_DEPTH multiplications) never starts on a depth that would exhaust memory.
 */
export function treeLimit(t: {
  width: bigint | number;
  depth: bigint | number;
  filesPerDir: bigint | number;
  distribution: string;
}): LimitViolation | undefined {
  const at = (k: string) => ['prepare', 'directory_structure', k];
  const depth = BigInt(t.depth);
  const width = BigInt(t.width);
  if (depth > BigInt(MAX_TREE_DEPTH))
    return {
      path: at('depth'),
      message: `depth ${fmt(depth)} is over the limit of ${MAX_TREE_DEPTH} levels (every layer keeps per-level counts, and deeper paths approach PATH_MAX); ${DOC}`,
    };
  if (width < 1n || depth < 1n) return undefined; // the tree checks report it
  let level = 1n;
  let dirs = 0n;
  for (let l = 0n; l < depth; l++) {
    level *= width;
    dirs += level;
    if (dirs > MAX_TREE_DIRS)
      return {
        path: at('width'),
        message: `width ${fmt(width)} and depth ${depth} make more than ${fmt(MAX_TREE_DIRS)} folders (the limit: that many take days to create); ${DOC}`,
      };
  }
  const files = (t.distribution === 'all' ? dirs : level) * BigInt(t.filesPerDir);
  if (files > MAX_FILES)
    return {
      path: at('files_per_dir'),
      message: `this tree has ${fmt(files)} files, over the limit of ${fmt(MAX_FILES)} (that many cannot be created in any reasonable time); ${DOC}`,
    };
  return undefined;
}

export function concurrencyLimit(n: number | bigint, path: (string | number)[]): LimitViolation | undefined {
  return BigInt(n) > BigInt(MAX_CONCURRENCY)
    ? {
        path,
        message: `concurrency ${fmt(n)} is over the limit of ${fmt(MAX_CONCURRENCY)} per agent (each loop holds buffers and a promise chain; past a few thousand the agent, not the storage, sets the pace — run more agents instead); ${DOC}`,
      }
    : undefined;
}

export function fileCountLimit(count: bigint, path: (string | number)[]): LimitViolation | undefined {
  return count > MAX_FILES
    ? {
        path,
        message: `count ${fmt(count)} is over the limit of ${fmt(MAX_FILES)} files (that many cannot be created in any reasonable time); ${DOC}`,
      }
    : undefined;
}

/** Every limit a model breaks — what the controller and the agent check before any work. */
export function modelLimits(m: BenchModel): LimitViolation[] {
  const out: (LimitViolation | undefined)[] = [];
  const tree = m.prepare?.tree;
  if (tree) out.push(treeLimit(tree));
  m.prepare?.ensure.forEach((e, i) =>
    out.push(fileCountLimit(e.count, ['prepare', 'ensure_objects', i, 'count'])),
  );
  out.push(concurrencyLimit(m.concurrency, ['concurrency']));
  m.distributed?.agents.forEach((a, i) => {
    // an agent without its own override has the top-level value, reported once above
    if (a.concurrency !== m.concurrency)
      out.push(concurrencyLimit(a.concurrency, ['distributed', 'agents', i, 'concurrency_override']));
  });
  return out.filter((v): v is LimitViolation => !!v);
}

/** Largest summary.json `iobench compare` reads (one of 64 agents × a dozen stages is well under 1 MB). */
export const MAX_SUMMARY_BYTES = 64 * 1024 * 1024;
/** Runs one comparison holds side by side (each a summary in memory and a column in the table). */
export const MAX_COMPARE_RUNS = 64;
