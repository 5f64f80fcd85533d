// Runs the agent from parsed options: prints the ready line, handles signals, maps failures to exit codes
// (2 usage, 3 cannot listen). Used by `iobench agent` and by the standalone dist/agent.js.
import { ConfinementError } from './confine';
import { toAgentOptions, UsageError, isLoopback } from './options';
import { ListenError, startAgent } from './grpc-server';
import { TOKEN_ENV } from './token';

export async function runAgentCommand(raw: Record<string, unknown>): Promise<void> {
  let opts;
  try {
    opts = toAgentOptions(raw);
  } catch (e) {
    process.stderr.write(`iobench agent: ${(e as Error).message}\n`);
    process.exit(e instanceof UsageError ? 2 : 1);
  }
  if (raw.token !== undefined)
    process.stderr.write(
      `iobench agent: note: a token on the command line is visible to every local user (ps); prefer --token-file FILE or $${TOKEN_ENV}\n`,
    );
  if (!isLoopback(opts.host) && opts.insecure && !opts.token && !opts.tlsCert)
    process.stderr.write(
      `iobench agent: WARNING: listening on ${opts.host} without token or TLS (--insecure); anyone who can reach it can write inside ${opts.roots.join(', ')}\n`,
    );
  try {
    const agent = await startAgent(opts);
    const how = agent.tls
      ? ` (TLS, certificate for ${agent.tls.subjectAltName}${opts.token ? '; token required' : ''})`
      : opts.token
        ? ' (token required)'
        : '';
    process.stdout.write(`iobench agent listening on ${opts.host}:${agent.port}${how}\n`);
    process.stdout.write(`roots: ${agent.core.confine.roots.join(', ')}\n`);
    const stop = () => void agent.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (e) {
    if (e instanceof ListenError) {
      process.stderr.write(`iobench agent: ${e.message}\n`);
      process.exit(3);
    }
    if (e instanceof ConfinementError || e instanceof UsageError) {
      process.stderr.write(`iobench agent: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
}
