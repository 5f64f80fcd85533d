// What deployment leaves on a host, in a form that survives the controller (`iobench deploy` now, `undeploy`
// later): enough to find, stop and collect the log of what we started — and nothing we did not start.
import type { DeploySpec, HostSpec } from './config';
import type { SshSession, SshTarget } from './ssh';

export interface StartedAgent {
  type: DeploySpec['type'];
  index: number;
  name: string;
  host: string;
  /** where the controller reaches it (gRPC) */
  address: string;
  /** binary: the agent's process id on the host, its install folder and its log file */
  pid?: number;
  dir?: string;
  log?: string;
  /** docker: the container id and runtime */
  containerId?: string;
  runtime?: string;
}

/** How one kind of deployment starts and stops an agent on a host it has an SSH session to. */
export interface HostDriver {
  /** checks, uploads/pulls, starts; resolves once the process/container exists (not yet answering) */
  start(ssh: SshSession, host: HostSpec, ctx: StartContext): Promise<StartedAgent>;
  /** whether it is still running, and if not the tail of its log (to explain a failed start) */
  alive(ssh: SshSession, a: StartedAgent): Promise<{ alive: boolean; log: string }>;
  /** stops it (bounded wait) and, when given a local file, copies its log there */
  stop(ssh: SshSession, a: StartedAgent, localLog?: string): Promise<void>;
}

export interface StartContext {
  spec: DeploySpec;
  /** the local agent bundle (dist/agent.js) */
  bundle: string;
  /** folders this agent may touch (its file:// locations) */
  roots: string[];
  /** token the agent requires; handed over on stdin, never in argv */
  token?: string;
  /** stamp for log file names */
  stamp: string;
  signal?: AbortSignal;
}

/** Quotes one word for a POSIX shell. */
export function sh(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export class DeployError extends Error {
  constructor(
    readonly host: string,
    message: string,
  ) {
    super(message);
  }
}

export type TargetOf = (a: { host: string }) => SshTarget;
