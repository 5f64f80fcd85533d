// `iobench agent [--listen 127.0.0.1:7167] --root DIR… [--token T] [--tls-cert C --tls-key K] [--insecure]`:
// the gRPC agent (agent/), wire-compatible with sai3-bench's iobench.Agent service.
import type { Command } from 'commander';
import { runAgentCommand } from '../../agent/command';
import { defineAgentOptions } from '../../agent/options';

export function register(program: Command): void {
  defineAgentOptions(
    program.command('agent').description('run the gRPC agent (file:// targets inside --root folders)'),
  ).action((o: Record<string, unknown>) => runAgentCommand(o));
}
