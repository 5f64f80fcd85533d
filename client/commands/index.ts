// Registers the authoring commands (the run half registers its own from client/run/command-table.ts). They all
// exist from activation on and explain themselves when the language server is not ready.
import * as vscode from 'vscode';
import { COMMANDS } from '../protocol';
import type { CommandContext } from './context';
import { generateLadder } from './generate-ladder';
import { showEstimate } from './show-estimate';
import { WorkspaceValidator } from './validate-workspace';

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  const validator = new WorkspaceValidator();
  const table: Record<string, (...args: unknown[]) => unknown> = {
    [COMMANDS.showEstimate]: (arg) => showEstimate(ctx, arg),
    'iobench.validateWorkspace': () => validator.run(ctx),
    'iobench.generateLadder': (arg) => generateLadder(ctx, arg),
    'iobench.restartServer': () => ctx.restartServer(),
  };
  return [
    validator,
    ...Object.entries(table).map(([id, fn]) =>
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await fn(...args);
        } catch (e) {
          ctx.log.error(`${id} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
          void vscode.window.showErrorMessage(`${id} failed: ${e instanceof Error ? e.message : String(e)}`);
          return undefined;
        }
      }),
    ),
  ];
}
