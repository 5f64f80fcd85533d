// iobench.showEstimate: the per-depth and per-agent tables of the active config, in a webview.
import * as vscode from 'vscode';
import { isConfigDocument } from '../detection';
import type { CommandContext } from './context';
import { noTarget, targetUri } from './target';

export async function showEstimate(ctx: CommandContext, arg?: unknown): Promise<void> {
  const uri = targetUri(arg);
  if (!uri) return noTarget('Show Estimate');
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (doc && !isConfigDocument(doc)) {
    void vscode.window.showInformationMessage(
      `Show Estimate: ${uri.path.split('/').pop()} is not an iobench config (see the iobench.files setting).`,
    );
    return;
  }
  const answer = await ctx.estimates.get(uri);
  if (!answer.ok) {
    void vscode.window.showInformationMessage(answer.reason);
    return;
  }
  if (!answer.estimate) {
    void vscode.window.showInformationMessage(
      'Show Estimate: this file has no prepare.directory_structure or ensure_objects to estimate.',
    );
    return;
  }
  ctx.view.show(uri, answer.estimate);
}
