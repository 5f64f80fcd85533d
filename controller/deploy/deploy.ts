// Deploy agents on every host of a config over SSH, in parallel with a bound (core/parallel), and take them
// down again. One host failing fails the deployment, naming it; whatever was already started elsewhere is
// stopped before the error is returned, so a failed deploy leaves nothing running. Readiness is the agent
// answering Ping (through controller/connect, with the token), raced against the process dying on its host.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_PARALLEL_SSH } from '../../core/parallel';
import { mapBounded } from '../bounded';
import { connectAgent } from '../connect';
import { binaryDriver } from './binary';
import type { DeploySpec, HostSpec } from './config';
import { dockerDriver } from './docker';
import { DeployError, type HostDriver, type StartedAgent } from './remote';
import { openSsh, type SshSession, type SshTarget } from './ssh';

export interface DeployNote {
  host: string;
  name: string;
  text: string;
}

export interface SshContext {
  home: string;
  agentSock?: string;
  acceptNewHostKeys?: boolean;
}

export interface DeployOptions extends SshContext {
  spec: DeploySpec;
  /** dist/agent.js (binary deployments) */
  bundle: string;
  /** per host index: the folders its agent may touch */
  roots?: (string[] | undefined)[];
  token?: string;
  readyTimeoutMs?: number;
  signal?: AbortSignal;
  onNote?: (n: DeployNote) => void;
  /** stamp for remote log names */
  stamp?: string;
}

const driverOf = (t: DeploySpec['type']): HostDriver => (t === 'docker' ? dockerDriver : binaryDriver);

export function sshTarget(
  spec: Pick<DeploySpec, 'user' | 'port' | 'keyPath' | 'timeoutMs' | 'knownHosts'>,
  host: string,
  ctx: SshContext,
): SshTarget {
  return {
    host,
    port: spec.port,
    user: spec.user,
    ...(spec.keyPath ? { keyPath: spec.keyPath } : {}),
    ...(ctx.agentSock ? { agentSock: ctx.agentSock } : {}),
    home: ctx.home,
    timeoutMs: spec.timeoutMs,
    knownHosts: spec.knownHosts,
    ...(ctx.acceptNewHostKeys ? { acceptNewHostKeys: true } : {}),
  };
}

/** Waits for Ping; fails early with the agent's log when its process/container is gone. */
async function waitReady(
  ssh: SshSession,
  driver: HostDriver,
  a: StartedAgent,
  o: DeployOptions,
  signal: AbortSignal,
): Promise<void> {
  const timeout = o.readyTimeoutMs ?? 30_000;
  const ping = connectAgent(
    { id: a.name, index: a.index, address: a.address },
    { token: o.token, connectTimeoutMs: timeout },
  );
  const watch = new AbortController();
  // check the process while we wait: a bad option or a taken port ends it within a second
  const died = (async () => {
    while (!watch.signal.aborted) {
      const s = await driver.alive(ssh, a).catch(() => ({ alive: true, log: '' }));
      if (!s.alive) return s.log;
      await new Promise((r) => setTimeout(r, 500).unref());
    }
    return undefined;
  })();
  // another host failed: stop waiting (this agent is stopped with the others)
  const aborted = new Promise<{ aborted: true }>((res) => {
    if (signal.aborted) res({ aborted: true });
    else signal.addEventListener('abort', () => res({ aborted: true }), { once: true });
  });
  try {
    const r = await Promise.race([ping.then((c) => ({ c })), died.then((log) => ({ log })), aborted]);
    if ('aborted' in r) {
      ping.then((c) => c.close()).catch(() => undefined);
      throw new DeployError(a.host, `${a.host}: stopped (another host failed)`);
    }
    if ('c' in r) {
      r.c.close();
      return;
    }
    ping.then((c) => c.close()).catch(() => undefined);
    throw new DeployError(
      a.host,
      `${a.host}: agent ${a.name} exited right after starting:\n${(r.log ?? '').trim()}`,
    );
  } catch (e) {
    if (e instanceof DeployError) throw e;
    throw new DeployError(
      a.host,
      `${a.host}: agent ${a.name} did not answer Ping at ${a.address}: ${(e as Error).message}`,
    );
  } finally {
    watch.abort();
  }
}

export interface Deployment {
  spec: DeploySpec;
  token?: string;
  agents: StartedAgent[];
}

/** Deploys every host; on any failure stops what started and throws a DeployError naming the failed hosts. */
export async function deploy(o: DeployOptions): Promise<Deployment> {
  const driver = driverOf(o.spec.type);
  const stamp = o.stamp ?? new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const abort = new AbortController();
  const onOuter = () => abort.abort();
  o.signal?.addEventListener('abort', onOuter, { once: true });
  const started: StartedAgent[] = [];
  const note = (h: HostSpec, text: string) => o.onNote?.({ host: h.host, name: h.name, text });
  const settled = await mapBounded(
    o.spec.hosts,
    MAX_PARALLEL_SSH,
    async (h) => {
      let ssh: SshSession | undefined;
      try {
        note(h, 'connecting');
        ssh = await openSsh(sshTarget(o.spec, h.host, o), abort.signal);
        if (abort.signal.aborted) throw new DeployError(h.host, `${h.host}: stopped (another host failed)`);
        const a = await driver.start(ssh, h, {
          spec: o.spec,
          bundle: o.bundle,
          roots: o.roots?.[h.index] ?? [],
          ...(o.token && o.spec.type === 'binary' ? { token: o.token } : {}),
          stamp,
          signal: abort.signal,
        });
        started.push(a);
        note(h, a.pid ? `started (pid ${a.pid})` : `started (container ${a.containerId?.slice(0, 12)})`);
        await waitReady(ssh, driver, a, o, abort.signal);
        note(h, `ready at ${a.address}`);
        return a;
      } catch (e) {
        abort.abort(); // one failed host fails the deployment: the others stop starting
        throw e instanceof DeployError ? e : new DeployError(h.host, `${h.host}: ${(e as Error).message}`);
      } finally {
        ssh?.close();
      }
    },
    abort.signal,
  );
  o.signal?.removeEventListener('abort', onOuter);
  const failed = settled
    .map((s, i) => ({ s, h: o.spec.hosts[i] }))
    .filter((x): x is { s: PromiseRejectedResult; h: HostSpec } => x.s.status === 'rejected');
  if (failed.length) {
    await undeploy({ spec: o.spec, agents: started }, o);
    // the first cause first; hosts that were only stopped because of it come after
    const msgs = failed.map((f) => (f.s.reason as Error).message);
    const primary = msgs.filter((m) => !/another host failed|aborted/.test(m));
    throw new DeployError(
      failed[0].h.host,
      `deployment failed on ${failed.map((f) => `${f.h.name} (${f.h.host})`).join(', ')}:\n  ${(primary.length ? primary : msgs).join('\n  ')}` +
        (started.length ? `\n(${started.length} agent(s) already started were stopped)` : ''),
    );
  }
  return {
    spec: o.spec,
    ...(o.token ? { token: o.token } : {}),
    agents: started.sort((a, b) => a.index - b.index),
  };
}

export interface UndeployResult {
  stopped: string[];
  errors: string[];
  logs: string[];
}

/** Stops every agent of a deployment (in parallel, bounded); logs go to `<logDir>/<name>.log` when given. */
export async function undeploy(
  d: Pick<Deployment, 'spec' | 'agents'>,
  ctx: SshContext & { logDir?: string; onNote?: (n: DeployNote) => void },
): Promise<UndeployResult> {
  const driver = driverOf(d.spec.type);
  if (ctx.logDir) mkdirSync(ctx.logDir, { recursive: true });
  const out: UndeployResult = { stopped: [], errors: [], logs: [] };
  await mapBounded(d.agents, MAX_PARALLEL_SSH, async (a) => {
    let ssh: SshSession | undefined;
    try {
      ssh = await openSsh(sshTarget(d.spec, a.host, ctx));
      const log = ctx.logDir ? join(ctx.logDir, `${a.name.replace(/[^A-Za-z0-9_.-]/g, '_')}.log`) : undefined;
      await driver.stop(ssh, a, log);
      out.stopped.push(a.name);
      if (log) out.logs.push(log);
      ctx.onNote?.({ host: a.host, name: a.name, text: 'stopped' });
    } catch (e) {
      out.errors.push(`${a.name} (${a.host}): ${(e as Error).message}`);
    } finally {
      ssh?.close();
    }
  });
  return out;
}
