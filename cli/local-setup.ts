// `--local N` / `--root DIR` for the commands that talk to agents, checked as usage errors (exit 2), and the
// argv that starts this same `iobench` for local agents and detached runs. The setup itself (starting agents,
// planning against them) is controller/local-setup, shared with the editor.
import { checkLocalCount, checkRootFolder } from '../controller';
import { UsageError } from './command-kit';

/** `--local N`: 1..64 agents. */
export function parseLocal(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const r = checkLocalCount(v);
  if (!r.ok) throw new UsageError(`--local ${v}: ${r.error}`);
  return r.value;
}

/** `--root DIR` must exist (a typo must not create folders somewhere unexpected). */
export function checkRoot(root: string | undefined): string | undefined {
  if (root === undefined) return undefined;
  const r = checkRootFolder(root);
  if (!r.ok)
    throw new UsageError(`--root ${root}: no such folder (create it first, e.g. --root "$(mktemp -d)")`);
  return r.value;
}

/** argv that starts this same `iobench` (bin/iobench.js, dist/cli.js, or sources under tsx). */
export function selfCommand(): string[] {
  return [process.execPath, ...process.execArgv, process.argv[1]];
}
