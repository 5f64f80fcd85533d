// The run half's activation: status bar, local agents, runs (detached, followed, re-attached after a reload),
// pre-flight diagnostics, measured rates for the estimates, and every run command from command-table.ts.
import * as vscode from 'vscode';
import { registerRunCommands } from './commands';
import { LocalAgents } from './local-agents';
import { MeasuredRates } from './measured-rates';
import { RunManager } from './run-manager';
import { RunStatusBar } from './run-status';
import { startRun } from './start-run';

export interface RunHalf {
  manager: RunManager;
  measured: MeasuredRates;
  disposables: vscode.Disposable[];
}

export function activateRuns(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  /** tell the language server to pull its settings again (the measured rates changed) */
  ratesChanged: () => void,
): RunHalf {
  const cliPath = context.asAbsolutePath('dist/cli.js');
  const diagnostics = vscode.languages.createDiagnosticCollection('iobench-preflight');
  const measured = new MeasuredRates(context.workspaceState, ratesChanged);
  const status = new RunStatusBar();
  const agents = new LocalAgents(log, cliPath);
  const onRates = (a: Parameters<MeasuredRates['update']>[0]) => {
    void measured
      .update(a)
      .then(() => log.debug(`measured rates for estimates: ${JSON.stringify(measured.get())}`));
  };
  const manager: RunManager = new RunManager({
    log,
    memento: context.workspaceState,
    status,
    onRates,
    runNext: async (file, step) => {
      await startRun({ log, cliPath, manager }, vscode.Uri.file(file), { step });
    },
  });
  const disposables: vscode.Disposable[] = [
    diagnostics,
    status,
    agents,
    manager,
    ...registerRunCommands({ log, cliPath, manager, agents, diagnostics, onRates }),
    // Pre-flight findings describe the text they were made for: an edit makes them stale.
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length && diagnostics.has(e.document.uri)) diagnostics.delete(e.document.uri);
    }),
  ];
  void manager.resume().catch((e: unknown) => log.error(`re-attaching to runs: ${String(e)}`));
  return { manager, measured, disposables };
}
