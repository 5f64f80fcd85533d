// The `iobench` command: one subcommand per module in cli/commands, parsed by commander.
import { Command } from 'commander';
import { registerCommands } from './commands';

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
