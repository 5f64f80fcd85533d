// Protocol-level test harness: a real JSON-RPC client talking to the server either in-process (a duplex pair of
// PassThrough streams) or out-of-process (`node bin/iobench.js lsp --stdio`). Tests wait on notifications and
// responses, never on sleeps.
import { PassThrough } from 'node:stream';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import { createConnection } from 'vscode-languageserver/node';
import type {
  ClientCapabilities,
  Diagnostic,
  InitializeResult,
  Position,
  PublishDiagnosticsParams,
  Range,
  TextEdit,
} from 'vscode-languageserver';
import { startServer } from '../../server/server';
import type { Disposable, Runtime } from '../../server/runtime';
import type { ServerSettings } from '../../core/lsp-contract';

export const ROOT = join(__dirname, '..', '..');
// Our own configs in sai3's format (test/fixtures/configs); tests run from the repository root.
export { FIXTURES, FOUR_HOST_FULL as FULL } from '../fixtures';
export const uriOf = (name: string) => pathToFileURL(join('/tmp/iobench-lsp-test', name)).toString();

/** Timers the test controls: 'auto' fires on the next macrotask, 'manual' only on flush(). */
export class TestTimers {
  private pending = new Map<number, () => void>();
  private next = 0;
  constructor(public mode: 'auto' | 'manual' = 'auto') {}
  setTimeout(fn: () => void, _ms: number): Disposable {
    const id = this.next++;
    if (this.mode === 'auto') {
      const h = setImmediate(fn);
      return { dispose: () => clearImmediate(h) };
    }
    this.pending.set(id, fn);
    return { dispose: () => this.pending.delete(id) };
  }
  get size() {
    return this.pending.size;
  }
  flush(): void {
    const fns = [...this.pending.values()];
    this.pending.clear();
    for (const f of fns) f();
  }
}

export const FULL_CAPS: ClientCapabilities = {
  workspace: { configuration: true, inlayHint: { refreshSupport: false } },
  textDocument: {
    synchronization: { dynamicRegistration: false },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    completion: { completionItem: { snippetSupport: true } },
    inlayHint: {},
    codeLens: {},
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    foldingRange: {},
    publishDiagnostics: { versionSupport: true },
  },
};

type Waiter = {
  pred: (p: PublishDiagnosticsParams) => boolean;
  resolve: (p: PublishDiagnosticsParams) => void;
};

export class TestClient {
  readonly published: PublishDiagnosticsParams[] = [];
  private waiters: Waiter[] = [];
  settings: Record<string, unknown> = {};
  /** answers for `workspace/configuration` items with this scopeUri (a workspace folder's own settings) */
  readonly scopedSettings = new Map<string, Record<string, unknown>>();
  readonly versions = new Map<string, number>();
  readonly texts = new Map<string, string>();
  logs: string[] = [];

  constructor(
    readonly conn: MessageConnection,
    private readonly onDispose: () => void,
    /** send `exit` on shutdown (only to a child process: in-process it would end the test runner) */
    private readonly sendExit = false,
  ) {
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.push(p);
      for (const w of [...this.waiters])
        if (w.pred(p)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(p);
        }
    });
    conn.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
    });
    conn.onRequest('workspace/configuration', (p: { items: { section?: string; scopeUri?: string }[] }) =>
      p.items.map((i) =>
        i.section === 'iobench'
          ? ((i.scopeUri && this.scopedSettings.get(i.scopeUri)) ?? this.settings)
          : null,
      ),
    );
    conn.onRequest('client/registerCapability', () => null);
    conn.onRequest('workspace/inlayHint/refresh', () => null);
    conn.onRequest('workspace/codeLens/refresh', () => null);
    conn.onRequest('workspace/diagnostic/refresh', () => null);
    conn.listen();
  }

  async initialize(
    caps: ClientCapabilities = FULL_CAPS,
    initializationOptions?: unknown,
    rootUri: string | null = null,
  ): Promise<InitializeResult> {
    const r = (await this.conn.sendRequest('initialize', {
      // a child server watches our pid; in-process the server would poll its own pid forever (an open handle)
      processId: this.sendExit ? process.pid : null,
      rootUri,
      capabilities: caps,
      initializationOptions,
    })) as InitializeResult;
    await this.conn.sendNotification('initialized', {});
    return r;
  }

  /** Resolves with the next publishDiagnostics for `uri` that satisfies `pred` (already received ones count). */
  diagnostics(uri: string, pred: (p: PublishDiagnosticsParams) => boolean = () => true, fromIndex = 0) {
    const done = this.published.slice(fromIndex).find((p) => p.uri === uri && pred(p));
    if (done) return Promise.resolve(done);
    return new Promise<PublishDiagnosticsParams>((resolve) =>
      this.waiters.push({ pred: (p) => p.uri === uri && pred(p), resolve }),
    );
  }

  async open(uri: string, text: string, version = 1): Promise<void> {
    this.versions.set(uri, version);
    this.texts.set(uri, text);
    await this.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'yaml', version, text },
    });
  }

  /** Opens and waits for diagnostics of that version. */
  async openAndWait(uri: string, text: string, version = 1): Promise<Diagnostic[]> {
    const from = this.published.length;
    await this.open(uri, text, version);
    return (await this.diagnostics(uri, (p) => p.version === version, from)).diagnostics;
  }

  /** Incremental change: replace `range` with `text`. */
  async change(uri: string, range: Range, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, applyEdits(this.texts.get(uri) ?? '', [{ range, newText: text }]));
    await this.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range, text }],
    });
    return version;
  }

  async changeFull(uri: string, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, text);
    await this.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
    return version;
  }

  async close(uri: string): Promise<void> {
    this.texts.delete(uri);
    this.versions.delete(uri);
    await this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.conn.sendRequest(method, params) as Promise<R>;
  }

  async shutdown(): Promise<void> {
    try {
      await this.conn.sendRequest('shutdown');
      if (this.sendExit) await this.conn.sendNotification('exit');
    } catch {
      /* already gone */
    }
    this.conn.dispose();
    this.onDispose();
  }
}

export interface InProcess {
  client: TestClient;
  timers: TestTimers;
}

export function inProcess(settings?: Partial<ServerSettings>, mode: 'auto' | 'manual' = 'auto'): InProcess {
  const up = new PassThrough();
  const down = new PassThrough();
  const serverConn = createConnection(new StreamMessageReader(up), new StreamMessageWriter(down));
  const timers = new TestTimers(mode);
  const runtime: Runtime = { timer: timers, now: () => performance.now(), settings };
  startServer(serverConn, runtime);
  const clientConn = createMessageConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
  const client = new TestClient(clientConn, () => {
    serverConn.dispose();
    up.destroy();
    down.destroy();
  });
  return { client, timers };
}

export function spawned(bin: string[] = ['bin/iobench.js', 'lsp', '--stdio']): {
  client: TestClient;
  child: ChildProcess;
} {
  const child = spawn(process.execPath, bin, { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  const conn = createMessageConnection(
    new StreamMessageReader(child.stdout!),
    new StreamMessageWriter(child.stdin!),
  );
  const client = new TestClient(
    conn,
    () => {
      // give it the chance to exit by itself after `exit`; kill only a server that hangs
      if (child.exitCode === null) setTimeout(() => child.exitCode === null && child.kill(), 2000).unref();
    },
    true,
  );
  return { client, child };
}

// ---------- text helpers ----------

export function offsetAt(text: string, pos: Position): number {
  let line = 0;
  let i = 0;
  while (line < pos.line) {
    const nl = text.indexOf('\n', i);
    if (nl < 0) return text.length;
    i = nl + 1;
    line++;
  }
  return i + pos.character;
}

export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => offsetAt(text, b.range.start) - offsetAt(text, a.range.start));
  let out = text;
  for (const e of sorted)
    out = out.slice(0, offsetAt(out, e.range.start)) + e.newText + out.slice(offsetAt(out, e.range.end));
  return out;
}

/** Position of the `n`th occurrence of `needle` (plus `delta` characters), in UTF-16 units. */
export function posOf(text: string, needle: string, delta = 0, n = 0): Position {
  let idx = -1;
  for (let k = 0; k <= n; k++) {
    idx = text.indexOf(needle, idx + 1);
    if (idx < 0) throw new Error(`'${needle}' not found`);
  }
  const off = idx + delta;
  const before = text.slice(0, off);
  const line = before.split('\n').length - 1;
  return { line, character: off - (before.lastIndexOf('\n') + 1) };
}

export const rangeOf = (text: string, needle: string, n = 0): Range => ({
  start: posOf(text, needle, 0, n),
  end: posOf(text, needle, needle.length, n),
});

/** Hover/tooltip markdown as plain table text: no-break spaces back to spaces, column gaps removed. */
export const plainTable = (md: string) => md.replace(/\u2060\u00a0+/g, '').replace(/\u00a0/g, ' ');
