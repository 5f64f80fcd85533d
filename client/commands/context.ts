// What every command needs from the extension, injected (no globals).
import type * as vscode from 'vscode';
import type { EstimateSource } from '../estimate-source';
import type { EstimateView } from '../estimate-view';
import type { ServerState } from '../server-state';

export interface CommandContext {
  log: vscode.LogOutputChannel;
  state: ServerState;
  estimates: EstimateSource;
  view: EstimateView;
  restartServer: () => Promise<void>;
}
