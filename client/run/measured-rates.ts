// Rates measured by pre-flight or a run, fed to the language server so the inline estimates recalibrate. The
// slowest agent's rate of each kind counts (a tree is as slow as its slowest agent). They are kept per workspace
// (workspace state) and overlaid on `iobench.rates.*` when the server asks for settings; a rate the user set in
// the settings wins. After a change the server is told to pull its settings again (didChangeConfiguration).
import type * as vscode from 'vscode';
import type { AgentRates } from '../../controller/events';
import type { RateModel } from '../../core/estimate';
import { slowestRates } from './format-ladder';

const KEY = 'iobench.measuredRates';

export class MeasuredRates {
  constructor(
    private readonly memento: vscode.Memento,
    private readonly changed: () => void,
  ) {}

  get(): Partial<RateModel> {
    return this.memento.get<Partial<RateModel>>(KEY, {});
  }

  async update(agents: Record<string, AgentRates>): Promise<void> {
    const r = slowestRates(agents);
    if (!Object.keys(r).length) return;
    const next = { ...this.get(), ...r };
    if (JSON.stringify(next) === JSON.stringify(this.get())) return;
    await this.memento.update(KEY, next);
    this.changed();
  }

  async clear(): Promise<void> {
    await this.memento.update(KEY, undefined);
    this.changed();
  }
}

/** The rates the server should use: what the user set, else what was measured. */
export function overlayRates(user: Partial<RateModel>, measured: Partial<RateModel>): Partial<RateModel> {
  return { ...measured, ...user };
}
