// Activation: output channel, commands (always present), the language client over IPC, the language status,
// and the run half (client/run/: runs, pre-flight, status bar, re-attach after a reload).
import * as vscode from 'vscode';
import { DidChangeConfigurationNotification, State, type LanguageClient } from 'vscode-languageclient/node';
import { registerCommands } from './commands';
import { EstimateSource } from './estimate-source';
import { EstimateView } from './estimate-view';
import { createLanguageClient } from './language-client';
import { activateRuns } from './run';
import { ServerState } from './server-state';
import { watchSettings } from './settings';
import { EstimateStatus } from './status';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const t0 = Date.now();
  const log = vscode.window.createOutputChannel('iobench', { log: true });
  const trace = vscode.window.createOutputChannel('iobench LSP Trace', { log: true });
  const state = new ServerState();
  const estimates = new EstimateSource(() => client, state);
  const view = new EstimateView(context.extensionUri);
  view.follow(estimates);
  const runs = activateRuns(context, log, () => {
    void client
      ?.sendNotification(DidChangeConfigurationNotification.type, { settings: null })
      .catch(() => undefined);
  });

  const start = async (): Promise<void> => {
    client = createLanguageClient(context, log, trace, () => runs.measured.get());
    const mine = client;
    mine.onDidChangeState((e) => {
      log.debug(`language client state ${State[e.oldState]} → ${State[e.newState]}`);
      if (client !== mine) return; // a restart replaced it
      // After start-up: the client restarts a crashed server by itself, and gives up after five crashes.
      if (e.newState === State.Running) state.set('running');
      else if (e.newState === State.Stopped && state.phase === 'running')
        state.set('failed', 'the server stopped');
    });
    state.set('starting');
    try {
      await client.start();
      state.set('running');
      log.info(`language server running (${Date.now() - t0} ms after activation)`);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      state.set('failed', msg);
      log.error(`language server failed to start: ${msg}`);
    }
  };
  const restartServer = async (): Promise<void> => {
    const old = client;
    client = undefined;
    state.set('stopped');
    if (old) await old.stop().catch((e: unknown) => log.warn(`stopping the server: ${String(e)}`));
    log.info('restarting the language server');
    await start();
  };

  context.subscriptions.push(
    log,
    trace,
    state,
    view,
    ...registerCommands({ log, state, estimates, view, restartServer }),
    ...runs.disposables,
    new EstimateStatus(estimates, state),
    watchSettings(
      () => log.debug('iobench settings changed'),
      (keys) => {
        void vscode.window
          .showInformationMessage(
            `The iobench language server reads ${keys.map((k) => `iobench.${k}`).join(', ')} at start-up. Restart it now?`,
            'Restart',
          )
          .then((pick) => (pick === 'Restart' ? restartServer() : undefined));
      },
    ),
    { dispose: () => void client?.stop() },
  );
  log.info(`iobench studio ${context.extension.packageJSON.version as string} activating`);
  // Don't hold activation on the server: commands and status explain "starting" meanwhile.
  void start();
  log.info(`activated in ${Date.now() - t0} ms`);
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) await c.stop();
}
