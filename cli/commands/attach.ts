// `iobench attach DIR [--json]`: follow a run started with `--detach` (or look at a finished one) by reading
// `DIR/events.ndjson`. History is replayed compactly (no per-second lines), then new events render like
// `iobench run`; a finished run prints its summary. Exit code = the run's: 0 only if it completed.
// A ladder run's folder holds one sub-folder per step (`1-SIMPLE`, …); they are followed in order.
import type { Command } from 'commander';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RunEventName, RunEvents } from '../../controller';
import { TerminalRenderer } from '../render/terminal';
import { exitWith } from '../command-kit';

interface AttachOptions {
  json?: boolean;
  verbose?: boolean;
  /** give up waiting for events.ndjson to appear after this many seconds */
  wait?: string;
}

interface Line {
  event: RunEventName;
  t: number;
  data: unknown;
}

const POLL_MS = 250;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pidAlive(dir: string): boolean | undefined {
  const f = join(dir, '..', 'run.pid');
  const own = join(dir, 'run.pid');
  const file = existsSync(own) ? own : existsSync(f) ? f : undefined;
  if (!file) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Reads complete lines appended since `offset`. */
function readNew(file: string, offset: number): { lines: string[]; offset: number } {
  const size = statSync(file).size;
  if (size <= offset) return { lines: [], offset };
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(size - offset);
    readSync(fd, buf, 0, buf.length, offset);
    const text = buf.toString('utf8');
    const end = text.lastIndexOf('\n');
    if (end < 0) return { lines: [], offset };
    return {
      lines: text.slice(0, end).split('\n').filter(Boolean),
      offset: offset + Buffer.byteLength(text.slice(0, end + 1)),
    };
  } finally {
    closeSync(fd);
  }
}

/** Follows one run folder; resolves with its exit code. */
async function follow(dir: string, o: AttachOptions): Promise<number> {
  const file = join(dir, 'events.ndjson');
  const waitS = Number(o.wait ?? 30);
  for (let waited = 0; !existsSync(file); waited += POLL_MS) {
    const alive = pidAlive(dir);
    // a live run process may still be starting the step; without a pid file, wait `--wait` seconds
    if (alive === false || (alive === undefined && waited >= waitS * 1000)) {
      process.stderr.write(
        `iobench attach: ${file} does not exist${existsSync(join(dir, 'detached.log')) ? ` (see ${join(dir, 'detached.log')})` : ''}\n`,
      );
      return 1;
    }
    await sleep(POLL_MS);
  }
  const first = readNew(file, 0);
  const finished = first.lines.some((l) => l.includes('"event":"completed"'));
  const term = o.json ? undefined : new TerminalRenderer({ verbose: o.verbose, replay: true });
  let result: number | undefined;
  const handle = (raw: string) => {
    let line: Line;
    try {
      line = JSON.parse(raw) as Line;
    } catch {
      return;
    }
    if (o.json) process.stdout.write(`${raw}\n`);
    else term!.handle(line.event, line.data as RunEvents[RunEventName]);
    if (line.event === 'completed') result = (line.data as RunEvents['completed']).ok ? 0 : 1;
  };
  if (!o.json && !finished) process.stdout.write(`Attached to ${dir} (run in progress)\n`);
  for (const l of first.lines) handle(l);
  if (term) term.replay = false;
  let offset = first.offset;
  while (result === undefined) {
    await sleep(POLL_MS);
    const next = readNew(file, offset);
    offset = next.offset;
    for (const l of next.lines) handle(l);
    if (result === undefined && !next.lines.length && pidAlive(dir) === false) {
      // one last read: the process may have written its final lines just before exiting
      const last = readNew(file, offset);
      for (const l of last.lines) handle(l);
      if (result === undefined) {
        process.stderr.write(
          `iobench attach: the run process exited without finishing (see ${join(dir, 'detached.log')})\n`,
        );
        return 1;
      }
    }
  }
  term?.close();
  return result;
}

export async function attachCommand(dirArg: string, o: AttachOptions): Promise<number> {
  const dir = resolve(dirArg);
  if (!existsSync(dir)) {
    process.stderr.write(`iobench attach: ${dirArg}: no such folder\n`);
    return 1;
  }
  // a detached ladder names its step folders up front (they appear as the steps start)
  let planned: string[] = [];
  try {
    planned =
      (JSON.parse(readFileSync(join(dir, 'detach.json'), 'utf8')) as { steps?: string[] }).steps ?? [];
  } catch {
    // not detached, or an older folder: look at what is there
  }
  const steps = planned.length
    ? planned
    : existsSync(join(dir, 'events.ndjson'))
      ? []
      : readdirSync(dir)
          .filter((n) => /^\d+-(SIMPLE|MEDIUM|FULL)$/.test(n))
          .sort((a, b) => parseInt(a) - parseInt(b));
  if (!steps.length) return follow(dir, o);
  for (const s of steps) {
    if (!o.json) process.stdout.write(`\n═══ ladder step ${s} ═══\n`);
    const code = await follow(join(dir, s), o);
    if (code !== 0) return code;
  }
  return 0;
}

export function register(program: Command): void {
  program
    .command('attach')
    .description('follow a detached run (or show a finished one) from its results folder')
    .argument('<dir>', 'results folder printed by `iobench run --detach`')
    .option('--json', 'print the events as newline-delimited JSON')
    .option('--wait <seconds>', 'how long to wait for the run to write its first event', '30')
    .option('-v, --verbose', 'per-agent lines')
    .action(async (dir: string, o: AttachOptions) => {
      await exitWith(await attachCommand(dir, o));
    });
}
