// Command-line options of the agent, shared by `iobench agent` (cli/commands/agent.ts) and dist/agent.js.
import type { Command } from 'commander';

export interface AgentOptions {
  host: string;
  port: number;
  roots: string[];
  token?: string;
  tlsCert?: string;
  tlsKey?: string;
  insecure: boolean;
}

export const DEFAULT_LISTEN = '127.0.0.1:7167';

export class UsageError extends Error {}

/** `host:port`, `[v6]:port` or `:port` (→ 127.0.0.1). */
export function parseListen(s: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(s.trim());
  if (!m) throw new UsageError(`--listen ${s}: expected HOST:PORT, e.g. 127.0.0.1:7167`);
  const port = Number(m[3]);
  if (port > 65535) throw new UsageError(`--listen ${s}: port must be 0..65535`);
  return { host: m[1] ?? (m[2] || '127.0.0.1'), port };
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/** The agent's options on a commander command (one definition for both entry points). */
export function defineAgentOptions(cmd: Command): Command {
  return cmd
    .option('--listen <addr>', 'address to listen on (HOST:PORT; port 0 picks a free one)', DEFAULT_LISTEN)
    .option(
      '--root <dir>',
      'folder the agent may touch (repeatable); every path of a run must resolve inside one',
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option('--token <t>', 'require metadata `authorization: Bearer <t>` on every call')
    .option('--tls-cert <pem>', 'TLS certificate (PEM)')
    .option('--tls-key <pem>', 'TLS private key (PEM)')
    .option('--insecure', 'allow a non-loopback listen address without token or TLS', false);
}

export function toAgentOptions(o: Record<string, unknown>): AgentOptions {
  const { host, port } = parseListen(String(o.listen ?? DEFAULT_LISTEN));
  const roots = (o.root as string[] | undefined) ?? [];
  if (!roots.length)
    throw new UsageError('at least one --root DIR is required (the folders the agent may touch)');
  const tlsCert = o.tlsCert as string | undefined;
  const tlsKey = o.tlsKey as string | undefined;
  if (!!tlsCert !== !!tlsKey) throw new UsageError('--tls-cert and --tls-key go together');
  // IOBENCH_TOKEN: how SSH deployment hands the token over (argv is visible to every local user via ps)
  const token = (o.token as string | undefined) ?? (process.env.IOBENCH_TOKEN || undefined);
  const insecure = o.insecure === true;
  if (!isLoopback(host) && !token && !tlsCert && !insecure)
    throw new UsageError(
      `--listen ${host}: a non-loopback address needs --token, --tls-cert/--tls-key, or an explicit --insecure`,
    );
  return { host, port, roots, token, tlsCert, tlsKey, insecure };
}
