// Runs started from the editor: each one is a detached controller process (`dist/cli.js run … --results DIR`
// under the extension host's own Node) that outlives the window. The extension follows its event file
// (controller/follow.ts), reduces the events into a RunState (controller/run-state.ts), and renders that into
// the output channel and the status bar. Runs are remembered in workspace state and re-attached after a reload.
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvents } from '../../controller/events';
import { followRun } from '../../controller/follow';
import { abortRun, runStatus } from '../../controller/detach';
import { initialRunState, reduceRun, type RunState } from '../../controller/run-state';
import { ladderOffer } from './format-ladder';
import { OutputFormatter, printedOnReplay, type OutputLine } from './format-output';
import { runStatusView } from './run-view';
import type { RunStatusBar } from './run-status';

/** What workspace state keeps about a run, enough to find it again after a reload. */
export interface RememberedRun {
  dir: string;
  file: string;
  /** SIMPLE / MEDIUM / FULL, or LADDER */
  what: string;
  startedAt: number;
}

const RUNS_KEY = 'iobench.runs';
const LAST_KEY = 'iobench.lastResults';
/** On re-attach, events older than this before the attach are replayed quietly (state only, milestones printed). */
const REPLAY_QUIET_MS = 2000;

interface Tracked extends RememberedRun {
  state: RunState;
  formatter: OutputFormatter;
  ac: AbortController;
  prediction?: RunEvents['prediction'];
  done: Promise<void>;
}

export interface RunManagerHost {
  log: vscode.LogOutputChannel;
  memento: vscode.Memento;
  status: RunStatusBar;
  /** measured rates (pre-flight or a finished step) → the language server's estimates */
  onRates(agents: RunEvents['calibration']['agents']): void;
  /** `Run MEDIUM` from the ladder offer */
  runNext(file: string, step: 'medium' | 'full'): Promise<void>;
}

export class RunManager implements vscode.Disposable {
  private current: Tracked | undefined;
  private readonly emitter = new vscode.EventEmitter<RunState>();
  /** fires on every event of the followed run (tests and views) */
  readonly onDidChange = this.emitter.event;

  constructor(private readonly host: RunManagerHost) {}

  get live(): RememberedRun | undefined {
    return this.current && this.current.state.phase !== 'finished' ? this.current : undefined;
  }

  lastResults(): string | undefined {
    return this.current?.dir ?? this.host.memento.get<string>(LAST_KEY);
  }

  private remembered(): RememberedRun[] {
    return this.host.memento.get<RememberedRun[]>(RUNS_KEY, []);
  }

  private async remember(r: RememberedRun): Promise<void> {
    await this.host.memento.update(RUNS_KEY, [...this.remembered().filter((x) => x.dir !== r.dir), r]);
    await this.host.memento.update(LAST_KEY, r.dir);
  }

  private async forget(dir: string): Promise<void> {
    await this.host.memento.update(
      RUNS_KEY,
      this.remembered().filter((x) => x.dir !== dir),
    );
  }

  /** A run just started detached: remember it and follow it from its first event. */
  async started(r: RememberedRun): Promise<void> {
    await this.remember(r);
    this.host.log.info(`run ${r.what} of ${r.file} started (detached) → ${r.dir}`);
    this.host.log.show(true);
    this.follow(r, 0);
  }

  /** After a reload: follow every remembered run that is still going; report the ones that ended meanwhile. */
  async resume(): Promise<void> {
    for (const r of this.remembered()) {
      const st = runStatus(r.dir);
      if (!existsSync(r.dir)) {
        await this.forget(r.dir);
        continue;
      }
      if (st.alive || !st.finished) {
        if (this.live) continue; // one followed run at a time; the rest stay remembered
        this.host.log.info(`re-attaching to the ${r.what} run in ${r.dir} (pid ${st.pid ?? '?'})`);
        this.follow(r, Date.now() - REPLAY_QUIET_MS);
      } else {
        this.host.log.info(
          `the ${r.what} run in ${r.dir} ${st.ok ? 'finished' : 'ended without success'} while the window was closed`,
        );
        await this.forget(r.dir);
      }
    }
  }

  /** Attach to any run folder (Attach to Run…). */
  async attach(dir: string): Promise<void> {
    if (this.live) {
      void vscode.window.showInformationMessage(
        `iobench: already following the ${this.live.what} run in ${this.live.dir}; abort it or wait for it to end first.`,
      );
      return;
    }
    const r: RememberedRun = { dir, file: '', what: 'attached', startedAt: Date.now() };
    this.host.log.info(`attaching to ${dir}`);
    this.host.log.show(true);
    if (!runStatus(dir).finished) await this.remember(r);
    this.follow(r, Date.now() - REPLAY_QUIET_MS);
  }

  async abort(): Promise<void> {
    const run = this.live;
    if (!run) {
      void vscode.window.showInformationMessage('iobench: no run is live, so there is nothing to abort.');
      return;
    }
    this.host.log.warn(`aborting the ${run.what} run in ${run.dir}…`);
    const r = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `iobench: aborting the ${run.what} run…` },
      () => abortRun(run.dir),
    );
    (r.ok ? this.host.log.info : this.host.log.error).call(this.host.log, `abort: ${r.message}`);
    if (!r.ok) void vscode.window.showErrorMessage(`iobench: abort: ${r.message}`);
    else void vscode.window.showInformationMessage(`iobench: ${r.message}`);
  }

  private write(lines: OutputLine[]): void {
    for (const l of lines) this.host.log[l.level](l.text);
  }

  /** Follows `r`'s event file; events before `quietBefore` (ms epoch) update the state but print only milestones. */
  private follow(r: RememberedRun, quietBefore: number): void {
    this.current?.ac.abort();
    const t: Tracked = {
      ...r,
      state: initialRunState(),
      formatter: new OutputFormatter(),
      ac: new AbortController(),
      done: Promise.resolve(),
    };
    this.current = t;
    t.done = this.loop(t, quietBefore);
  }

  private async loop(t: Tracked, quietBefore: number): Promise<void> {
    let replayed = 0;
    try {
      for await (const line of followRun(t.dir, { signal: t.ac.signal })) {
        t.state = reduceRun(t.state, line);
        const view = runStatusView(t.state, t.what);
        const quiet = line.t < quietBefore;
        if (quiet) replayed++;
        if (printedOnReplay(line, quietBefore)) this.write(t.formatter.format(line, view));
        if (line.event === 'calibration') this.host.onRates(line.data.agents);
        if (line.event === 'prediction') {
          t.prediction = line.data;
          if (t.what === 'LADDER' && !quiet) this.ladderGoesOn(line.data);
        }
        this.host.status.show(view);
        this.emitter.fire(t.state);
      }
    } catch (e) {
      if (t.ac.signal.aborted) return; // the window is closing or another run is followed: the run goes on
      const msg = e instanceof Error ? e.message : String(e);
      this.host.log.error(`following ${t.dir}: ${msg}`);
      void vscode.window.showErrorMessage(`iobench: cannot follow the run in ${t.dir}: ${msg}`);
    }
    if (t.ac.signal.aborted) return;
    if (replayed) this.host.log.info(`(replayed ${replayed} earlier events of ${t.dir})`);
    await this.finished(t);
  }

  /** In a ladder run the next step starts by itself: say what it will take, and offer to stop. */
  private ladderGoesOn(p: RunEvents['prediction']): void {
    const offer = ladderOffer(p);
    void vscode.window
      .showInformationMessage(`${offer.message} — starting it now.`, offer.stop)
      .then((pick) => (pick ? this.abort() : undefined));
  }

  private async finished(t: Tracked): Promise<void> {
    await this.forget(t.dir);
    const st = runStatus(t.dir);
    let view = runStatusView(t.state, t.what);
    if (view.phase !== 'finished') {
      // the process is gone without a `completed` event: killed, or crashed (its log says why)
      this.host.log.error(
        `the run process ended without finishing; see ${join(t.dir, 'detached.log')}${st.ok === false ? ' (failed)' : ''}`,
      );
      view = { ...view, phase: 'finished', outcome: { ok: false, message: 'the run process ended early' } };
    }
    this.host.status.show(view);
    this.emitter.fire(t.state);
    const ok = !!view.outcome?.ok;
    this.host.log.info(`results folder: ${t.dir}`);
    if (!ok) {
      if (!view.outcome?.aborted)
        void vscode.window
          .showErrorMessage(
            `iobench: the ${t.what} run failed: ${view.outcome?.message ?? 'see the output'}`,
            'Show Output',
          )
          .then((p) => p && this.host.log.show(true));
      return;
    }
    const p = t.prediction;
    if (p && t.what !== 'LADDER') {
      const offer = ladderOffer(p);
      const pick = await vscode.window.showInformationMessage(offer.message, offer.run, offer.stop);
      if (pick === offer.run) await this.host.runNext(t.file, offer.step);
    } else {
      const pick = await vscode.window.showInformationMessage(
        `iobench: the ${t.what} run finished: every stage completed on every agent.`,
        'Open Results',
      );
      if (pick) await vscode.commands.executeCommand('iobench.openResults');
    }
  }

  dispose(): void {
    // Closing the window stops following, never the run itself.
    this.current?.ac.abort();
    this.emitter.dispose();
  }
}
