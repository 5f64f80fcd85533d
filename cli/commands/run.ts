// `iobench run` (stub until implemented).
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('run')
    .description('run (not implemented yet)')
    .allowUnknownOption()
    .action(() => {
      process.stderr.write('iobench run: not implemented yet\n');
      process.exit(2);
    });
}
