// Pre-flight from the editor: every agent of the config (or `iobench.run.localAgents` local ones) checks its
// targets in parallel under a cancellable progress notification; findings become diagnostics on the config lines
// they concern (a client-owned collection, cleared by the next pre-flight or when the file changes), results go
// to the output channel, and the measured rates recalibrate the inline estimates.
import * as vscode from 'vscode';
import { dirname } from 'node:path';
import { connectAll, type Connection } from '../../controller/connect';
import { RunEmitter, type AgentRates, type RunEventLine } from '../../controller/events';
import { localSetup, type LocalSetup } from '../../controller/local-setup';
import { preflightAll } from '../../controller/preflight';
import { agentRefs } from '../../controller/run';
import { loadConfig, rangeOfPath, type LoadedConfig } from '../../core/config';
import type { ConfigPath } from '../../controller/per-agent-config';
import { OutputFormatter, withoutAgent } from './format-output';
import { preflightDiagnostics, type AgentFailure } from './preflight-diagnostics';
import { namesAgents, resolveSettingPath } from './run-settings';
import { hostNode } from './start-run';
import { readRunSettings } from './vscode-settings';

export interface PreflightDeps {
  log: vscode.LogOutputChannel;
  cliPath: string;
  diagnostics: vscode.DiagnosticCollection;
  onRates(agents: Record<string, AgentRates>): void;
}

const SEVERITY = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
} as const;

function locate(loaded: LoadedConfig, path: ConfigPath): { line: number; column: number } | undefined {
  for (let n = path.length; n >= 0; n--) {
    const r = rangeOfPath(loaded, path.slice(0, n), 'value');
    if (r) return { line: r.start.line + 1, column: r.start.character + 1 };
  }
  return undefined;
}

export async function runPreflight(deps: PreflightDeps, uri: vscode.Uri): Promise<boolean | undefined> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const text = doc.getText(); // the editor's text: pre-flight checks what you see, saved or not
  const loaded = loadConfig(text);
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length || !loaded.value) {
    void vscode.window.showErrorMessage(
      `iobench: Pre-flight: the config has ${errors.length} error${errors.length === 1 ? '' : 's'}; fix ${errors.length === 1 ? 'it' : 'them'} first.`,
    );
    return undefined;
  }
  const settings = readRunSettings(uri);
  const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? dirname(uri.fsPath);
  const local = namesAgents(loaded.value) ? undefined : settings.localAgents;
  const userRoot = settings.root ? resolveSettingPath(settings.root, folder) : undefined;
  deps.diagnostics.delete(uri);
  deps.log.info(`pre-flight of ${uri.fsPath}${local ? ` on ${local} local agents` : ''}`);
  deps.log.show(true);

  const title = `iobench: pre-flight${local ? ` (${local} local agents)` : ''}`;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    async (progress, token) => {
      let connections: Connection[] = [];
      let setup: LocalSetup | undefined;
      const cleanup = async () => {
        for (const c of connections) c.close();
        connections = [];
        const s = setup;
        setup = undefined;
        await s?.release();
      };
      const cancelled = new Promise<'cancelled'>((res) =>
        token.onCancellationRequested(() => res('cancelled')),
      );
      const work = async (): Promise<boolean> => {
        if (local) progress.report({ message: `starting ${local} local agents…` });
        const node = hostNode();
        const ready = await localSetup(uri.fsPath, loaded, {
          ...(local ? { local } : {}),
          ...(userRoot ? { root: userRoot } : {}),
          command: [node.command, deps.cliPath],
          env: node.env,
        });
        if (!ready.ok) throw new Error(ready.errors.join('; '));
        setup = ready.value;
        // cancelled meanwhile: the race below has already cleaned up, so release what arrived since
        if (token.isCancellationRequested) return cleanup().then(() => false);
        const plan = setup.plan;
        progress.report({ message: `connecting to ${plan.agents.length} agents…` });
        // local agents require the token localSetup generated for them
        const conn = await connectAll(agentRefs(plan), setup.token ? { token: setup.token } : {});
        if (conn.ok) connections = conn.connections;
        if (token.isCancellationRequested) return cleanup().then(() => false);
        const failures: AgentFailure[] = [];
        if (!conn.ok) {
          for (const e of conn.errors) {
            failures.push({ agent: e.agent, message: e.message });
            deps.log.error(
              `pre-flight ${e.agent.id} (${e.agent.address}): ${withoutAgent(e.message, e.agent)}`,
            );
          }
          publish(deps, uri, text, [], failures);
          void vscode.window
            .showErrorMessage(
              `iobench: pre-flight: ${conn.errors.length} agent${conn.errors.length === 1 ? '' : 's'} unreachable (${withoutAgent(conn.errors[0].message, conn.errors[0].agent)}); marked in the config.`,
              'Show Problems',
            )
            .then((pick) => pick && vscode.commands.executeCommand('workbench.actions.view.problems'));
          return false;
        }
        const emitter = new RunEmitter();
        const fmt = new OutputFormatter();
        const n = plan.agents.length;
        emitter.subscribe((e) => {
          const line = { ...e, v: 1, t: Date.now() } as RunEventLine;
          for (const l of fmt.format(line, { phase: 'preflight', agents: n })) deps.log[l.level](l.text);
          if (e.event === 'preflight-result')
            progress.report({
              increment: 100 / n,
              message: `${e.data.agent.id} ${e.data.passed ? 'passed' : `failed (${e.data.errors} errors)`}`,
            });
        });
        progress.report({ message: `checking ${n} agents in parallel…` });
        const out = await preflightAll(connections, plan.agents, {
          emitter,
          locate: (p) => locate(loaded, p),
          config: loaded.value as Record<string, unknown>,
        });
        if (token.isCancellationRequested) return false;
        const findings = out.agents.map((a) => ({ agent: a.agent, results: a.items }));
        const count = publish(deps, uri, text, findings, []);
        if (out.calibration) deps.onRates(out.calibration.agents);
        const warnings = out.agents.reduce((s, a) => s + a.warnings, 0);
        const errs = out.agents.reduce((s, a) => s + a.errors, 0);
        const msg = out.passed
          ? `iobench: pre-flight passed on ${n} agent${n === 1 ? '' : 's'}${warnings ? ` with ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}${out.calibration ? '; the estimates now use the measured rates' : ''}.`
          : `iobench: pre-flight failed: ${errs} error${errs === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} on ${n} agents${count ? ' (marked in the config)' : ''}.`;
        // Not awaited: the progress notification closes now, the outcome stays until dismissed.
        void (out.passed ? vscode.window.showInformationMessage : vscode.window.showErrorMessage)(
          msg,
          ...(count ? ['Show Problems'] : []),
          'Show Output',
        ).then((pick) => {
          if (pick === 'Show Problems')
            void vscode.commands.executeCommand('workbench.actions.view.problems');
          if (pick === 'Show Output') deps.log.show(true);
        });
        return out.passed;
      };
      try {
        const r = await Promise.race([work(), cancelled]);
        if (r === 'cancelled') {
          deps.log.warn('pre-flight cancelled');
          return undefined;
        }
        return r;
      } catch (e) {
        const m = e instanceof Error ? e.message : String(e);
        deps.log.error(`pre-flight: ${m}`);
        void vscode.window.showErrorMessage(`iobench: pre-flight: ${m}`);
        return false;
      } finally {
        await cleanup();
      }
    },
  );
}

function publish(
  deps: PreflightDeps,
  uri: vscode.Uri,
  text: string,
  findings: Parameters<typeof preflightDiagnostics>[1],
  failures: AgentFailure[],
): number {
  const diags = preflightDiagnostics(text, findings, failures).map((d) => {
    const r = new vscode.Range(
      d.range.start.line,
      d.range.start.character,
      d.range.end.line,
      d.range.end.character,
    );
    const v = new vscode.Diagnostic(r, d.message, SEVERITY[d.severity]);
    v.source = 'iobench pre-flight';
    v.code = d.code;
    return v;
  });
  deps.diagnostics.set(uri, diags);
  return diags.length;
}
