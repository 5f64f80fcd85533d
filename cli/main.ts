// The `iobench` command: one subcommand per module in cli/commands, parsed by commander.
import { Command } from 'commander';
import { registerCommands } from './commands';

// grpc-js passes an IP address as the TLS server name when agents are addressed by IP (the usual case), and
// Node warns about it (DEP0123) on every TLS connection; the certificate is still checked against the IP's
// subjectAltName, so the warning only confuses. Every other warning still prints.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  const code = typeof rest[0] === 'object' ? (rest[0] as { code?: string })?.code : rest[1];
  if (code === 'DEP0123') return;
  (emitWarning as (...a: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;

const program = new Command();
program
  .name('iobench')
  .description('iobench studio: author, estimate and run sai3-bench compatible storage benchmarks')
  .version(process.env.IOBENCH_VERSION ?? '0.1.0')
  .showHelpAfterError()
  .exitOverride((err) => {
    // commander exits on --help/--version with code 0 and on usage errors with 1; keep 2 for usage errors.
    process.exit(err.exitCode === 0 ? 0 : 2);
  });
registerCommands(program);
program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`iobench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
