// `iobench attach` (stub until implemented).
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('attach')
    .description('attach (not implemented yet)')
    .allowUnknownOption()
    .action(() => {
      process.stderr.write('iobench attach: not implemented yet\n');
      process.exit(2);
    });
}
