// Follows a run folder as an async iterable of events: the history in events.ndjson first, then lines as the
// run appends them, ending after the run's final `completed` — or, when the run process is gone and nothing
// more came, without one. A ladder run's step folders are followed in order. `iobench attach` and the editor
// both re-attach through this, so a run started by a previous build (lines without `v`) still reads.
import { existsSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_EVENT_LINE_BYTES } from '../core/config/limits';
import { parseEventLine, type RunEventLine, type RunEvents } from './events';
import { EVENTS_FILE, nextChange, runAlive, stepFolders } from './run-dir';

/** A line of an event file that cannot be read: the file and 1-based line say where. */
export class RunFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'RunFileError';
  }
}

export interface FollowOptions {
  signal?: AbortSignal;
  /** how often to look for new lines when no file-system notification came (ms) */
  pollMs?: number;
  /** a folder without run.pid: how long to wait for its first event file (ms) */
  waitMs?: number;
  /** called once, when the history is read and following becomes live (attach stops replaying compactly) */
  onCaughtUp?: () => void;
}

const CHUNK = 1 << 20;
const NEWLINE = 0x0a;

/** Complete lines of one event file, from where the last read stopped; a partial last line is held. */
class LineReader {
  private pos = 0;
  private partial: Buffer = Buffer.alloc(0);
  lineNo = 0;

  constructor(
    readonly file: string,
    private readonly fh: FileHandle,
  ) {}

  async *read(): AsyncGenerator<RunEventLine> {
    const buf = Buffer.alloc(CHUNK);
    for (;;) {
      const { bytesRead } = await this.fh.read(buf, 0, CHUNK, this.pos);
      if (!bytesRead) return;
      this.pos += bytesRead;
      let chunk = buf.subarray(0, bytesRead);
      let nl = chunk.indexOf(NEWLINE);
      while (nl >= 0) {
        const line = this.partial.length
          ? Buffer.concat([this.partial, chunk.subarray(0, nl)])
          : chunk.subarray(0, nl);
        this.partial = Buffer.alloc(0);
        this.lineNo++;
        const text = line.toString('utf8').trim();
        if (text) {
          const r = parseEventLine(text);
          if (!r.ok) throw new RunFileError(this.file, this.lineNo, r.error);
          yield r.line;
        }
        chunk = chunk.subarray(nl + 1);
        nl = chunk.indexOf(NEWLINE);
      }
      // a line still being written: keep it (copied, the buffer is reused) until its newline arrives
      if (this.partial.length + chunk.length > MAX_EVENT_LINE_BYTES)
        throw new RunFileError(
          this.file,
          this.lineNo + 1,
          `a line longer than ${MAX_EVENT_LINE_BYTES} bytes: not an iobench event file`,
        );
      this.partial = Buffer.concat([this.partial, chunk]);
    }
  }
}

interface FileEnd {
  completed?: RunEvents['completed'];
}

export function followRun(dir: string, opts: FollowOptions = {}): AsyncIterable<RunEventLine> {
  return follow(dir, opts);
}

async function* follow(dir: string, opts: FollowOptions): AsyncGenerator<RunEventLine> {
  const pollMs = opts.pollMs ?? 250;
  const waitMs = opts.waitMs ?? 30_000;
  const signal = opts.signal;
  let caughtUp = false;
  const catchUp = () => {
    if (caughtUp) return;
    caughtUp = true;
    opts.onCaughtUp?.();
  };
  const wait = async (where: string) => {
    catchUp();
    await nextChange(existsSync(where) ? where : dir, pollMs, signal);
  };

  // What the folder holds: one run or a ladder's steps (a run just started may not have written either yet).
  let steps = stepFolders(dir);
  for (let waited = 0; steps === undefined; waited += pollMs) {
    const alive = runAlive(dir);
    if (signal?.aborted || alive === false || (alive === undefined && waited >= waitMs)) {
      steps = stepFolders(dir); // one last look: it may have been written just before the process ended
      if (steps === undefined) return catchUp();
    } else {
      await wait(dir);
      steps = stepFolders(dir);
    }
  }

  const folders = steps.length ? steps.map((s) => join(dir, s)) : [dir];
  for (const folder of folders) {
    const out: FileEnd = {};
    yield* followFile(folder, out);
    if (!out.completed?.ok) break; // the run ended here: failed, aborted, or its process is gone
  }
  catchUp();

  /** One events.ndjson until its `completed` (recorded in `out`), or until nothing more can come. */
  async function* followFile(folder: string, out: FileEnd): AsyncGenerator<RunEventLine> {
    const file = join(folder, EVENTS_FILE);
    for (let waited = 0; !existsSync(file); waited += pollMs) {
      const alive = runAlive(dir);
      if (signal?.aborted) return;
      if (alive === false || (alive === undefined && waited >= waitMs)) {
        if (!existsSync(file)) return;
        break;
      }
      await wait(folder);
    }
    const fh = await open(file, 'r');
    try {
      const reader = new LineReader(file, fh);
      for (;;) {
        let any = false;
        for await (const line of reader.read()) {
          any = true;
          yield line;
          if (line.event === 'completed') out.completed = line.data;
        }
        // `completed` is the step's last line: whatever was written up to it has been read
        if (out.completed || signal?.aborted) return;
        if (!any && runAlive(dir) === false) {
          // the process is gone: one last read, it may have written its final lines just before exiting
          for await (const line of reader.read()) {
            yield line;
            if (line.event === 'completed') out.completed = line.data;
          }
          return;
        }
        await wait(folder);
      }
    } finally {
      await fh.close();
    }
  }
}
