// `iobench run FILE [--local N] [--root DIR] [--results DIR] [--step simple|medium|full] [--ladder] [--yes]
// [--json] [--detach]`: the estimate first, a confirmation for large runs, pre-flight, the stages with progress
// and live statistics, the summary and the results folder. Exit 0 only when every stage completed on every
// agent; 1 when the run failed or was refused, 2 for usage errors, 130 when interrupted.
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import {
  RunEmitter,
  detachedArgs,
  estimateConfig,
  formatEventLine,
  isLargeRun,
  ladderSteps,
  resultsFolderName,
  runConfig,
  startDetached,
  stepFolderNames,
  toJson,
  type RunEvents,
} from '../../controller';
import { formatBytes, formatCount, formatSeconds } from '../../core/units';
import { UsageError, commandAction } from '../command-kit';
import { readText } from '../format';
import { checkRoot, credentialsFromFlags, parseLocal, selfCommand } from '../local-setup';
import { addTlsOptions, tlsFromFlags, type TlsFlags } from '../tls-options';
import { TerminalRenderer } from '../render/terminal';
import { deployContext } from '../deploy-hook';
import { renderEstimate } from './estimate';

export interface RunOptions extends TlsFlags {
  local?: string;
  root?: string;
  results?: string;
  step?: string;
  ladder?: boolean;
  yes?: boolean;
  json?: boolean;
  detach?: boolean;
  verbose?: boolean;
  token?: string;
  preflight?: boolean;
  acceptNewHostKeys?: boolean;
  /** commander's --no-forward-env */
  forwardEnv?: boolean;
  envFile?: string;
}

const STEPS = ['simple', 'medium', 'full'] as const;
const say = (s: string) => process.stdout.write(`${s}\n`);
const complain = (s: string) => process.stderr.write(`${s}\n`);

export function defaultResultsDir(file: string): string {
  return resolve(process.env.IOBENCH_RESULTS_DIR ?? 'iobench-results', resultsFolderName(file, new Date()));
}

/** Large runs: --yes, or a y/N question on a terminal; without one they are refused. */
async function confirmLarge(ev: RunEvents['estimate'], yes: boolean | undefined): Promise<boolean> {
  if (yes || !isLargeRun(ev)) return true;
  const what = `${formatCount(ev.files)} files · ${formatBytes(ev.bytes)} · prepare ≈ ${formatSeconds(ev.prepareSeconds)}`;
  if (!process.stdin.isTTY) {
    complain(`iobench run: refusing a large run (${what}) without a terminal to confirm; pass --yes`);
    return false;
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await rl.question(`This run creates ${what}. Continue? [y/N] `);
  rl.close();
  return /^y(es)?$/i.test(answer.trim());
}

/** `--detach`: confirm in the foreground (the background process has no terminal), then start it. */
async function detach(file: string, text: string, o: RunOptions, resultsDir: string): Promise<number> {
  const steps = ladderSteps(text, o);
  if (!steps.ok) throw new UsageError(steps.error);
  const last = steps.run[steps.run.length - 1];
  const planned = estimateConfig(file, file, last.text, {
    local: parseLocal(o.local),
    root: checkRoot(o.root),
    ...(last.name ? { step: last.name } : {}),
  });
  if (!planned.ok) {
    complain(planned.errors.join('\n'));
    return 1;
  }
  if (!(await confirmLarge(planned.value.event, o.yes))) return 1;
  const { pid } = startDetached({
    command: process.execPath,
    args: [...selfCommand().slice(1), ...detachedArgs(file, o, resultsDir)],
    resultsDir,
    file,
    // what `iobench attach` follows: one folder per ladder step (created as the steps start)
    steps: stepFolderNames(steps.run),
  });
  if (o.json) say(toJson({ resultsDir, pid }));
  else say(`Detached run (pid ${pid}); follow it with: iobench attach ${resultsDir}\n${resultsDir}`);
  return 0;
}

export async function runCommand(file: string, o: RunOptions): Promise<number> {
  const tls = tlsFromFlags(o, (m) => new UsageError(m)); // flag errors before any work
  const forwardEnv = credentialsFromFlags(o);
  const text = readText(file);
  const steps = ladderSteps(text, o);
  if (!steps.ok) throw new UsageError(steps.error);
  const local = parseLocal(o.local);
  const root = checkRoot(o.root);
  const resultsDir = o.results ? resolve(o.results) : defaultResultsDir(file);
  if (o.detach) return detach(file, text, o, resultsDir);

  const emitter = new RunEmitter();
  const term = o.json ? undefined : new TerminalRenderer({ verbose: o.verbose, file, estimatePrinted: true });
  const events = emitter.subscribe((e) => {
    if (term) term.render(e);
    else process.stdout.write(`${formatEventLine(e.event, e.data, Date.now())}\n`);
  });
  const ac = new AbortController();
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    complain('\ninterrupted: aborting every agent… (Ctrl-C again to quit at once)');
    ac.abort();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  try {
    const r = await runConfig({
      file,
      text,
      step: STEPS.find((x) => x === o.step?.toLowerCase()),
      ladder: o.ladder,
      local,
      root,
      resultsDir,
      token: o.token,
      tls,
      preflight: o.preflight !== false,
      ...(forwardEnv ? { forwardEnv } : {}),
      emitter,
      signal: ac.signal,
      confirm: (ev) => confirmLarge(ev, o.yes),
      agentCommand: selfCommand(),
      deploy: deployContext(o), // distributed.ssh: agents started over SSH
      pidFile: true, // this process is the run: `attach` and `abortRun` may find and signal it
      onEstimate: ({ label, estimate }) => {
        if (!o.json) say(renderEstimate(label, estimate));
      },
      onLocalAgents: ({ agents, root: r }) => {
        if (!o.json) say(`Local agents: ${agents.map((a) => a.address).join(', ')} · root ${r}`);
      },
    });
    term?.close();
    if (r.errors.length) complain(r.errors.join('\n'));
    // a session's own failure was told by its events; a step that never reached agents says why here
    else if (!r.ok && r.message && !r.refused && !r.steps.some((s) => s.ran))
      complain(`iobench run: ${r.message}`);
    return r.code;
  } finally {
    events.dispose();
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}

/** Exit after stdout/stderr drained (gRPC channels and timers must not keep a finished command alive). */
export function register(program: Command): void {
  const cmd = program
    .command('run')
    .description('run a benchmark: estimate, pre-flight, stages with live statistics, results')
    .argument('<file>', 'sai3-bench YAML config')
    .option('--local <n>', 'start N agents on 127.0.0.1 (child processes) instead of distributed.agents')
    .option('--root <dir>', 'move file:// locations under DIR/agent-<i>/ (DIR must exist)')
    .option('--results <dir>', 'results folder (default ./iobench-results/<time>-<name>)')
    .option('--step <step>', 'run one ladder step: simple, medium or full')
    .option('--ladder', 'run SIMPLE, then MEDIUM, then FULL, predicting each from the previous')
    .option('--yes', 'do not ask before large runs (> 1 TB or > 10 M files)')
    .option('--json', 'print newline-delimited JSON events instead of text')
    .option('--detach', 'run in the background; prints the results folder (follow with `iobench attach`)')
    .option('--token <t>', 'bearer token for agents started with --token')
    .option('--no-preflight', 'skip pre-flight checks')
    .option('--accept-new-host-keys', 'SSH deployment: trust and record hosts missing from known_hosts')
    .option('--env-file <file>', 'forward the credentials of this KEY=VALUE file instead of the environment')
    .option(
      '--no-forward-env',
      'do not forward AWS_*, GOOGLE_APPLICATION_CREDENTIALS, AZURE_STORAGE_* to agents',
    )
    .option('-v, --verbose', 'per-agent lines and every pre-flight result');
  addTlsOptions(cmd).action(commandAction<RunOptions>('run', runCommand));
}
