// iobench.validateWorkspace: every config in the workspace, validated with core, results in Problems.
// Open documents are left to the language server (it already publishes their diagnostics).
import * as vscode from 'vscode';
import { loadConfig, type ConfigDiagnostic } from '../../core/config';
import { isIobenchConfig } from '../../core/detect';
import { readSettings } from '../settings';
import type { CommandContext } from './context';

const SEVERITY: Record<ConfigDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

const MAX_FILES = 5000;

export function toVscodeDiagnostic(d: ConfigDiagnostic): vscode.Diagnostic {
  const r = d.range;
  const diag = new vscode.Diagnostic(
    new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character),
    d.message,
    SEVERITY[d.severity],
  );
  diag.source = 'iobench';
  diag.code = d.code;
  return diag;
}

export class WorkspaceValidator implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('iobench-workspace');
  private readonly subs = [
    // Once a file is open the server owns its diagnostics: drop ours to avoid duplicates.
    vscode.workspace.onDidOpenTextDocument((d) => this.collection.delete(d.uri)),
  ];

  run(ctx: CommandContext): Thenable<void> {
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'iobench: validating the workspace' },
      () => this.validate(ctx),
    );
  }

  private async validate(ctx: CommandContext): Promise<void> {
    // Every YAML file, kept when it is ours by the server's rule (globs or content: core/detect.ts).
    const candidates = await vscode.workspace.findFiles(
      '**/*.{yaml,yml}',
      '**/{node_modules,.git}/**',
      MAX_FILES,
    );
    const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
    const uris: vscode.Uri[] = [];
    let errors = 0;
    let warnings = 0;
    this.collection.clear();
    for (const uri of candidates) {
      const isOpen = open.has(uri.toString());
      let diags: ConfigDiagnostic[];
      try {
        const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
        if (!isIobenchConfig(uri.toString(), text, readSettings(uri).files)) continue;
        uris.push(uri);
        diags = loadConfig(text).diagnostics;
      } catch (e) {
        ctx.log.warn(`validate: cannot read ${uri.fsPath}: ${String(e)}`);
        continue;
      }
      errors += diags.filter((d) => d.severity === 'error').length;
      warnings += diags.filter((d) => d.severity === 'warning').length;
      if (!isOpen) this.collection.set(uri, diags.map(toVscodeDiagnostic));
    }
    ctx.log.info(`validate: ${uris.length} config(s), ${errors} error(s), ${warnings} warning(s)`);
    const summary = `iobench: validated ${uris.length} config${uris.length === 1 ? '' : 's'}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}.`;
    if (errors || warnings) void vscode.commands.executeCommand('workbench.actions.view.problems');
    void vscode.window.showInformationMessage(summary);
  }

  dispose(): void {
    this.collection.dispose();
    for (const s of this.subs) s.dispose();
  }
}
