// The files of a run folder that following, detaching and aborting share: events.ndjson (every event), run.pid
// (the detached controller), detach.json (how it was started), ladder.json (the step folders of a ladder run,
// written by the run itself), and whether the process behind run.pid is still that run.
import { existsSync, readdirSync, readFileSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';

export const EVENTS_FILE = 'events.ndjson';
export const PID_FILE = 'run.pid';
export const DETACH_FILE = 'detach.json';
export const LADDER_FILE = 'ladder.json';
export const DETACHED_LOG = 'detached.log';

const STEP_FOLDER = /^\d+-(SIMPLE|MEDIUM|FULL)$/;

/** When a process started (clock ticks since boot, Linux), to tell a run from a later process given its pid. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the command name (which may hold spaces) start at field 3; starttime is field 22
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined; // no /proc (macOS) or the process is gone
  }
}

/** The content of run.pid: `PID [START]`. */
export function pidFileText(pid: number): string {
  const start = processStartTime(pid);
  return `${pid}${start ? ` ${start}` : ''}\n`;
}

export interface RunPid {
  pid: number;
  /** the process's start time when written (absent in files of the previous build and off Linux) */
  start?: string;
}

/** `dir/run.pid` (or the parent's, for a ladder step folder); undefined without one. */
export function readPid(dir: string): RunPid | undefined {
  for (const f of [join(dir, PID_FILE), join(dir, '..', PID_FILE)]) {
    if (!existsSync(f)) continue;
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch {
      return undefined;
    }
    const [p, start] = text.trim().split(/\s+/);
    const pid = Number(p);
    if (!Number.isInteger(pid) || pid <= 0) return undefined;
    return { pid, ...(start && /^\d+$/.test(start) ? { start } : {}) };
  }
  return undefined;
}

/** Whether the process is still the one run.pid names (a dead run's pid may be reused by another process). */
export function pidAlive(p: RunPid): boolean {
  try {
    process.kill(p.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (!p.start) return true;
  const now = processStartTime(p.pid);
  return now === undefined || now === p.start;
}

/** true / false when the folder has a run.pid; undefined when it has none. */
export function runAlive(dir: string): boolean | undefined {
  const p = readPid(dir);
  return p === undefined ? undefined : pidAlive(p);
}

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const names = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && STEP_FOLDER.test(x)) : [];

export interface DetachInfo {
  pid?: number;
  file?: string;
  steps: string[];
}

export function readDetachInfo(dir: string): DetachInfo | undefined {
  const j = readJson(join(dir, DETACH_FILE));
  if (!j) return undefined;
  return {
    ...(typeof j.pid === 'number' ? { pid: j.pid } : {}),
    ...(typeof j.file === 'string' ? { file: j.file } : {}),
    steps: names(j.steps),
  };
}

/**
 * How the folder is laid out: `[]` = one run (events.ndjson here), a list = a ladder's step folders in order,
 * undefined = nothing written yet. Step folders only hold names of the `N-STEP` form, so a hostile detach.json
 * cannot point the reader elsewhere.
 */
export function stepFolders(dir: string): string[] | undefined {
  const detached = readDetachInfo(dir)?.steps ?? [];
  if (detached.length) return detached;
  const ladder = names(readJson(join(dir, LADDER_FILE))?.steps);
  if (ladder.length) return ladder;
  if (existsSync(join(dir, EVENTS_FILE))) return [];
  let listed: string[];
  try {
    listed = readdirSync(dir).filter((n) => STEP_FOLDER.test(n));
  } catch {
    return undefined;
  }
  return listed.length ? listed.sort((a, b) => parseInt(a) - parseInt(b)) : undefined;
}

/** Resolves after `ms`, on a change in `dir`, or on abort — whichever is first. */
export function nextChange(dir: string, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    let watcher: FSWatcher | undefined;
    const done = () => {
      clearTimeout(timer);
      watcher?.close();
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    try {
      watcher = watch(dir, { persistent: false }, done);
      watcher.on('error', () => undefined); // the poll still wakes us
    } catch {
      // a folder that does not exist yet: the poll finds it
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
