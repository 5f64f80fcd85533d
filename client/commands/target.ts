// Which document a command acts on: its URI argument, else the active editor.
import * as vscode from 'vscode';
import { uriArg } from './args';

export function targetUri(arg: unknown): vscode.Uri | undefined {
  const s = uriArg(arg);
  if (s) return vscode.Uri.parse(s);
  return vscode.window.activeTextEditor?.document.uri;
}

export async function noTarget(what: string): Promise<void> {
  await vscode.window.showInformationMessage(
    `${what}: open an iobench config (a sai3-bench YAML file) first.`,
  );
}
