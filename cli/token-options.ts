// `--token`, `--token-file` and $IOBENCH_TOKEN for the commands that connect to agents (run, preflight): the
// same rule as the agent's (agent/token.ts) — argv is visible in `ps`, so a file or the environment is
// preferred, and an empty token is a usage error.
import type { Command } from 'commander';
import { resolveToken } from '../agent/token';
import { TOKEN_ENV } from '../core/token';
import { UsageError } from './command-kit';

export interface TokenFlags {
  token?: string;
  tokenFile?: string;
}

export function addTokenOptions(cmd: Command): Command {
  return cmd
    .option('--token <t>', `bearer token of the agents (visible in ps: prefer --token-file or $${TOKEN_ENV})`)
    .option('--token-file <file>', "read the agents' bearer token from a file (its first line)");
}

/** Resolves the token into `o.token` (from the flag, the file or the environment); usage error when unusable. */
export function tokenFromFlags(o: TokenFlags): string | undefined {
  try {
    o.token = resolveToken(o);
    delete o.tokenFile;
    return o.token;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
