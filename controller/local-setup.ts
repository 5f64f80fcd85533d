// Everything a host does before a run or a pre-flight reaches agents: load the config text and plan it
// (errors as `file:line:col` lines, returned, never printed), start local agents as child processes under a
// root, create the folders the config names there, and plan against their real addresses. The CLI and the
// editor both call these; they differ only in how they show the returned values.
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MAX_LOCAL_AGENTS } from '../core/config/limits';
import type { LoadedConfig } from '../core/config';
import { configErrors, load, planErrorLines } from './config-report';
import { generateToken, startLocalAgents, stopLocalAgents, type LocalAgent } from './local-agents';
import { fileDirectories } from './local-root';
import { planRun, type AgentAddress, type RunPlan } from './per-agent-config';

/** A value, or the lines that say what is wrong (`file:line:col: error: …` for config problems). */
export type Checked<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/** A local-agent count: a whole number 1..MAX_LOCAL_AGENTS; the error says what is allowed. */
export function checkLocalCount(n: unknown): { ok: true; value: number } | { ok: false; error: string } {
  const v = typeof n === 'string' && n.trim() !== '' ? Number(n) : n;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_LOCAL_AGENTS)
    return { ok: true, value: v };
  return { ok: false, error: `expected a number of agents from 1 to ${MAX_LOCAL_AGENTS}` };
}

/** A root folder for local agents must exist (a typo must not create folders somewhere unexpected). */
export function checkRootFolder(root: string): { ok: true; value: string } | { ok: false; error: string } {
  const abs = resolve(root);
  if (existsSync(abs) && statSync(abs).isDirectory()) return { ok: true, value: abs };
  return { ok: false, error: 'no such folder (create it first, e.g. "$(mktemp -d)")' };
}

/** Loads config text (a file's or a ladder step's); errors as `label:line:col: error: …`. */
export function loadChecked(label: string, text: string): Checked<LoadedConfig> {
  const loaded = load(text);
  const errors = configErrors(label, loaded);
  return errors.length ? { ok: false, errors } : { ok: true, value: loaded };
}

/** The plan for the given agents (placeholders before local agents exist). */
export function planChecked(
  label: string,
  loaded: LoadedConfig,
  agents: AgentAddress[] | undefined,
  root: string | undefined,
  prepareSeconds?: number,
): Checked<RunPlan> {
  const r = planRun(loaded.value, { agents, root, prepareSeconds });
  return r.ok ? { ok: true, value: r.plan } : { ok: false, errors: planErrorLines(label, loaded, r.errors) };
}

/** Addresses that stand for N local agents before they are started (planning needs the count only). */
export const placeholders = (n: number | undefined): AgentAddress[] | undefined =>
  n ? Array.from({ length: n }, () => ({ address: '127.0.0.1:0' })) : undefined;

export interface LocalSetupOptions {
  /** start this many local agents; absent = the config's own agents */
  local?: number;
  /** local agents' root (must exist); absent = a temp folder, removed at release */
  root?: string;
  token?: string;
  prepareSeconds?: number;
  /** argv that starts `iobench` for local agents, e.g. [process.execPath, '/path/to/dist/cli.js'] */
  command: string[];
  env?: NodeJS.ProcessEnv;
}

export interface LocalSetup {
  plan: RunPlan;
  agents: LocalAgent[];
  /** the token the agents require (generated for local agents unless given) */
  token?: string;
  root?: string;
  /** stop local agents and remove a temp root we created */
  release(): Promise<void>;
}

/**
 * Starts local agents (when asked), creates their folders, and plans against their real addresses. Plan
 * errors come back as lines; agents that fail to start throw (with the agent's own message).
 */
export async function localSetup(
  label: string,
  loaded: LoadedConfig,
  o: LocalSetupOptions,
): Promise<Checked<LocalSetup>> {
  const { local, root } = o;
  if (!local) {
    const plan = planChecked(label, loaded, undefined, root, o.prepareSeconds);
    return plan.ok
      ? {
          ok: true,
          value: { plan: plan.value, agents: [], ...(root ? { root } : {}), release: async () => undefined },
        }
      : plan;
  }
  const dir = root ?? mkdtempSync(join(tmpdir(), 'iobench-'));
  // Agents we start require a token of their own unless one is given: loopback is open to every local process.
  const token = o.token ?? generateToken();
  // Stops the agents; a temp root we made ourselves goes too (a chosen root is the user's and stays).
  const release = async (agents: LocalAgent[]) => {
    await stopLocalAgents(agents);
    if (!root) rmSync(dir, { recursive: true, force: true });
  };
  let agents: LocalAgent[];
  try {
    agents = await startLocalAgents(local, { root: dir, command: o.command, token, env: o.env });
  } catch (e) {
    await release([]);
    throw e;
  }
  const plan = planChecked(
    label,
    loaded,
    agents.map((a) => ({ address: a.address })),
    dir,
    o.prepareSeconds,
  );
  if (!plan.ok) {
    await release(agents);
    return plan;
  }
  // The root is ours to use: create the folders the config names, so pre-flight finds them.
  for (const a of plan.value.agents)
    for (const d of fileDirectories(a.value)) mkdirSync(d, { recursive: true });
  return { ok: true, value: { plan: plan.value, agents, root: dir, token, release: () => release(agents) } };
}
