// Where the language server is in its life, and what to tell a user who asks for something it cannot do yet.
import * as vscode from 'vscode';

export type Phase = 'starting' | 'running' | 'stopped' | 'failed';

export class ServerState implements vscode.Disposable {
  private phaseValue: Phase = 'stopped';
  private detail = '';
  private readonly emitter = new vscode.EventEmitter<Phase>();
  readonly onDidChange = this.emitter.event;

  get phase(): Phase {
    return this.phaseValue;
  }

  set(phase: Phase, detail = ''): void {
    this.phaseValue = phase;
    this.detail = detail;
    this.emitter.fire(phase);
  }

  /** Undefined when the server can answer; otherwise a sentence for the user. */
  whyNotReady(): string | undefined {
    switch (this.phaseValue) {
      case 'running':
        return undefined;
      case 'starting':
        return 'The iobench language server is still starting. Try again in a moment.';
      case 'failed':
        return `The iobench language server failed to start${this.detail ? `: ${this.detail}` : ''}. See the "iobench" output, or run "iobench: Restart Language Server".`;
      default:
        return 'The iobench language server is not running. Open an iobench config or run "iobench: Restart Language Server".';
    }
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
