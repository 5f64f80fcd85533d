// `iobench validate` (stub until implemented).
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('validate')
    .description('validate (not implemented yet)')
    .allowUnknownOption()
    .action(() => {
      process.stderr.write('iobench validate: not implemented yet\n');
      process.exit(2);
    });
}
