// Every command of the run half, in one table: id, palette title, and whether it starts work on agents (then it
// is disabled in Restricted Mode and explains why). package.json's `contributes.commands` must match this table
// (test/unit/client-run-commands.test.ts); the handlers are bound in client/run/commands.ts.
import { COMMANDS } from '../protocol';

export interface RunCommandSpec {
  id: string;
  title: string;
  /** starts work (processes, agents): refused with an explanation in Restricted Mode */
  needsTrust: boolean;
}

export const RUN_COMMANDS = {
  preflight: { id: COMMANDS.preflight, title: 'Pre-flight', needsTrust: true },
  run: { id: COMMANDS.run, title: 'Run', needsTrust: true },
  runLadder: { id: 'iobench.runLadder', title: 'Run Ladder (SIMPLE → MEDIUM → FULL)', needsTrust: true },
  abort: { id: 'iobench.abort', title: 'Abort Run', needsTrust: false },
  attach: { id: 'iobench.attach', title: 'Attach to Run…', needsTrust: true },
  openResults: { id: 'iobench.openResults', title: 'Open Results', needsTrust: false },
  startLocalAgents: { id: 'iobench.startLocalAgents', title: 'Start Local Agents', needsTrust: true },
  stopLocalAgents: { id: 'iobench.stopLocalAgents', title: 'Stop Local Agents', needsTrust: false },
  showOutput: { id: 'iobench.showOutput', title: 'Show Output', needsTrust: false },
} as const satisfies Record<string, RunCommandSpec>;

export type RunCommandKey = keyof typeof RUN_COMMANDS;
export const RUN_COMMAND_LIST: readonly RunCommandSpec[] = Object.values(RUN_COMMANDS);

/** Why `spec` cannot run now (Restricted Mode), or undefined. */
export function refusal(spec: RunCommandSpec, trusted: boolean): string | undefined {
  if (!spec.needsTrust || trusted) return undefined;
  return `iobench: ${spec.title.replace(/…$/, '')} is disabled in Restricted Mode: pre-flight and runs start processes and work on agents. Trust this workspace to enable them; authoring (diagnostics, estimates, ladder files) works either way.`;
}
