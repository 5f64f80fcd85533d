// Show Estimate: one webview panel (reused) with the per-depth and per-agent tables; it follows edits of the
// config it shows.
import * as vscode from 'vscode';
import type { EstimateJson } from '../core/estimate';
import { estimateHtml } from './estimate-format';
import type { EstimateSource } from './estimate-source';

export const ESTIMATE_VIEW_TYPE = 'iobench.estimate';
const REFRESH_MS = 400;

export class EstimateView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private uri: vscode.Uri | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private source: EstimateSource | undefined;
  private readonly subs: vscode.Disposable[] = [
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (!this.panel || !this.source || e.document.uri.toString() !== this.uri?.toString()) return;
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.refresh(), REFRESH_MS);
    }),
  ];

  constructor(private readonly extensionUri: vscode.Uri) {}

  /** Where a refresh after an edit gets its figures. */
  follow(source: EstimateSource): void {
    this.source = source;
  }

  show(uri: vscode.Uri, estimate: EstimateJson): void {
    const name = uri.path.split('/').pop() ?? uri.toString();
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(
        ESTIMATE_VIEW_TYPE,
        `Estimate: ${name}`,
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: false, enableFindWidget: true, localResourceRoots: [] },
      );
      this.panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.png');
      this.panel.onDidDispose(() => {
        this.panel = undefined;
        this.uri = undefined;
      });
    }
    this.uri = uri;
    this.render(estimate);
    this.panel.reveal(undefined, true);
  }

  private render(estimate: EstimateJson): void {
    if (!this.panel || !this.uri) return;
    const name = this.uri.path.split('/').pop() ?? this.uri.toString();
    this.panel.title = `Estimate: ${name}`;
    this.panel.webview.html = estimateHtml(estimate, name, this.panel.webview.cspSource);
  }

  private async refresh(): Promise<void> {
    if (!this.uri || !this.source) return;
    const uri = this.uri;
    const answer = await this.source.get(uri);
    if (answer.ok && answer.estimate && this.uri?.toString() === uri.toString()) this.render(answer.estimate);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.panel?.dispose();
    for (const s of this.subs) s.dispose();
  }
}
