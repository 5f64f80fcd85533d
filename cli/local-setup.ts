// `--local N` / `--root DIR` for the commands that talk to agents: check the flags, start local agents as child
// processes, create the folders the config names under the root, and plan the run against the real addresses.
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  planRun,
  startLocalAgents,
  stopLocalAgents,
  type AgentAddress,
  type LocalAgent,
  type RunPlan,
} from '../controller';
import { generateToken } from '../controller/local-agents';
import { fileDirectories } from '../controller/local-root';
import type { LoadedConfig } from '../core/config';
import { UsageError } from './command-kit';
import { configErrors, load, planErrorLines } from './render/config';

const complain = (s: string) => process.stderr.write(`${s}\n`);

/** `--local N`: 1..64 agents. */
export function parseLocal(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new UsageError(`--local ${v}: expected a number of agents from 1 to 64`);
  return n;
}

/** `--root DIR` must exist (a typo must not create folders somewhere unexpected). */
export function checkRoot(root: string | undefined): string | undefined {
  if (root === undefined) return undefined;
  const abs = resolve(root);
  if (!existsSync(abs) || !statSync(abs).isDirectory())
    throw new UsageError(`--root ${root}: no such folder (create it first, e.g. --root "$(mktemp -d)")`);
  return abs;
}

/** argv that starts this same `iobench` (bin/iobench.js, dist/cli.js, or sources under tsx). */
export function selfCommand(): string[] {
  return [process.execPath, ...process.execArgv, process.argv[1]];
}

/** Loads config text; prints `file:line:col: error: …` and returns undefined when it has errors. */
export function loadOrReport(file: string, text: string): LoadedConfig | undefined {
  const loaded = load(text);
  const errors = configErrors(file, loaded);
  if (!errors.length) return loaded;
  complain(errors.join('\n'));
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
  const r = planRun(loaded.value, { agents, root, prepareSeconds });
  if (r.ok) return r.plan;
  complain(planErrorLines(file, loaded, r.errors).join('\n'));
  return undefined;
}

export const placeholders = (n: number | undefined): AgentAddress[] | undefined =>
  n ? Array.from({ length: n }, () => ({ address: '127.0.0.1:0' })) : undefined;

/** Starts `--local` agents (when asked), creates their folders, and plans against their real addresses. */
export async function localSetup(
  file: string,
  loaded: LoadedConfig,
  local: number | undefined,
  root: string | undefined,
  token: string | undefined,
  prepareSeconds?: number,
): Promise<LocalSetup | undefined> {
  if (!local) {
    const plan = planOrReport(file, loaded, undefined, root, prepareSeconds);
    return plan && { plan, agents: [], ...(root ? { root } : {}), release: async () => undefined };
  }
  const dir = root ?? mkdtempSync(join(tmpdir(), 'iobench-'));
  // Stops the agents; a temp root we made ourselves goes too (a --root folder is the user's and stays).
  const release = async (agents: LocalAgent[]) => {
    await stopLocalAgents(agents);
    if (!root) rmSync(dir, { recursive: true, force: true });
  };
  let agents: LocalAgent[];
  try {
    // agents we start get a token of their own unless one is given (see generateToken)
    token ??= generateToken();
    agents = await startLocalAgents(local, { root: dir, command: selfCommand(), token });
  } catch (e) {
    await release([]);
    throw e;
  }
  const plan = planOrReport(
    file,
    loaded,
    agents.map((a) => ({ address: a.address })),
    dir,
    prepareSeconds,
  );
  if (!plan) {
    await release(agents);
    return undefined;
  }
  // The root is ours to use: create the folders the config names, so pre-flight finds them.
  for (const a of plan.agents) for (const d of fileDirectories(a.value)) mkdirSync(d, { recursive: true });
  return { plan, agents, root: dir, token, release: () => release(agents) };
}

export interface LocalSetup {
  plan: RunPlan;
  agents: LocalAgent[];
  /** the token the agents require (generated for --local agents) */
  token?: string;
  root?: string;
  /** stop local agents and remove a temp root we created */
  release(): Promise<void>;
}
