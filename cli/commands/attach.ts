// `iobench attach DIR [--json]`: follow a run started with `--detach` (or look at a finished one) through
// controller/follow: the history is replayed compactly (no per-second lines), then new events render like
// `iobench run`; a finished run prints its summary. Exit code = the run's: 0 only if it completed.
// A ladder run's step folders (`1-SIMPLE`, …) are followed in order.
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  DETACHED_LOG,
  EVENTS_FILE,
  RunFileError,
  followRun,
  runStatus,
  stepFolders,
  toJson,
  type RunEvents,
} from '../../controller';
import { TerminalRenderer } from '../render/terminal';
import { exitWith } from '../command-kit';

interface AttachOptions {
  json?: boolean;
  verbose?: boolean;
  /** give up waiting for events.ndjson to appear after this many seconds */
  wait?: string;
}

const complain = (s: string) => process.stderr.write(`${s}\n`);

export async function attachCommand(dirArg: string, o: AttachOptions): Promise<number> {
  const dir = resolve(dirArg);
  if (!existsSync(dir)) {
    complain(`iobench attach: ${dirArg}: no such folder`);
    return 1;
  }
  const log = join(dir, DETACHED_LOG);
  const seeLog = existsSync(log) ? ` (see ${log})` : '';
  const term = o.json ? undefined : new TerminalRenderer({ verbose: o.verbose, replay: true });
  if (term && !runStatus(dir).finished) process.stdout.write(`Attached to ${dir} (run in progress)\n`);
  // Ctrl-C stops following; the run itself goes on (abort it with its own Ctrl-C or the editor's Abort)
  const ac = new AbortController();
  const stop = () => ac.abort();
  process.once('SIGINT', stop);
  // a reader that went away (`| head`) ends the follow quietly
  let closed = false;
  const onOutError = (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    closed = true;
    ac.abort();
  };
  process.stdout.on('error', onOutError);
  let completed: RunEvents['completed'] | undefined;
  let lines = 0;
  try {
    const events = followRun(dir, {
      signal: ac.signal,
      waitMs: Number(o.wait ?? 30) * 1000,
      onCaughtUp: () => {
        if (term) term.replay = false;
      },
    });
    for await (const e of events) {
      if (closed) break;
      lines++;
      if (e.event === 'completed') completed = e.data;
      if (term) term.render(e);
      else process.stdout.write(`${toJson(e)}\n`);
    }
  } catch (e) {
    // a broken or newer event file (RunFileError says file:line), or one that went away while read
    term?.close();
    complain(`iobench attach: ${e instanceof RunFileError ? e.message : (e as Error).message}`);
    return 1;
  } finally {
    process.off('SIGINT', stop);
  }
  term?.close();
  if (closed) return 0;
  if (ac.signal.aborted) return 130;
  // a ladder step's `completed` is not the run's end unless it was the last step (or failed)
  if (completed && (!completed.ok || runStatus(dir).finished)) return completed.ok ? 0 : 1;
  const steps = stepFolders(dir);
  if (!lines && (steps === undefined || !steps.length))
    complain(`iobench attach: ${join(dir, EVENTS_FILE)} does not exist${seeLog}`);
  else complain(`iobench attach: the run process exited without finishing${seeLog}`);
  return 1;
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
