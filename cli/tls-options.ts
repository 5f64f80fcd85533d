// `--tls`, `--agent-ca PEM`, `--agent-domain NAME` (sai3-bench's controller flags) for the commands that connect
// to agents: TLS to agents started with `iobench agent --tls-cert/--tls-key` or sai3's `--tls`.
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import type { TlsOptions } from '../controller';

export interface TlsFlags {
  tls?: boolean;
  agentCa?: string;
  agentDomain?: string;
  local?: string;
}

export function addTlsOptions(cmd: Command): Command {
  return cmd
    .option('--tls', "connect to agents over TLS (the system's CA roots unless --agent-ca)")
    .option(
      '--agent-ca <pem>',
      "CA certificate (or the agent's self-signed certificate) to trust; implies --tls",
    )
    .option(
      '--agent-domain <name>',
      "name the agents' certificate must match (default: the host of each address)",
    );
}

/** TLS options from the flags, or undefined for plaintext; throws `usage(msg)` for flags that cannot work. */
export function tlsFromFlags(o: TlsFlags, usage: (msg: string) => Error): TlsOptions | undefined {
  if (!o.tls && !o.agentCa && !o.agentDomain) return undefined;
  if (o.agentDomain && !o.tls && !o.agentCa) throw usage('--agent-domain needs --tls or --agent-ca');
  if (o.local)
    throw usage('--local starts agents on 127.0.0.1 without TLS; --tls/--agent-ca are for remote agents');
  let ca: Buffer | undefined;
  if (o.agentCa) {
    try {
      ca = readFileSync(o.agentCa);
    } catch (e) {
      throw usage(
        `--agent-ca ${o.agentCa}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
      );
    }
    if (!ca.includes('-----BEGIN CERTIFICATE-----'))
      throw usage(
        `--agent-ca ${o.agentCa}: not a PEM certificate (expected a -----BEGIN CERTIFICATE----- block)`,
      );
  }
  return { ...(ca ? { ca } : {}), ...(o.agentDomain ? { domain: o.agentDomain } : {}) };
}
