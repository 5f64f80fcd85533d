// Asks the language server for a document's estimate (`iobench/estimate`).
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { REQUESTS, type EstimateParams, type EstimateResult } from './protocol';
import type { ServerState } from './server-state';

export type EstimateAnswer = { ok: true; estimate: EstimateResult } | { ok: false; reason: string };

export class EstimateSource {
  constructor(
    private readonly client: () => LanguageClient | undefined,
    private readonly state: ServerState,
  ) {}

  async get(uri: vscode.Uri, token?: vscode.CancellationToken): Promise<EstimateAnswer> {
    const why = this.state.whyNotReady();
    const client = this.client();
    if (why || !client) return { ok: false, reason: why ?? 'The iobench language server is not running.' };
    try {
      const params: EstimateParams = { uri: client.code2ProtocolConverter.asUri(uri) };
      const estimate = await client.sendRequest<EstimateResult>(REQUESTS.estimate, params, token);
      return { ok: true, estimate: estimate ?? null };
    } catch (e) {
      return {
        ok: false,
        reason: `The estimate request failed: ${e instanceof Error ? e.message : String(e)}`,
      };
    }
  }
}
