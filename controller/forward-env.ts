// Credential forwarding, as sai3-bench's controller does it since v0.8.92 (controller.rs:1494-1545, 2797-2827):
// the controller's own AWS_*, GOOGLE_APPLICATION_CREDENTIALS and AZURE_STORAGE_* variables — or those of an
// `--env-file`, which then replaces the environment as the source — go to every agent in `distributed_env`, and
// the agent exports the ones it does not have set itself at START and at pre-flight (agent.rs:678-715).
// Values travel only inside the YAML sent to agents: events, logs and result files name the keys, never the
// values (the plan's `value`, which results may describe, stays without them).
import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { stringify } from 'yaml';
import { RunEmitter } from './events';
import type { RunPlan } from './per-agent-config';

/** The same allow-list as sai3 (controller.rs:1500): nothing else is ever forwarded. */
const PREFIXES = ['AWS_', 'GOOGLE_APPLICATION_CREDENTIALS', 'AZURE_STORAGE_'];

export const isCredentialKey = (key: string): boolean => PREFIXES.some((p) => key.startsWith(p));

export interface ForwardedEnv {
  vars: Record<string, string>;
  /** where they came from, for the log line: "controller environment" or "env file 'F'" */
  source: string;
}

export class EnvFileError extends Error {}

function pick(all: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(all).sort()) {
    const v = all[key];
    if (isCredentialKey(key) && typeof v === 'string') out[key] = v;
  }
  return out;
}

/**
 * The credentials to forward: from `envFile` (dotenv syntax, via Node's own parser) when given, else from
 * `env`. Throws EnvFileError (naming the file, never its contents) when the file cannot be read.
 */
export function collectForwardedEnv(env: NodeJS.ProcessEnv, envFile?: string): ForwardedEnv {
  if (envFile === undefined) return { vars: pick(env), source: 'controller environment' };
  let text: string;
  try {
    text = readFileSync(envFile, 'utf8');
  } catch (e) {
    throw new EnvFileError(
      `--env-file ${envFile}: cannot read it (${(e as NodeJS.ErrnoException).code ?? 'error'}); ` +
        'give a KEY=VALUE file, or drop the flag to forward the controller environment',
    );
  }
  return { vars: pick(parseEnv(text)), source: `env file '${envFile}'` };
}

/**
 * The plan with `distributed_env` in every agent's YAML. A key the config sets itself in `distributed_env`
 * keeps the config's value (sai3 would replace the whole map; an explicit setting is the user's intent).
 */
export function withForwardedEnv(plan: RunPlan, fwd: ForwardedEnv): RunPlan {
  if (!Object.keys(fwd.vars).length) return plan;
  const agents = plan.agents.map((a) => {
    const own = a.value.distributed_env;
    const mine = typeof own === 'object' && own !== null && !Array.isArray(own) ? own : {};
    const v = { ...a.value, distributed_env: { ...fwd.vars, ...mine } };
    return { ...a, yaml: stringify(v, { lineWidth: 0 }) };
  });
  return { ...plan, agents };
}

/** What to tell the user: key names and source only (as sai3 prints them), and a plaintext warning. */
export function describeForwarding(fwd: ForwardedEnv, tls: boolean): string[] {
  const keys = Object.keys(fwd.vars);
  if (!keys.length) return [];
  const lines = [
    `forwarding ${keys.length} credential variable${keys.length === 1 ? '' : 's'} from ${fwd.source} to every agent: ${keys.join(', ')}`,
  ];
  if (!tls)
    lines.push(
      'credentials are sent over a plaintext gRPC connection: use --tls over untrusted networks, or --no-forward-env',
    );
  return lines;
}

/** Keys whose values are secrets (an account name or region is not; a key, token or key file path is). */
const SECRET_KEY = /KEY|SECRET|TOKEN|PASSWORD|CREDENTIAL|SAS|CONNECTION_STRING/i;

/** A function that masks the forwarded secret values (`***`) anywhere in a JSON value. */
export function redactor(fwd: ForwardedEnv): <T>(data: T) => T {
  const secrets = Object.entries(fwd.vars)
    .filter(([k, v]) => SECRET_KEY.test(k) && v.length >= 4)
    .map(([, v]) => JSON.stringify(v).slice(1, -1)) // as the value appears inside JSON text
    .sort((a, b) => b.length - a.length);
  return <T>(data: T): T => {
    if (!secrets.length || data === undefined) return data;
    const json = JSON.stringify(data);
    if (!secrets.some((s) => json.includes(s))) return data;
    return JSON.parse(secrets.reduce((t, s) => t.split(s).join('***'), json)) as T;
  };
}

/**
 * An emitter that passes every event on to `target` with the forwarded secret values masked, so an agent that
 * echoes its config or environment in an error cannot put a credential into the terminal, events.ndjson or
 * the results.
 */
export function redactingEmitter(target: RunEmitter, fwd: ForwardedEnv): RunEmitter {
  const redact = redactor(fwd);
  const inner = new RunEmitter();
  inner.onAny((name, data) => target.emit(name, redact(data)));
  return inner;
}
