// `--local N` / `--root DIR` for the commands that talk to agents, checked as usage errors (exit 2), and the
// argv that starts this same `iobench` for local agents and detached runs. The setup itself (starting agents,
// planning against them) is controller/local-setup, shared with the editor. Also `--env-file` / `--no-forward-env`.
import { checkLocalCount, checkRootFolder, collectForwardedEnv } from '../controller';
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

/** `--env-file` / `--no-forward-env` → what to forward (sai3's controller forwards by default); a bad file is a
 *  usage error before any work. */
export function credentialsFromFlags(o: { forwardEnv?: boolean; envFile?: string }) {
  if (o.envFile && o.forwardEnv === false)
    throw new UsageError('--env-file and --no-forward-env exclude each other');
  if (o.forwardEnv === false) return undefined;
  try {
    return collectForwardedEnv(process.env, o.envFile);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
