// Diagnostics: core's ConfigDiagnostics as LSP diagnostics, pushed (debounced, never stale) or pulled
// (`textDocument/diagnostic`, cached per (uri, version)), with `# iobench-disable-next-line [code ...]`.
import {
  DiagnosticSeverity,
  DocumentDiagnosticReportKind,
  type Connection,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type TextDocuments,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ConfigDiagnostic } from '../../core/config';
import { DIAGNOSTIC_SOURCE, DISABLE_NEXT_LINE } from '../../core/lsp-contract';
import type { Analysis, AnalysisCache } from '../analysis';
import type { Disposable, Runtime } from '../runtime';
import type { ServerSettings } from '../../core/lsp-contract';

const SEVERITY: Record<ConfigDiagnostic['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Delay before validating the first change after a quiet spell (see schedule). */
export const QUIET_DELAY_MS = 5;

const SUPPRESS = new RegExp(`#\\s*${DISABLE_NEXT_LINE}\\b([^\\n]*)`);

/** Codes suppressed on line `line` by a comment on the line before; [] = all, undefined = none. */
function suppressedOn(lines: string[], line: number): string[] | undefined {
  const prev = line > 0 ? lines[line - 1] : undefined;
  if (prev === undefined) return undefined;
  const m = SUPPRESS.exec(prev);
  if (!m) return undefined;
  return m[1]
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function toLspDiagnostics(a: Analysis): Diagnostic[] {
  if (!a.ours) return [];
  if (a.tooBig)
    return [
      {
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: DiagnosticSeverity.Warning,
        code: 'limit',
        source: DIAGNOSTIC_SOURCE,
        message: `document too large to analyse (${a.doc.getText().length.toLocaleString('en-US')} characters)`,
      },
    ];
  const loaded = a.loaded();
  if (!loaded) return [];
  const text = loaded.text;
  let lines: string[] | undefined;
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of loaded.diagnostics) {
    const key = `${d.code}|${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}|${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (text.includes(DISABLE_NEXT_LINE)) {
      lines ??= text.split(/\r?\n/);
      const codes = suppressedOn(lines, d.range.start.line);
      if (codes && (codes.length === 0 || codes.includes(d.code))) continue;
    }
    const diag: Diagnostic = {
      range: d.range,
      severity: SEVERITY[d.severity] ?? DiagnosticSeverity.Error,
      code: d.code,
      source: DIAGNOSTIC_SOURCE,
      message: d.message,
    };
    if (d.data !== undefined) diag.data = d.data;
    out.push(diag);
  }
  return out;
}

export interface DiagnosticsFeature {
  /** push mode: a document opened or changed */
  schedule(uri: string): void;
  closed(uri: string): void;
  /** settings changed: re-validate every open document */
  revalidateAll(): void;
}

export function registerDiagnostics(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  cache: AnalysisCache,
  runtime: Runtime,
  settings: (uri: string) => ServerSettings,
  pull: boolean,
): DiagnosticsFeature {
  const compute = (doc: TextDocument) =>
    settings(doc.uri).diagnostics.enabled ? toLspDiagnostics(cache.get(doc)) : [];

  if (pull) {
    const last = new Map<string, { resultId: string; version: number }>();
    let generation = 0;
    connection.languages.diagnostics.on((params, token): DocumentDiagnosticReport => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc || token.isCancellationRequested)
        return { kind: DocumentDiagnosticReportKind.Full, items: [] };
      const resultId = `${doc.version}.${generation}`;
      const prev = last.get(doc.uri);
      if (prev && prev.resultId === resultId && params.previousResultId === resultId)
        return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
      const items = compute(doc);
      last.set(doc.uri, { resultId, version: doc.version });
      return { kind: DocumentDiagnosticReportKind.Full, resultId, items };
    });
    return {
      schedule: () => undefined,
      closed: (uri) => last.delete(uri),
      revalidateAll: () => {
        generation++;
        void connection.languages.diagnostics.refresh().catch(() => undefined);
      },
    };
  }

  const timers = new Map<string, Disposable>();
  const published = new Set<string>();
  const publish = (uri: string) => {
    timers.delete(uri);
    const doc = documents.get(uri);
    if (!doc) return;
    const version = doc.version;
    let diagnostics: Diagnostic[];
    try {
      diagnostics = compute(doc);
    } catch (e) {
      connection.console.error(`diagnostics failed for ${uri}: ${(e as Error).stack ?? String(e)}`);
      diagnostics = [];
    }
    // Never publish a stale version: a newer change re-scheduled us already.
    const now = documents.get(uri);
    if (!now || now.version !== version || timers.has(uri)) return;
    // Configs always get an answer (even empty); other YAML only to clear what we published before.
    const ours = !!cache.get(doc).ours;
    if (!ours && !published.has(uri)) return;
    if (ours) published.add(uri);
    else published.delete(uri);
    void connection.sendDiagnostics({ uri, version, diagnostics });
  };
  // Adaptive debounce: the first change after a quiet spell is validated after QUIET_DELAY_MS (enough to
  // coalesce changes sent together); changes within `debounceMs` of the previous one wait the full window.
  const lastChange = new Map<string, number>();
  const schedule = (uri: string) => {
    timers.get(uri)?.dispose();
    const window = settings(uri).diagnostics.debounceMs;
    const now = runtime.now();
    const prev = lastChange.get(uri);
    lastChange.set(uri, now);
    const ms = prev === undefined || now - prev >= window ? Math.min(QUIET_DELAY_MS, window) : window;
    timers.set(
      uri,
      runtime.timer.setTimeout(() => publish(uri), ms),
    );
  };
  return {
    schedule,
    closed(uri) {
      lastChange.delete(uri);
      timers.get(uri)?.dispose();
      timers.delete(uri);
      if (published.delete(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
    },
    revalidateAll() {
      for (const d of documents.all()) schedule(d.uri);
    },
  };
}
