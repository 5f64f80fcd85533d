// The status bar while a run is live: `$(sync~spin) iobench SIMPLE · prepare 42% · 1.2 GiB/s` (click → the
// output) and an Abort item next to it. When the run ends the outcome stays for a short while, then both go.
import * as vscode from 'vscode';
import { statusText, statusTooltip, type StatusView } from './format-status';
import { RUN_COMMANDS } from './command-table';

const OUTCOME_MS = 120_000;

export class RunStatusBar implements vscode.Disposable {
  private readonly main = vscode.window.createStatusBarItem(
    'iobench.run',
    vscode.StatusBarAlignment.Left,
    50,
  );
  private readonly abort = vscode.window.createStatusBarItem(
    'iobench.run.abort',
    vscode.StatusBarAlignment.Left,
    49,
  );
  private hideTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    this.main.name = 'iobench run';
    this.main.command = RUN_COMMANDS.showOutput.id;
    this.abort.name = 'iobench abort';
    this.abort.text = '$(debug-stop) Abort';
    this.abort.tooltip = 'Abort the iobench run: every agent stops cleanly';
    this.abort.command = RUN_COMMANDS.abort.id;
  }

  show(v: StatusView): void {
    if (this.hideTimer) clearTimeout(this.hideTimer);
    this.hideTimer = undefined;
    this.main.text = statusText(v);
    const tip = new vscode.MarkdownString(
      `${statusTooltip(v)
        .split('\n')
        .map((l) => l.replace(/[\\`*_[\]<>]/g, '\\$&'))
        .join('  \n')}`,
    );
    tip.isTrusted = {
      enabledCommands: [RUN_COMMANDS.abort.id, RUN_COMMANDS.showOutput.id, RUN_COMMANDS.openResults.id],
    };
    const live = v.phase !== 'finished';
    tip.appendMarkdown(
      live
        ? `\n\n[$(debug-stop) Abort](command:${RUN_COMMANDS.abort.id}) · [Show Output](command:${RUN_COMMANDS.showOutput.id})`
        : `\n\n[Open Results](command:${RUN_COMMANDS.openResults.id}) · [Show Output](command:${RUN_COMMANDS.showOutput.id})`,
    );
    tip.supportThemeIcons = true;
    this.main.tooltip = tip;
    this.main.backgroundColor =
      v.phase === 'finished' && !v.outcome?.ok
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : undefined;
    this.main.show();
    void vscode.commands.executeCommand('setContext', 'iobench.runLive', live);
    if (live) this.abort.show();
    else {
      this.abort.hide();
      this.hideTimer = setTimeout(() => this.main.hide(), OUTCOME_MS);
    }
  }

  hide(): void {
    this.main.hide();
    this.abort.hide();
    void vscode.commands.executeCommand('setContext', 'iobench.runLive', false);
  }

  dispose(): void {
    if (this.hideTimer) clearTimeout(this.hideTimer);
    this.main.dispose();
    this.abort.dispose();
  }
}
