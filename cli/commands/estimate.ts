// `iobench estimate` (stub until implemented).
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('estimate')
    .description('estimate (not implemented yet)')
    .allowUnknownOption()
    .action(() => {
      process.stderr.write('iobench estimate: not implemented yet\n');
      process.exit(2);
    });
}
