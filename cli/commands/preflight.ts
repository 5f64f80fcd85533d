// `iobench preflight FILE [--local N] [--root DIR] [--json]`: pre-flight on every agent of the config (or on
// local ones), all in parallel; results grouped per agent with icons, suggestions and config positions.
// Exit 0 when no agent reported an error, 1 otherwise (or when an agent is unreachable), 2 for usage errors.
import type { Command } from 'commander';
import { RunEmitter, agentRefs, connectAll, preflightAll, toJson } from '../../controller';
import { readText } from '../format';
import { addTlsOptions, tlsFromFlags, type TlsFlags } from '../tls-options';
import { addTokenOptions, tokenFromFlags, type TokenFlags } from '../token-options';
import { locate } from '../render/config';
import { preflightAgentLines, preflightDoneLine } from '../render/preflight';
import { UsageError, commandAction } from '../command-kit';
import { checkRoot, loadOrReport, localSetup, parseLocal } from '../local-setup';

interface PreflightOptions extends TlsFlags, TokenFlags {
  local?: string;
  root?: string;
  json?: boolean;
  token?: string;
  verbose?: boolean;
}

async function preflightCommand(file: string, o: PreflightOptions): Promise<number> {
  const tls = tlsFromFlags(o, (m) => new UsageError(m));
  tokenFromFlags(o);
  const loaded = loadOrReport(file, readText(file));
  if (!loaded) return 1;
  const setup = await localSetup(file, loaded, parseLocal(o.local), checkRoot(o.root), o.token);
  if (!setup) return 1;
  try {
    // Say where local agents really look: the config's file:// folders are moved under this root.
    if (setup.agents.length && !o.json)
      process.stdout.write(
        `Local agents: ${setup.agents.map((a) => a.address).join(', ')} · root ${setup.root} (file:// locations are checked under it${o.root ? '' : '; pass --root DIR to choose it'})\n`,
      );
    const conn = await connectAll(agentRefs(setup.plan), { token: setup.token ?? o.token, tls });
    if (!conn.ok) {
      if (o.json)
        process.stdout.write(`${toJson({ passed: false, errors: conn.errors.map((e) => e.message) })}\n`);
      for (const e of conn.errors) process.stderr.write(`✗ ${e.message}\n`);
      return 1;
    }
    const emitter = new RunEmitter();
    if (!o.json) {
      emitter.on('preflight-result', (e) =>
        process.stdout.write(`${preflightAgentLines(e, file, o.verbose).join('\n')}\n`),
      );
      emitter.on('preflight-done', (e) => process.stdout.write(`${preflightDoneLine(e)}\n`));
    }
    const out = await preflightAll(conn.connections, setup.plan.agents, {
      emitter,
      locate: (p) => locate(loaded, p),
      config: loaded.value as Record<string, unknown>,
    });
    for (const c of conn.connections) c.close();
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
  } finally {
    await setup.release();
  }
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
    .option('-v, --verbose', 'print successful checks too');
  addTokenOptions(addTlsOptions(cmd)).action(commandAction<PreflightOptions>('preflight', preflightCommand));
}
