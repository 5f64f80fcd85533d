// `iobench tree` (stub until implemented).
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('tree')
    .description('tree (not implemented yet)')
    .allowUnknownOption()
    .action(() => {
      process.stderr.write('iobench tree: not implemented yet\n');
      process.exit(2);
    });
}
