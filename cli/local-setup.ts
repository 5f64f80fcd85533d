// `--local N` / `--root DIR` for the commands that talk to agents: the flags checked as usage errors, and the
// controller's local-agent setup (controller/local-setup) with its config and plan errors printed.
import {
  checkLocalCount,
  checkRootFolder,
  loadChecked,
  localSetup as setupAgents,
  placeholders,
  planChecked,
  type AgentAddress,
  type LocalSetup,
  type RunPlan,
} from '../controller';
import type { LoadedConfig } from '../core/config';
import { UsageError } from './command-kit';

export { placeholders, type LocalSetup };

const complain = (s: string) => process.stderr.write(`${s}\n`);

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

/** Loads config text; prints `file:line:col: error: …` and returns undefined when it has errors. */
export function loadOrReport(file: string, text: string): LoadedConfig | undefined {
  const r = loadChecked(file, text);
  if (r.ok) return r.value;
  complain(r.errors.join('\n'));
  return undefined;
}

/** The plan for the given agents (placeholders before local agents exist); prints plan errors. */
export function planOrReport(
  file: string,
  loaded: LoadedConfig,
  agents: AgentAddress[] | undefined,
  root: string | undefined,
  prepareSeconds?: number,
): RunPlan | undefined {
  const r = planChecked(file, loaded, agents, root, prepareSeconds);
  if (r.ok) return r.value;
  complain(r.errors.join('\n'));
  return undefined;
}

/** Starts `--local` agents (when asked), creates their folders, and plans against their real addresses. */
export async function localSetup(
  file: string,
  loaded: LoadedConfig,
  local: number | undefined,
  root: string | undefined,
  token: string | undefined,
  prepareSeconds?: number,
): Promise<LocalSetup | undefined> {
  const r = await setupAgents(file, loaded, { local, root, token, prepareSeconds, command: selfCommand() });
  if (r.ok) return r.value;
  complain(r.errors.join('\n'));
  return undefined;
}
