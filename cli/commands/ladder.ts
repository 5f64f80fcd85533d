// `iobench ladder` (stub until implemented).
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('ladder')
    .description('ladder (not implemented yet)')
    .allowUnknownOption()
    .action(() => {
      process.stderr.write('iobench ladder: not implemented yet\n');
      process.exit(2);
    });
}
