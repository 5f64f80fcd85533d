// Reads the runs `iobench compare` and the editor compare: each folder's summary.json, or for a ladder folder
// the summary.json of every step folder (`1-SIMPLE`, …) in order. Every problem comes back as a message that
// names the folder and says what to do; nothing throws.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_SUMMARY_BYTES } from '../core/config/limits';
import type { ComparableSummary, CompareRun } from './compare';
import { stepFolders } from './run-dir';

export const SUMMARY_FILE = 'summary.json';

export type LoadRunsOutcome = { ok: true; runs: CompareRun[] } | { ok: false; error: string };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The summary's shape, checked enough that the comparison can trust it; a message on what is wrong. */
function checkSummary(v: unknown): string | undefined {
  if (!isObject(v)) return 'not a JSON object';
  if (!Array.isArray(v.stages)) return "no 'stages' list";
  for (const [i, s] of v.stages.entries()) {
    if (!isObject(s) || !isObject(s.stage) || !isObject(s.total))
      return `stages[${i}]: no 'stage' or 'total'`;
    if (typeof s.stage.index !== 'number' || typeof s.stage.name !== 'string')
      return `stages[${i}].stage: no index or name`;
    for (const c of ['get', 'put', 'meta'])
      if (s.total[c] !== undefined && !isObject(s.total[c])) return `stages[${i}].total.${c}: not an object`;
  }
  return undefined;
}

function readSummary(file: string, label: string): { run: CompareRun } | { error: string } {
  let text: string;
  try {
    const st = statSync(file);
    // a FIFO or device named summary.json would block or never end: only regular files are read
    if (!st.isFile()) return { error: `${file}: not a regular file; not a summary.json of ours` };
    const size = st.size;
    if (size > MAX_SUMMARY_BYTES)
      return {
        error: `${file}: ${size} bytes, larger than ${MAX_SUMMARY_BYTES}; not a summary.json of ours`,
      };
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { error: `${file}: cannot read: ${(e as Error).message}` };
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { error: `${file}: not valid JSON (${(e as Error).message}); the run may not have finished` };
  }
  const bad = checkSummary(v);
  if (bad) return { error: `${file}: ${bad}; is this a summary.json written by \`iobench run\`?` };
  return { run: { label, summary: v as ComparableSummary } };
}

/** One folder: its summary.json, or its ladder steps' (in step order). */
export function loadRunFolder(dir: string, label = dir): LoadRunsOutcome {
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, error: `${label}: ${code === 'ENOENT' ? 'no such folder' : (e as Error).message}` };
  }
  if (!isDir) return { ok: false, error: `${label}: not a folder; give a results folder` };
  const own = join(dir, SUMMARY_FILE);
  if (existsSync(own)) {
    const r = readSummary(own, label);
    return 'error' in r ? { ok: false, error: r.error } : { ok: true, runs: [r.run] };
  }
  const steps = stepFolders(dir) ?? [];
  const runs: CompareRun[] = [];
  for (const s of steps) {
    const file = join(dir, s, SUMMARY_FILE);
    // a ladder stopped early has steps that never ran: compare the ones that did
    if (!existsSync(file)) continue;
    const r = readSummary(file, join(label, s));
    if ('error' in r) return { ok: false, error: r.error };
    runs.push(r.run);
  }
  if (runs.length) return { ok: true, runs };
  return {
    ok: false,
    error:
      `${label}: no ${SUMMARY_FILE} here${steps.length ? ' nor in its step folders' : ''}; ` +
      'give the results folder of a finished run (`iobench run … --results DIR`) or of a ladder run',
  };
}

/** Every folder's runs, in the order given (a ladder folder adds one run per step). */
export function loadRunFolders(dirs: string[]): LoadRunsOutcome {
  const runs: CompareRun[] = [];
  for (const d of dirs) {
    const r = loadRunFolder(d);
    if (!r.ok) return r;
    runs.push(...r.runs);
  }
  return { ok: true, runs };
}
