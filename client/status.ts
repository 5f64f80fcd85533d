// The language status item for the active config: `537 TB · 64M files · 4 agents`, the schema state, and a
// link to Show Estimate. Also maintains the `iobench.isConfig` context key for menus.
import * as vscode from 'vscode';
import { isConfigDocument } from './detection';
import type { EstimateSource } from './estimate-source';
import { statusDetail, statusText } from './estimate-format';
import { COMMANDS } from './protocol';
import type { ServerState } from './server-state';

const DEBOUNCE_MS = 300;

export class EstimateStatus implements vscode.Disposable {
  private item: vscode.LanguageStatusItem | undefined;
  private readonly subs: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;

  constructor(
    private readonly source: EstimateSource,
    private readonly state: ServerState,
  ) {
    this.subs.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule(0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === vscode.window.activeTextEditor?.document) this.schedule(DEBOUNCE_MS);
      }),
      vscode.languages.onDidChangeDiagnostics((e) => {
        const doc = vscode.window.activeTextEditor?.document;
        if (doc && e.uris.some((u) => u.toString() === doc.uri.toString())) this.schedule(DEBOUNCE_MS);
      }),
      state.onDidChange(() => this.schedule(0)),
    );
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), ms);
  }

  private ensureItem(): vscode.LanguageStatusItem {
    if (!this.item) {
      this.item = vscode.languages.createLanguageStatusItem('iobench.estimate', { language: 'yaml' });
      this.item.name = 'iobench estimate';
    }
    return this.item;
  }

  async update(): Promise<void> {
    const gen = ++this.generation;
    const doc = vscode.window.activeTextEditor?.document;
    const isConfig = isConfigDocument(doc);
    void vscode.commands.executeCommand('setContext', 'iobench.isConfig', isConfig);
    if (!doc || !isConfig) {
      this.item?.dispose();
      this.item = undefined;
      return;
    }
    const item = this.ensureItem();
    const why = this.state.whyNotReady();
    if (why) {
      item.busy = this.state.phase === 'starting';
      item.text =
        this.state.phase === 'starting'
          ? 'iobench: starting…'
          : this.state.phase === 'failed'
            ? 'iobench: server failed'
            : 'iobench: stopped';
      item.detail = why;
      item.severity =
        this.state.phase === 'failed'
          ? vscode.LanguageStatusSeverity.Error
          : vscode.LanguageStatusSeverity.Information;
      item.command = { title: 'Show Output', command: 'iobench.showOutput' };
      return;
    }
    item.busy = true;
    const answer = await this.source.get(doc.uri);
    if (gen !== this.generation) return;
    item.busy = false;
    const errors = vscode.languages
      .getDiagnostics(doc.uri)
      .filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
    const schema = errors ? `schema: ${errors} error${errors === 1 ? '' : 's'}` : 'schema ✓';
    item.severity = errors
      ? vscode.LanguageStatusSeverity.Warning
      : vscode.LanguageStatusSeverity.Information;
    if (!answer.ok) {
      item.text = 'iobench: no estimate';
      item.detail = answer.reason;
    } else if (!answer.estimate) {
      item.text = 'iobench: no estimate';
      item.detail = `${schema} · no directory_structure to estimate`;
    } else {
      item.text = statusText(answer.estimate);
      item.detail = `${schema} · ${statusDetail(answer.estimate)}`;
    }
    item.command = { title: 'Show Estimate', command: COMMANDS.showEstimate, arguments: [doc.uri] };
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.item?.dispose();
    for (const s of this.subs) s.dispose();
  }
}
