// Pre-flight of a config as every host starts it (`iobench preflight`, the editor's Pre-flight): load and plan
// it, start local agents when asked, connect to every agent and run the checks in parallel. Results are told
// as preflight-result / preflight-done events and returned; nothing is printed.
import { connectAll, type TlsOptions } from './connect';
import { useKeptDeployment, type DeployContext } from './deploy';
import { locate } from './config-report';
import type { RunEmitter } from './events';
import type { LocalAgent } from './local-agents';
import { loadChecked, localSetup } from './local-setup';
import { redactingEmitter, withForwardedEnv, type ForwardedEnv } from './forward-env';
import { preflightAll, type PreflightOutcome } from './preflight';
import { agentRefs } from './run';

export interface PreflightConfigOptions {
  file: string;
  text: string;
  local?: number;
  root?: string;
  token?: string;
  tls?: TlsOptions;
  emitter?: RunEmitter;
  /** how to start local agents: [node, cli.js] (default: this process's own script) */
  agentCommand?: string[];
  agentEnv?: NodeJS.ProcessEnv;
  /** local agents are up (the CLI says where they look) */
  onLocalAgents?: (x: { agents: LocalAgent[]; root?: string }) => void;
  connectTimeoutMs?: number;
  /** agents kept up by `iobench deploy FILE` are checked at their addresses with their token */
  deploy?: Pick<DeployContext, 'env' | 'home'>;
  /** credentials for `distributed_env`: sai3 agents export them at pre-flight too (agent.rs:819) */
  forwardEnv?: ForwardedEnv;
}

export type PreflightConfigResult =
  /** the config or its plan has errors (`file:line:col: error: …`) */
  | { ok: false; phase: 'config'; errors: string[] }
  /** some agents could not be reached (each message names the agent and address) */
  | { ok: false; phase: 'connect'; errors: string[] }
  | { ok: boolean; phase: 'preflight'; outcome: PreflightOutcome };

/** Local agents that fail to start throw with their own message. */
export async function preflightConfig(o: PreflightConfigOptions): Promise<PreflightConfigResult> {
  const loaded = loadChecked(o.file, o.text);
  if (!loaded.ok) return { ok: false, phase: 'config', errors: loaded.errors };
  const kept =
    o.deploy && !o.local
      ? useKeptDeployment({ ...o.deploy, file: o.file, config: loaded.value.value })
      : undefined;
  const token = o.token ?? kept;
  const setup = await localSetup(o.file, loaded.value, {
    local: o.local,
    root: o.root,
    token,
    command: o.agentCommand ?? [process.execPath, ...process.execArgv, process.argv[1]],
    ...(o.agentEnv ? { env: o.agentEnv } : {}),
  });
  if (!setup.ok) return { ok: false, phase: 'config', errors: setup.errors };
  const { plan, agents, root, release } = setup.value;
  try {
    if (agents.length) o.onLocalAgents?.({ agents, ...(root ? { root } : {}) });
    const conn = await connectAll(agentRefs(plan), {
      token,
      tls: o.tls,
      connectTimeoutMs: o.connectTimeoutMs,
    });
    if (!conn.ok) return { ok: false, phase: 'connect', errors: conn.errors.map((e) => e.message) };
    try {
      const sent = o.forwardEnv ? withForwardedEnv(plan, o.forwardEnv) : plan;
      const emitter = o.emitter && o.forwardEnv ? redactingEmitter(o.emitter, o.forwardEnv) : o.emitter;
      const outcome = await preflightAll(conn.connections, sent.agents, {
        emitter,
        locate: (p) => locate(loaded.value, p),
        config: loaded.value.value as Record<string, unknown>,
      });
      return { ok: outcome.passed, phase: 'preflight', outcome };
    } finally {
      for (const c of conn.connections) c.close();
    }
  } finally {
    await release();
  }
}
