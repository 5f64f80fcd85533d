// iobench.generateLadder: NAME.SIMPLE.yaml, NAME.MEDIUM.yaml, NAME.FULL.yaml next to the config (core/ladder),
// asking before overwriting, then opened.
import * as vscode from 'vscode';
import { ladder } from '../../core/ladder';
import { ladderFileName } from './args';
import type { CommandContext } from './context';
import { noTarget, targetUri } from './target';

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

export async function generateLadder(ctx: CommandContext, arg?: unknown): Promise<vscode.Uri[]> {
  const uri = targetUri(arg);
  if (!uri) {
    await noTarget('Generate Ladder Files');
    return [];
  }
  if (uri.scheme !== 'file') {
    void vscode.window.showInformationMessage('Generate Ladder Files: save the config to a file first.');
    return [];
  }
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const text = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  const result = ladder(text);
  if (!result.ok) {
    void vscode.window.showInformationMessage(`Generate Ladder Files: ${result.error}.`);
    return [];
  }
  const steps = result.steps;
  const dir = vscode.Uri.joinPath(uri, '..');
  const base = uri.path.split('/').pop() ?? 'config.yaml';
  const targets = steps.map((s) => ({
    step: s,
    uri: vscode.Uri.joinPath(dir, ladderFileName(base, s.name)),
  }));
  const existing: string[] = [];
  for (const t of targets) if (await exists(t.uri)) existing.push(t.uri.path.split('/').pop() ?? '');
  if (existing.length) {
    const answer = await vscode.window.showWarningMessage(
      `Overwrite ${existing.join(', ')}?`,
      { modal: true, detail: 'Generate Ladder Files replaces the existing ladder files next to the config.' },
      'Overwrite',
    );
    if (answer !== 'Overwrite') return [];
  }
  for (const t of targets) {
    await vscode.workspace.fs.writeFile(t.uri, new TextEncoder().encode(t.step.text));
    ctx.log.info(
      `ladder: wrote ${t.uri.fsPath} (${t.step.name}, depth ${t.step.depth}, ${t.step.dirs} dirs, ${t.step.files} files)`,
    );
  }
  for (const [i, t] of targets.entries()) {
    await vscode.window.showTextDocument(t.uri, { preview: false, preserveFocus: i < targets.length - 1 });
  }
  void vscode.window.showInformationMessage(
    `iobench: wrote ${targets.map((t) => `${t.uri.path.split('/').pop()} (depth ${t.step.depth})`).join(', ')}.`,
  );
  return targets.map((t) => t.uri);
}
