// Starting a run from the editor (CodeLens `Run SIMPLE`, palette, ladder offer): save the config, check it,
// decide the agents (the config's, or `iobench.run.localAgents` local ones), ask only above the large-run
// threshold, then start the controller detached under the extension host's Node (ELECTRON_RUN_AS_NODE=1 with
// the packaged dist/cli.js) and hand the folder to the RunManager.
import * as vscode from 'vscode';
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { detachedArgs, startDetached } from '../../controller/detach';
import { estimateConfig, isLargeRun, ladderSteps } from '../../controller/run-session';
import { loadConfig } from '../../core/config';
import { formatBytes, formatCount, formatSeconds } from '../../core/units';
import type { RunStep } from '../protocol';
import type { RunManager } from './run-manager';
import { namesAgents, resolveSettingPath, resultsBase, runFolderName } from './run-settings';
import { readRunSettings } from './vscode-settings';

export interface StartDeps {
  log: vscode.LogOutputChannel;
  /** the packaged `dist/cli.js` */
  cliPath: string;
  manager: RunManager;
}

/** The Node that runs the CLI: the extension host's own binary, told to behave as plain Node. */
export function hostNode(): { command: string; env: NodeJS.ProcessEnv } {
  return { command: process.execPath, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } };
}

export async function startRun(
  deps: StartDeps,
  uri: vscode.Uri,
  what: { step?: RunStep; ladder?: boolean },
): Promise<boolean> {
  const label = what.ladder ? 'Run Ladder' : `Run ${what.step ? what.step.toUpperCase() : ''}`.trim();
  if (uri.scheme !== 'file') {
    void vscode.window.showInformationMessage(`iobench: ${label}: save the config to a file first.`);
    return false;
  }
  const live = deps.manager.live;
  if (live) {
    const pick = await vscode.window.showInformationMessage(
      `iobench: the ${live.what} run in ${live.dir} is still going. One run at a time: abort it first, or wait.`,
      'Abort It',
      'Show Output',
    );
    if (pick === 'Abort It') await deps.manager.abort();
    if (pick === 'Show Output') deps.log.show(true);
    return false;
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  if (doc.isDirty && !(await doc.save())) {
    void vscode.window.showErrorMessage(`iobench: ${label}: could not save ${basename(uri.fsPath)}.`);
    return false;
  }
  const text = doc.getText();
  const loaded = loadConfig(text);
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length || !loaded.model) {
    const first = errors[0];
    const pick = await vscode.window.showErrorMessage(
      `iobench: ${label}: the config has ${errors.length || 'an'} error${errors.length === 1 ? '' : 's'}${first ? ` (line ${first.range.start.line + 1}: ${first.message})` : ''}; fix ${errors.length === 1 ? 'it' : 'them'} first.`,
      'Show Problems',
    );
    if (pick) void vscode.commands.executeCommand('workbench.actions.view.problems');
    return false;
  }

  const settings = readRunSettings(uri);
  const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? dirname(uri.fsPath);
  const local = namesAgents(loaded.value) ? undefined : settings.localAgents;
  let root: string | undefined;
  if (settings.root) {
    root = resolveSettingPath(settings.root, folder);
    if (!existsSync(root) || !statSync(root).isDirectory()) {
      const pick = await vscode.window.showErrorMessage(
        `iobench: iobench.run.root is ${root}, which is not a folder. Create it, or clear the setting to use a temporary folder per run.`,
        'Open Settings',
      );
      if (pick) void vscode.commands.executeCommand('workbench.action.openSettings', 'iobench.run.root');
      return false;
    }
  }

  // Ask only above the CLI's large-run threshold, with the figures of the biggest step this starts.
  // FULL of a config without a tree (no ladder) is the config itself: run it without --step.
  let step = what.step;
  let steps = ladderSteps(text, what.ladder ? { ladder: true } : step ? { step } : {});
  if (!steps.ok && step === 'full') {
    step = undefined;
    steps = ladderSteps(text, {});
  }
  if (!steps.ok) {
    void vscode.window.showErrorMessage(`iobench: ${label}: ${steps.error}`);
    return false;
  }
  const biggest = steps.run[steps.run.length - 1];
  const figures = estimateConfig(basename(uri.fsPath), uri.fsPath, biggest.text, {
    ...(local ? { local } : {}),
    ...(root ? { root } : {}),
    ...(biggest.name ? { step: biggest.name } : {}),
  });
  if (!figures.ok) {
    void vscode.window.showErrorMessage(`iobench: ${label}: ${figures.errors.join('; ')}`);
    return false;
  }
  const ev = figures.value.event;
  if (isLargeRun(ev)) {
    const go = 'Start the Run';
    const pick = await vscode.window.showWarningMessage(
      `This run creates ${formatCount(ev.files)} files · ${formatCount(ev.dirs)} dirs · ${formatBytes(ev.bytes)} · tree ≈ ${formatSeconds(ev.treeSeconds)} · prepare ≈ ${formatSeconds(ev.prepareSeconds)}${local ? ` on ${local} local agents` : ''}. Start it?`,
      { modal: true, detail: 'It keeps running when you close the window; Abort stops it.' },
      go,
    );
    if (pick !== go) return false;
  }

  const what2 = what.ladder ? 'LADDER' : (step ?? 'full').toUpperCase();
  const resultsDir = join(resultsBase(settings, folder), runFolderName(uri.fsPath, what2, new Date()));
  const node = hostNode();
  const args = [
    deps.cliPath,
    ...detachedArgs(
      uri.fsPath,
      {
        ...(what.ladder ? { ladder: true } : step ? { step } : {}),
        ...(local ? { local: String(local) } : {}),
        ...(root ? { root } : {}),
      },
      resultsDir,
    ),
  ];
  deps.log.info(
    `starting ${what2} of ${uri.fsPath}${local ? ` on ${local} local agents` : ''} (${ev.files.toLocaleString('en-US')} files, ${formatBytes(ev.bytes)})`,
  );
  const r = startDetached({
    command: node.command,
    args,
    env: node.env,
    resultsDir,
    cwd: folder,
    file: uri.fsPath,
  });
  deps.log.debug(`detached controller pid ${r.pid}: ${node.command} ${args.join(' ')}`);
  await deps.manager.started({ dir: r.resultsDir, file: uri.fsPath, what: what2, startedAt: Date.now() });
  return true;
}
