// iobench.preflight and iobench.run (CodeLens and palette). Authoring-only build: runs are not wired here yet,
// and in Restricted Mode they would be refused anyway, so both say exactly that.
import * as vscode from 'vscode';
import { runArgs } from './args';
import type { CommandContext } from './context';

export const RESTRICTED_MESSAGE =
  'iobench: pre-flight and runs start work on agents, so they are disabled in Restricted Mode. Trust this workspace to enable them; authoring (diagnostics, estimates, ladder files) works either way.';

async function refuseUntrusted(): Promise<boolean> {
  if (vscode.workspace.isTrusted) return false;
  const pick = await vscode.window.showInformationMessage(RESTRICTED_MESSAGE, 'Manage Workspace Trust');
  if (pick) void vscode.commands.executeCommand('workbench.trust.manage');
  return true;
}

export async function preflight(ctx: CommandContext, ...args: unknown[]): Promise<void> {
  if (await refuseUntrusted()) return;
  const { uri } = runArgs(args);
  ctx.log.info(`preflight requested for ${uri ?? 'the active editor'}`);
  void vscode.window.showInformationMessage(
    'iobench: Pre-flight is not available in this build of the extension yet. Use `npx iobench preflight FILE` in a terminal meanwhile.',
  );
}

export async function run(ctx: CommandContext, ...args: unknown[]): Promise<void> {
  if (await refuseUntrusted()) return;
  const { uri, step } = runArgs(args);
  const what = step ? `Run ${step.toUpperCase()}` : 'Run';
  ctx.log.info(`${what} requested for ${uri ?? 'the active editor'}`);
  void vscode.window.showInformationMessage(
    `iobench: ${what} is not available in this build of the extension yet. Use \`npx iobench run FILE${step ? ` --step ${step}` : ''}\` in a terminal meanwhile.`,
  );
}
