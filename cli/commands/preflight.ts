// `iobench preflight` (stub until implemented).
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('preflight')
    .description('preflight (not implemented yet)')
    .allowUnknownOption()
    .action(() => {
      process.stderr.write('iobench preflight: not implemented yet\n');
      process.exit(2);
    });
}
