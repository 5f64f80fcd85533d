// Standalone agent entry (bundled as dist/agent.js): `node dist/agent.js --root DIR [--listen …]`.
import { Command } from 'commander';
import { runAgentCommand } from './command';
import { defineAgentOptions } from './options';

const program = defineAgentOptions(new Command('iobench-agent').description('iobench gRPC agent'));
program.action((o: Record<string, unknown>) => runAgentCommand(o));
program.parseAsync(process.argv).catch((e: unknown) => {
  process.stderr.write(`iobench agent: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
