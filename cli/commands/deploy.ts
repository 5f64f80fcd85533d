// `iobench deploy FILE [--accept-new-host-keys] [--token T] [--json]` and `iobench undeploy FILE [--logs DIR]`:
// agents that stay up across runs, started over SSH as the config's distributed.ssh/deployment say (every host
// key verified against known_hosts). `iobench run FILE` uses them while they are recorded.
import type { Command } from 'commander';
import { homedir } from 'node:os';
import { basename, resolve } from 'node:path';
import { loadChecked } from '../../controller';
import { deployAndKeep, undeployKept } from '../../controller/deploy';
import { commandAction } from '../command-kit';
import { deployContext, type DeployFlags } from '../deploy-hook';

interface DeployOptions extends DeployFlags {
  token?: string;
}
import { readText } from '../format';

const say = (s: string) => process.stdout.write(`${s}\n`);

async function deployCommand(file: string, o: DeployOptions): Promise<number> {
  const checked = loadChecked(file, readText(file));
  if (!checked.ok) {
    process.stderr.write(`${checked.errors.join('\n')}\n`);
    return 1;
  }
  const loaded = checked.value;
  const ac = new AbortController();
  const onSig = () => ac.abort();
  process.once('SIGINT', onSig);
  try {
    const { deployment, record } = await deployAndKeep({
      ...deployContext(o),
      file,
      config: loaded.value,
      ...(o.token ? { token: o.token } : {}),
      signal: ac.signal,
    });
    if (o.json) say(JSON.stringify({ record, agents: deployment.agents }));
    else {
      for (const a of deployment.agents)
        say(`${a.name}\t${a.address}\t${a.pid ? `pid ${a.pid}` : `container ${a.containerId}`}`);
      say(
        `Deployed ${deployment.agents.length} agent(s); \`iobench run ${file}\` uses them, \`iobench undeploy ${file}\` stops them.`,
      );
    }
    return 0;
  } finally {
    process.off('SIGINT', onSig);
  }
}

async function undeployCommand(file: string, o: { logs?: string }): Promise<number> {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const logDir = resolve(
    o.logs ?? `iobench-results/${stamp}-${basename(file).replace(/\.(iobench\.)?ya?ml$/, '')}-agents`,
  );
  const r = await undeployKept({
    file,
    env: process.env,
    home: homedir(),
    logDir,
    ...(process.env.SSH_AUTH_SOCK ? { agentSock: process.env.SSH_AUTH_SOCK } : {}),
  });
  if (!r) {
    process.stderr.write(`iobench undeploy: ${file} has no recorded deployment (nothing to stop)\n`);
    return 1;
  }
  say(`Stopped ${r.stopped.length} agent(s); logs in ${logDir}`);
  for (const e of r.errors) process.stderr.write(`iobench undeploy: ${e}\n`);
  return r.errors.length ? 1 : 0;
}

export function register(program: Command): void {
  program
    .command('deploy')
    .description(
      "start the config's agents over SSH and keep them up (distributed.ssh + distributed.deployment)",
    )
    .argument('<file>', 'sai3-bench YAML config')
    .option('--accept-new-host-keys', 'trust and record hosts missing from known_hosts (never a changed key)')
    .option('--token <t>', 'token the agents require (default: a generated one, kept with the deployment)')
    .option('--json', 'print the deployment as JSON')
    .option('-v, --verbose', 'a line per host and step (default: for the first 8 hosts)')
    .action(commandAction<DeployOptions>('deploy', deployCommand));
  program
    .command('undeploy')
    .description('stop the agents `iobench deploy` started for this config and fetch their logs')
    .argument('<file>', 'sai3-bench YAML config')
    .option('--logs <dir>', "where the agents' logs go (default ./iobench-results/<time>-<name>-agents)")
    .action(commandAction<{ logs?: string }>('undeploy', undeployCommand));
}
