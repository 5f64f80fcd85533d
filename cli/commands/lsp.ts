// `iobench lsp` (stub until implemented).
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('lsp')
    .description('lsp (not implemented yet)')
    .allowUnknownOption()
    .action(() => {
      process.stderr.write('iobench lsp: not implemented yet\n');
      process.exit(2);
    });
}
