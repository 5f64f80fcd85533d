// Binds the run half's command table (command-table.ts) to handlers. Every command is registered at activation;
// in Restricted Mode the ones that start work explain why they are disabled instead of running.
import * as vscode from 'vscode';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runStatus } from '../../controller/detach';
import { runArgs, uriArg } from '../commands/args';
import { noTarget, targetUri } from '../commands/target';
import { RUN_COMMANDS, refusal, type RunCommandKey, type RunCommandSpec } from './command-table';
import type { LocalAgents } from './local-agents';
import { runPreflight, type PreflightDeps } from './preflight';
import type { RunManager } from './run-manager';
import { resultsBase } from './run-settings';
import { startRun, type StartDeps } from './start-run';
import { readRunSettings } from './vscode-settings';

export interface RunCommandDeps extends StartDeps, PreflightDeps {
  manager: RunManager;
  agents: LocalAgents;
}

async function explainRefusal(spec: RunCommandSpec): Promise<boolean> {
  const why = refusal(spec, vscode.workspace.isTrusted);
  if (!why) return false;
  const pick = await vscode.window.showInformationMessage(why, 'Manage Workspace Trust');
  if (pick) void vscode.commands.executeCommand('workbench.trust.manage');
  return true;
}

/** A folder argument (path string or file URI), for Attach / Open Results called with one. */
function folderArg(arg: unknown): string | undefined {
  if (typeof arg === 'string' && arg.startsWith('/')) return arg;
  const u = uriArg(arg);
  return u ? vscode.Uri.parse(u).fsPath : undefined;
}

/** Run folders under every workspace folder's results base, newest first. */
function knownRunFolders(): { dir: string; when: number }[] {
  const out: { dir: string; when: number }[] = [];
  for (const f of vscode.workspace.workspaceFolders ?? []) {
    const base = resultsBase(readRunSettings(f.uri), f.uri.fsPath);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base)) {
      const dir = join(base, name);
      const events = join(dir, 'events.ndjson');
      const detach = join(dir, 'detach.json');
      const marker = existsSync(events) ? events : existsSync(detach) ? detach : undefined;
      if (marker) out.push({ dir, when: statSync(marker).mtimeMs });
    }
  }
  return out.sort((a, b) => b.when - a.when);
}

async function pickRunFolder(title: string): Promise<string | undefined> {
  const items = knownRunFolders().map(({ dir, when }) => {
    const st = runStatus(dir);
    const state = st.alive ? 'running' : st.finished ? (st.ok ? 'finished ✓' : 'failed') : 'ended';
    return {
      label: dir.split('/').pop() ?? dir,
      description: state,
      detail: `${dir} · ${new Date(when).toLocaleString()}`,
      dir,
    };
  });
  const browse = { label: '$(folder) Browse…', description: '', detail: 'any run folder', dir: '' };
  const pick = await vscode.window.showQuickPick([...items, browse], { title, matchOnDetail: true });
  if (!pick) return undefined;
  if (pick.dir) return pick.dir;
  const chosen = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, title });
  return chosen?.[0]?.fsPath;
}

async function openResults(deps: RunCommandDeps, arg: unknown): Promise<void> {
  const dir = folderArg(arg) ?? deps.manager.lastResults();
  if (!dir || !existsSync(dir)) {
    void vscode.window.showInformationMessage(
      'iobench: no results yet — run a config first (CodeLens `Run SIMPLE`).',
    );
    return;
  }
  const summary = [
    'summary.json',
    ...(existsSync(dir)
      ? readdirSync(dir)
          .sort()
          .reverse()
          .map((d) => join(d, 'summary.json'))
      : []),
  ]
    .map((f) => join(dir, f))
    .find((f) => existsSync(f));
  if (summary) await vscode.window.showTextDocument(vscode.Uri.file(summary), { preview: false });
  await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(dir));
  deps.log.info(`results: ${dir}`);
}

export function registerRunCommands(deps: RunCommandDeps): vscode.Disposable[] {
  const handlers: Record<RunCommandKey, (...args: unknown[]) => Promise<unknown> | unknown> = {
    preflight: async (arg) => {
      const uri = targetUri(arg);
      return uri ? runPreflight(deps, uri) : noTarget('Pre-flight');
    },
    run: async (...args) => {
      const { uri, step } = runArgs(args);
      const target = uri ? vscode.Uri.parse(uri) : vscode.window.activeTextEditor?.document.uri;
      if (!target) return noTarget('Run');
      let s = step;
      if (!s) {
        const pick = await vscode.window.showQuickPick(['simple', 'medium', 'full'], {
          title: 'iobench: run which ladder step?',
        });
        if (!pick) return undefined;
        s = pick as typeof step;
      }
      return startRun(deps, target, { step: s });
    },
    runLadder: async (arg) => {
      const uri = targetUri(arg);
      return uri ? startRun(deps, uri, { ladder: true }) : noTarget('Run Ladder');
    },
    abort: () => deps.manager.abort(),
    attach: async (arg) => {
      const dir = folderArg(arg) ?? (await pickRunFolder('iobench: attach to which run?'));
      if (dir) await deps.manager.attach(dir);
    },
    openResults: (arg) => openResults(deps, arg),
    startLocalAgents: (arg) => deps.agents.start(targetUri(arg)),
    stopLocalAgents: () => deps.agents.stop(),
    showOutput: () => deps.log.show(true),
  };
  return (Object.keys(RUN_COMMANDS) as RunCommandKey[]).map((key) => {
    const spec = RUN_COMMANDS[key];
    return vscode.commands.registerCommand(spec.id, async (...args: unknown[]) => {
      try {
        if (await explainRefusal(spec)) return undefined;
        return await handlers[key](...args);
      } catch (e) {
        deps.log.error(`${spec.id} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        void vscode.window.showErrorMessage(
          `iobench: ${spec.title}: ${e instanceof Error ? e.message : String(e)}`,
        );
        return undefined;
      }
    });
  });
}
