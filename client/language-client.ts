// The LanguageClient over IPC to the bundled dist/server.js, with settings passed both at start-up
// (initializationOptions) and on request (workspace/configuration).
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { SECTION, toServerSettings } from './settings-map';
import { readSettings } from './settings';
import type { RateModel } from '../core/estimate';
import { overlayRates } from './run/measured-rates';

export const CLIENT_ID = 'iobench';
export const CLIENT_NAME = 'iobench language server';

export function createLanguageClient(
  context: vscode.ExtensionContext,
  outputChannel: vscode.LogOutputChannel,
  traceOutputChannel: vscode.LogOutputChannel,
  /** rates measured by pre-flight and runs; a rate set in the settings wins */
  measuredRates: () => Partial<RateModel> = () => ({}),
): LanguageClient {
  const serverSettings = (scope?: vscode.Uri) => {
    const s = toServerSettings(readSettings(scope));
    return { ...s, rates: overlayRates(s.rates, measuredRates()) };
  };
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Every YAML file goes to the server; it decides with core/detect.ts whether a file is an iobench config.
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    outputChannel,
    traceOutputChannel,
    initializationOptions: { settings: serverSettings() },
    synchronize: { configurationSection: SECTION },
    middleware: {
      workspace: {
        // Answer `workspace/configuration` for our section with the typed, cleaned-up settings.
        configuration: async (params, token, next) => {
          const raw = await next(params, token);
          if (!Array.isArray(raw)) return raw;
          return params.items.map((item, i) => {
            if (item.section !== SECTION) return raw[i];
            const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
            return serverSettings(scope);
          });
        },
      },
    },
  };
  return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
}
