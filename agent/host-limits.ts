// The host's own limits against what a config asks of this agent, for pre-flight: every execute loop and every
// I/O worker holds a file open, so `concurrency` must fit under the process's open-file limit (ulimit -n).
import * as fs from 'node:fs';

/** Files the agent holds open besides the operations' own (gRPC sockets, workers, stdio, node itself). */
export const FD_RESERVE = 64;

/** The soft RLIMIT_NOFILE of this process (Linux /proc), or undefined where it cannot be read. */
export function openFileLimit(): number | undefined {
  try {
    const m = /^Max open files\s+(\d+|unlimited)/m.exec(fs.readFileSync('/proc/self/limits', 'utf8'));
    if (!m) return undefined;
    return m[1] === 'unlimited' ? Infinity : Number(m[1]);
  } catch {
    return undefined;
  }
}

/** A problem, or undefined when `concurrency` loops fit in the open-file limit. */
export function concurrencyVsHost(concurrency: number, limit = openFileLimit()): string | undefined {
  if (limit === undefined || concurrency + FD_RESERVE <= limit) return undefined;
  return (
    `concurrency ${concurrency} needs up to ${concurrency + FD_RESERVE} open files, but this agent may open ` +
    `${limit} (ulimit -n): operations would fail with EMFILE`
  );
}
