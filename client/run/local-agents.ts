// Start/Stop Local Agents: N agents on 127.0.0.1 started from the editor (the packaged CLI under the extension
// host's Node) that stay up until stopped or the window closes — for pre-flight and runs against
// `distributed.agents` entries pointing at them, or to try a config by hand. Runs from the editor that name no
// agents start their own local agents and do not need these.
import * as vscode from 'vscode';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalAgents, stopLocalAgents, type LocalAgent } from '../../controller/local-agents';
import { hostNode } from './start-run';
import { resolveSettingPath } from './run-settings';
import { readRunSettings } from './vscode-settings';

export class LocalAgents implements vscode.Disposable {
  private agents: LocalAgent[] = [];
  private tempRoot: string | undefined;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly cliPath: string,
  ) {}

  get running(): readonly LocalAgent[] {
    return this.agents;
  }

  async start(scope: vscode.Uri | undefined): Promise<void> {
    if (this.agents.length) {
      void vscode.window.showInformationMessage(
        `iobench: ${this.agents.length} local agents are already running: ${this.agents.map((a) => a.address).join(', ')}`,
      );
      return;
    }
    const folder = scope
      ? vscode.workspace.getWorkspaceFolder(scope)
      : vscode.workspace.workspaceFolders?.[0];
    const s = readRunSettings(folder?.uri ?? scope ?? vscode.Uri.file(tmpdir()));
    const root = s.root
      ? resolveSettingPath(s.root, folder?.uri.fsPath ?? tmpdir())
      : (this.tempRoot = mkdtempSync(join(tmpdir(), 'iobench-agents-')));
    const node = hostNode();
    this.agents = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `iobench: starting ${s.localAgents} local agents…`,
      },
      () => startLocalAgents(s.localAgents, { root, command: [node.command, this.cliPath], env: node.env }),
    );
    const list = this.agents.map((a) => a.address).join(', ');
    this.log.info(`local agents running: ${list} · root ${root}`);
    const copy = 'Copy as distributed.agents';
    const pick = await vscode.window.showInformationMessage(
      `iobench: local agents running on ${list}.`,
      copy,
    );
    if (pick === copy)
      await vscode.env.clipboard.writeText(
        `distributed:\n  agents:\n${this.agents.map((a) => `    - address: "${a.address}"`).join('\n')}\n`,
      );
  }

  async stop(): Promise<void> {
    if (!this.agents.length) {
      void vscode.window.showInformationMessage('iobench: no local agents are running.');
      return;
    }
    const n = this.agents.length;
    await this.release();
    this.log.info(`stopped ${n} local agents`);
    void vscode.window.showInformationMessage(`iobench: stopped ${n} local agents.`);
  }

  private async release(): Promise<void> {
    const agents = this.agents;
    this.agents = [];
    await stopLocalAgents(agents);
    if (this.tempRoot) rmSync(this.tempRoot, { recursive: true, force: true });
    this.tempRoot = undefined;
  }

  dispose(): void {
    void this.release();
  }
}
