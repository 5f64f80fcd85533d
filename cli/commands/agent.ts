// `iobench agent` (stub until implemented).
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('agent')
    .description('agent (not implemented yet)')
    .allowUnknownOption()
    .action(() => {
      process.stderr.write('iobench agent: not implemented yet\n');
      process.exit(2);
    });
}
