// Bundle entry (dist/server.js): VS Code starts it over IPC; `iobench lsp --stdio` uses cli/commands/lsp.ts.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';
import { nodeRuntime } from './runtime';

const connection = createConnection(ProposedFeatures.all);
// Anything written to stdout would corrupt a stdio transport: route console output to the client's log.
console.log = (...a: unknown[]) => connection.console.log(a.map(String).join(' '));
console.info = console.log;
console.warn = (...a: unknown[]) => connection.console.warn(a.map(String).join(' '));
console.error = (...a: unknown[]) => connection.console.error(a.map(String).join(' '));
startServer(connection, nodeRuntime());
