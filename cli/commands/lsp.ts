// `iobench lsp --stdio`: the language server over stdio, for any LSP client (Neovim, Helix, tests...).
import type { Command } from 'commander';
import {
  createConnection,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver/node';
import { startServer } from '../../server/server';
import { nodeRuntime } from '../../server/runtime';

export function register(program: Command): void {
  program
    .command('lsp')
    .description('run the language server (diagnostics, estimates, hover, completion, quick fixes)')
    .option('--stdio', 'talk LSP over stdin/stdout (the only transport; the default)')
    .allowUnknownOption() // clients add --clientProcessId=N and similar
    .action(() => {
      const connection = createConnection(
        ProposedFeatures.all,
        new StreamMessageReader(process.stdin),
        new StreamMessageWriter(process.stdout),
      );
      // stdout belongs to the protocol now.
      console.log = (...a: unknown[]) => connection.console.log(a.map(String).join(' '));
      console.info = console.log;
      console.warn = (...a: unknown[]) => connection.console.warn(a.map(String).join(' '));
      startServer(connection, nodeRuntime());
      connection.onExit(() => process.exit(0));
    });
}
