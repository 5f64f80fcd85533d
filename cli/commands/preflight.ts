// `iobench preflight FILE [--local N] [--root DIR] [--json]`: pre-flight on every agent of the config (or on
// local ones), all in parallel; results grouped per agent with icons, suggestions and config positions.
// Exit 0 when no agent reported an error, 1 otherwise (or when an agent is unreachable), 2 for usage errors.
import type { Command } from 'commander';
import { homedir } from 'node:os';
import { RunEmitter, preflightConfig, toJson } from '../../controller';
import { readText } from '../format';
import { addTlsOptions, tlsFromFlags, type TlsFlags } from '../tls-options';
import { preflightAgentLines, preflightDoneLine } from '../render/preflight';
import { UsageError, commandAction } from '../command-kit';
import { checkRoot, credentialsFromFlags, parseLocal, selfCommand } from '../local-setup';

interface PreflightOptions extends TlsFlags {
  local?: string;
  root?: string;
  json?: boolean;
  token?: string;
  verbose?: boolean;
  forwardEnv?: boolean;
  envFile?: string;
}

async function preflightCommand(file: string, o: PreflightOptions): Promise<number> {
  const tls = tlsFromFlags(o, (m) => new UsageError(m));
  const forwardEnv = credentialsFromFlags(o); // as for `run`: sai3 agents export them at pre-flight too
  const text = readText(file);
  const emitter = new RunEmitter();
  if (!o.json) {
    emitter.listen('preflight-result', (e) =>
      process.stdout.write(`${preflightAgentLines(e, file, o.verbose).join('\n')}\n`),
    );
    emitter.listen('preflight-done', (e) => process.stdout.write(`${preflightDoneLine(e)}\n`));
  }
  const r = await preflightConfig({
    file,
    text,
    local: parseLocal(o.local),
    root: checkRoot(o.root),
    token: o.token,
    tls,
    ...(forwardEnv ? { forwardEnv } : {}),
    emitter,
    agentCommand: selfCommand(),
    deploy: { env: process.env, home: homedir() }, // agents kept up by `iobench deploy`
    // Say where local agents really look: the config's file:// folders are moved under this root.
    onLocalAgents: ({ agents, root }) => {
      if (!o.json)
        process.stdout.write(
          `Local agents: ${agents.map((a) => a.address).join(', ')} · root ${root} (file:// locations are checked under it${o.root ? '' : '; pass --root DIR to choose it'})\n`,
        );
    },
  });
  if (r.phase === 'config') {
    process.stderr.write(`${r.errors.join('\n')}\n`);
    return 1;
  }
  if (r.phase === 'connect') {
    if (o.json) process.stdout.write(`${toJson({ passed: false, errors: r.errors })}\n`);
    for (const e of r.errors) process.stderr.write(`✗ ${e}\n`);
    return 1;
  }
  const out = r.outcome;
  if (o.json)
    process.stdout.write(
      `${toJson({
        passed: out.passed,
        agents: out.agents.map((a) => ({
          ...a.agent,
          passed: a.passed,
          errors: a.errors,
          warnings: a.warnings,
          results: a.items,
        })),
        ...(out.calibration ? { calibration: out.calibration } : {}),
      })}\n`,
    );
  return out.passed ? 0 : 1;
}

export function register(program: Command): void {
  const cmd = program
    .command('preflight')
    .description(
      'check every agent of a config (in parallel): paths, permissions, free space, measured rates',
    )
    .argument('<file>', 'sai3-bench YAML config')
    .option('--local <n>', 'start N agents on 127.0.0.1 instead of distributed.agents')
    .option('--root <dir>', 'move file:// locations under DIR/agent-<i>/ (DIR must exist)')
    .option('--json', 'print one JSON object with every result')
    .option('--token <t>', 'bearer token for agents started with --token')
    .option('--env-file <file>', 'forward the credentials of this KEY=VALUE file instead of the environment')
    .option(
      '--no-forward-env',
      'do not forward AWS_*, GOOGLE_APPLICATION_CREDENTIALS, AZURE_STORAGE_* to agents',
    )
    .option('-v, --verbose', 'print successful checks too');
  addTlsOptions(cmd).action(commandAction<PreflightOptions>('preflight', preflightCommand));
}
