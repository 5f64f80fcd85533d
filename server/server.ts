// The language server: wires the LSP connection to one module per feature. Host-neutral: main.ts (IPC, from
// VS Code) and `iobench lsp --stdio` create the connection and a Runtime and call startServer.
import {
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'node:url';
import { REQUESTS, SETTINGS_SECTION, type EstimateParams, type ServerSettings } from '../core/lsp-contract';
import { AnalysisCache } from './analysis';
import { MeasuredRates } from './measured';
import { parseSettings, cloneDefaults } from './settings';
import type { Runtime } from './runtime';
import { registerDiagnostics, type DiagnosticsFeature } from './features/diagnostics';
import { inlayHints } from './features/inlay-hints';
import { hover } from './features/hover';
import { codeLenses } from './features/code-lens';
import { completion } from './features/completion';
import { codeActions } from './features/code-actions';
import { documentSymbols } from './features/symbols';
import { foldingRanges } from './features/folding';
import { estimateRequest } from './features/estimate-request';

export const SERVER_NAME = 'iobench-language-server';

export function startServer(connection: Connection, runtime: Runtime): void {
  const documents = new TextDocuments(TextDocument);
  let settings: ServerSettings = parseSettings(runtime.settings ?? {}, cloneDefaults());
  // Settings declared `resource` may differ per workspace folder: each open document gets its own copy, pulled
  // with its scopeUri; until that answer arrives (or without workspace/configuration) the global copy applies.
  const scoped = new Map<string, ServerSettings>();
  const settingsFor = (uri: string): ServerSettings => scoped.get(uri) ?? settings;
  const measured = new MeasuredRates();
  const cache = new AnalysisCache(settingsFor, (m) => measured.timeModelFor(m));
  let canPullConfig = false;
  let canRefreshHints = false;
  let canRefreshLenses = false;
  let diagnostics: DiagnosticsFeature | undefined;

  /** Run a handler; an exception becomes `fallback` and a log line, never a crashed server. */
  const safe =
    <P, R>(name: string, fallback: R, fn: (p: P, token: CancellationToken) => R) =>
    (p: P, token: CancellationToken): R => {
      if (token?.isCancellationRequested) return fallback;
      try {
        return fn(p, token);
      } catch (e) {
        connection.console.error(`${name} failed: ${(e as Error)?.stack ?? String(e)}`);
        return fallback;
      }
    };
  const analysisOf = (uri: string) => {
    const doc = documents.get(uri);
    return doc ? cache.get(doc) : undefined;
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    canPullConfig = !!caps.workspace?.configuration;
    canRefreshHints = !!caps.workspace?.inlayHint?.refreshSupport;
    canRefreshLenses = !!caps.workspace?.codeLens?.refreshSupport;
    // the calibration history of each workspace folder's results root (what runs measured)
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    measured.setRoots(folders.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u)));
    const init = params.initializationOptions as { settings?: unknown } | undefined;
    if (init) settings = parseSettings(init.settings ?? init, settings);
    const pull = !!caps.textDocument?.diagnostic;
    diagnostics = registerDiagnostics(connection, documents, cache, runtime, settingsFor, pull);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        ...(pull
          ? { diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false } }
          : {}),
        hoverProvider: true,
        completionProvider: { triggerCharacters: [':', ' ', '-'], resolveProvider: false },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        codeLensProvider: { resolveProvider: false },
        inlayHintProvider: { resolveProvider: false },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
      },
      serverInfo: { name: SERVER_NAME, version: '0.1.0' },
    };
  });

  /** The global copy and one per open document, in one workspace/configuration request. */
  const pullSettings = async (uris: string[] = documents.keys()) => {
    if (!canPullConfig) return;
    try {
      const answers = (await connection.workspace.getConfiguration([
        { section: SETTINGS_SECTION },
        ...uris.map((scopeUri) => ({ scopeUri, section: SETTINGS_SECTION })),
      ])) as unknown[];
      const [raw, ...perDoc] = answers;
      if (raw && typeof raw === 'object') settings = parseSettings(raw, cloneDefaults());
      uris.forEach((uri, i) => {
        const r = perDoc[i];
        if (r && typeof r === 'object') scoped.set(uri, parseSettings(r, cloneDefaults()));
      });
    } catch {
      /* the client could not answer: keep what we have */
    }
  };
  /** A document opened: pull its own settings; re-analyse it when they differ from what it was given. */
  const pullFor = async (uri: string) => {
    if (!canPullConfig) return;
    const before = JSON.stringify(settingsFor(uri));
    await pullSettings([uri]);
    if (JSON.stringify(settingsFor(uri)) === before || !documents.get(uri)) return;
    cache.drop(uri);
    diagnostics?.schedule(uri);
    if (canRefreshHints) void connection.languages.inlayHint.refresh().catch(() => undefined);
    if (canRefreshLenses) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  };
  const settingsChanged = () => {
    cache.clear();
    diagnostics?.revalidateAll();
    if (canRefreshHints) void connection.languages.inlayHint.refresh().catch(() => undefined);
    if (canRefreshLenses) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  };

  connection.onInitialized(async () => {
    if (!canPullConfig) return;
    const before = JSON.stringify(settings);
    await pullSettings();
    if (JSON.stringify(settings) !== before) settingsChanged();
  });
  connection.onDidChangeConfiguration(async (change) => {
    if (canPullConfig) {
      scoped.clear();
      await pullSettings();
    } else settings = parseSettings((change.settings as Record<string, unknown> | undefined) ?? {}, settings);
    settingsChanged();
  });

  documents.onDidOpen((e) => {
    diagnostics?.schedule(e.document.uri);
    void pullFor(e.document.uri);
  });
  documents.onDidChangeContent((e) => diagnostics?.schedule(e.document.uri));
  documents.onDidClose((e) => {
    cache.drop(e.document.uri);
    scoped.delete(e.document.uri);
    diagnostics?.closed(e.document.uri);
  });

  connection.onHover(
    safe('hover', null, (p) => {
      const a = analysisOf(p.textDocument.uri);
      return a ? hover(a, p.position, settingsFor(a.uri)) : null;
    }),
  );
  connection.onCompletion(
    safe('completion', [], (p) => {
      const a = analysisOf(p.textDocument.uri);
      return a ? completion(a, p.position, settingsFor(a.uri)) : [];
    }),
  );
  connection.onCodeAction(
    safe('codeAction', [], (p) => {
      const a = analysisOf(p.textDocument.uri);
      return a ? codeActions(a, p, settingsFor(a.uri)) : [];
    }),
  );
  connection.onCodeLens(
    safe('codeLens', [], (p) => {
      const a = analysisOf(p.textDocument.uri);
      return a ? codeLenses(a, settingsFor(a.uri)) : [];
    }),
  );
  connection.languages.inlayHint.on(
    safe('inlayHint', [], (p) => {
      const a = analysisOf(p.textDocument.uri);
      if (!a) return [];
      return inlayHints(a, settingsFor(a.uri)).filter(
        (h) => h.position.line >= p.range.start.line && h.position.line <= p.range.end.line,
      );
    }),
  );
  connection.onDocumentSymbol(
    safe('documentSymbol', [], (p) => {
      const a = analysisOf(p.textDocument.uri);
      return a ? documentSymbols(a) : [];
    }),
  );
  connection.onFoldingRanges(
    safe('foldingRange', [], (p) => {
      const a = analysisOf(p.textDocument.uri);
      return a ? foldingRanges(a) : [];
    }),
  );
  connection.onRequest(
    REQUESTS.estimate,
    safe('estimate', null, (p: EstimateParams) => estimateRequest(p?.uri ? analysisOf(p.uri) : undefined)),
  );
  connection.onShutdown(() => undefined);

  documents.listen(connection);
  connection.listen();
}
