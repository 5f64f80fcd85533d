// Faults between controller and agents, each bounded in time: the run either completes with the right results
// or fails naming the agent — it never hangs.
// - 100 ms latency and 1 % loss through our fault-injecting TCP proxy (no root needed);
// - an agent whose clock is 4 s ahead (in-process offset option of the agent);
// - an agent in its own network namespace partitioned (iptables DROP inside it) for longer than the keepalive;
// - the same agent behind a bandwidth cap (tc tbf on both veth ends).
// The namespace tests need root and namespaces; they skip with the reason where those are missing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import {
  RunEmitter,
  agentRefs,
  connectAll,
  planRun,
  runSession,
  runStreams,
  type RunPlan,
} from '../../controller';
import { fileDirectories } from '../../controller/local-root';
import { loadConfig } from '../../core/config';
import { estimate } from '../../core/estimate';
import {
  CLI,
  countTree,
  record,
  smallConfig,
  tempDir,
  withAgents,
  type Recorded,
} from './controller-helpers';
import { startFaultProxy } from './helpers/fault-proxy';
import { createNetns, netnsUnavailable, type Netns } from './helpers/netns';
import { startLocalAgent, stopLocalAgents } from '../../controller/local-agents';

function plan(text: string, addresses: string[], root: string): RunPlan {
  const r = planRun(loadConfig(text).value, { agents: addresses.map((address) => ({ address })), root });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  for (const a of r.plan.agents) for (const d of fileDirectories(a.value)) mkdirSync(d, { recursive: true });
  return r.plan;
}

/** The run did what the estimate says: every stage summarised, every agent's files created and cleaned up. */
function assertRightResults(p: RunPlan, ev: Recorded[], onDisk: Record<string, number>): void {
  const predicted = estimate(p.model);
  const summaries = ev.filter((e) => e.name === 'stage-summary').map((e) => e.data.stage.type);
  assert.deepEqual(summaries, ['validation', 'prepare', 'execute', 'cleanup']);
  p.agents.forEach((a, i) =>
    assert.equal(onDisk[a.id], Number(predicted.perAgent[i].files), `${a.id} files`),
  );
  const exec = ev.find((e) => e.name === 'stage-summary' && e.data.stage.type === 'execute')!.data;
  assert.equal(
    exec.total.get.ops,
    exec.agents.reduce((s: number, a: any) => s + a.get.ops, 0),
  );
  assert.ok(exec.total.get.ops > 0);
  assert.equal(exec.total.errors, 0);
}

const countFiles = (p: RunPlan, onDisk: Record<string, number>) => (e: { stage: { type: string } }) => {
  if (e.stage.type === 'prepare') for (const a of p.agents) onDisk[a.id] = countTree(a.folder!).files;
};

test(
  '100 ms latency and 1 % loss between controller and one agent: the run completes with the right results',
  { timeout: 90_000 },
  () =>
    withAgents(2, async (agents, root) => {
      const proxy = await startFaultProxy({
        target: { host: '127.0.0.1', port: Number(agents[1].address.split(':')[1]) },
        latencyMs: 100,
        lossRate: 0.01,
        seed: 7,
      });
      try {
        const p = plan(smallConfig({ duration: '2s' }), [agents[0].address, proxy.address], root);
        const emitter = new RunEmitter();
        const ev = record(emitter);
        const onDisk: Record<string, number> = {};
        emitter.on('stage-summary', countFiles(p, onDisk));
        const t0 = Date.now();
        const out = await runSession({ plan: p, emitter });
        assert.equal(out.ok, true, out.reason);
        assertRightResults(p, ev, onDisk);
        // the faults were there: every round trip through the proxy costs ≥ 200 ms
        const s = proxy.stats();
        assert.ok(s.segments > 20, `${s.segments} segments through the proxy`);
        const connected = ev.find((e) => e.name === 'agent-connected' && e.data.agent.id === 'agent-2')!;
        assert.ok(connected.data.ms >= 200, `connect through the proxy took ${connected.data.ms} ms`);
        assert.ok(Date.now() - t0 < 60_000);
      } finally {
        await proxy.close();
      }
    }),
);

test(
  'the fault proxy: 1 % of segments late by the RTO, 100 ms each way, bytes intact and in order',
  { timeout: 30_000 },
  async () => {
    const echo = createServer((s) => s.pipe(s));
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', () => r()));
    const port = (echo.address() as { port: number }).port;
    const proxy = await startFaultProxy({
      target: { host: '127.0.0.1', port },
      latencyMs: 100,
      lossRate: 0.01,
      seed: 3,
    });
    try {
      const data = Buffer.alloc(2_000_000);
      for (let i = 0; i < data.length; i++) data[i] = (i * 7 + (i >> 11)) & 0xff;
      const c = connect(proxy.port, '127.0.0.1');
      const t0 = Date.now();
      let firstAt = 0;
      const got: Buffer[] = [];
      let n = 0;
      await new Promise<void>((resolve, reject) => {
        c.on('data', (d: Buffer) => {
          firstAt ||= Date.now();
          got.push(d);
          n += d.length;
          if (n >= data.length) resolve();
        });
        c.on('error', reject);
        c.write(data);
      });
      c.destroy();
      assert.ok(Buffer.concat(got).equals(data), 'echoed bytes identical and in order');
      assert.ok(firstAt - t0 >= 200, `first echo after ${firstAt - t0} ms (2 × 100 ms each way)`);
      const s = proxy.stats();
      const rate = s.lost / s.segments;
      assert.ok(s.segments > 2_000 && rate > 0.004 && rate < 0.02, `${s.lost}/${s.segments} lost`);
    } finally {
      await proxy.close();
      echo.close();
    }
  },
);

test(
  'a proxy that cuts every connection mid-run: the run fails naming the agent, promptly',
  { timeout: 60_000 },
  () =>
    withAgents(2, async (agents, root) => {
      const proxy = await startFaultProxy({
        target: { host: '127.0.0.1', port: Number(agents[1].address.split(':')[1]) },
        latencyMs: 20,
      });
      const p = plan(smallConfig({ duration: '30s' }), [agents[0].address, proxy.address], root);
      const emitter = new RunEmitter();
      let cutAt = 0;
      emitter.on('live-stats', (e) => {
        if (e.stage.type === 'execute' && !cutAt) {
          cutAt = Date.now();
          void proxy.close();
        }
      });
      const out = await runSession({ plan: p, emitter, abortWaitMs: 2_000 });
      assert.equal(out.ok, false);
      assert.match(out.reason ?? '', new RegExp(`^agent-2 \\(${proxy.address}\\) failed`));
      assert.ok(Date.now() - cutAt < 20_000, `failed ${Date.now() - cutAt} ms after the cut`);
    }),
);

test(
  'an agent whose clock is 4 s ahead: the offset is measured and recorded, the run completes correctly',
  { timeout: 60_000 },
  async () => {
    const root = tempDir();
    const command = [process.execPath, CLI];
    const normal = await startLocalAgent(0, { root, command });
    const skewed = await startLocalAgent(1, {
      root,
      command,
      env: { ...process.env, IOBENCH_CLOCK_OFFSET_MS: '4000' },
    });
    try {
      const p = plan(smallConfig({ duration: '2s' }), [normal.address, skewed.address], root);
      const emitter = new RunEmitter();
      const ev = record(emitter);
      const onDisk: Record<string, number> = {};
      emitter.on('stage-summary', countFiles(p, onDisk));
      const results = join(root, 'results');
      const out = await runSession({ plan: p, emitter, resultsDir: results });
      assert.equal(out.ok, true, out.reason);
      assertRightResults(p, ev, onDisk);
      const offsets = Object.fromEntries(
        ev.filter((e) => e.name === 'agent-ready').map((e) => [e.data.agent.id, e.data.clockOffsetMs]),
      );
      assert.ok(Math.abs(offsets['agent-1']) < 1000, `agent-1 offset ${offsets['agent-1']}`);
      assert.ok(Math.abs(offsets['agent-2'] - 4000) < 1000, `agent-2 offset ${offsets['agent-2']}`);
      const summary = JSON.parse(readFileSync(join(results, 'summary.json'), 'utf8'));
      const rec = summary.agents.find((a: any) => a.id === 'agent-2');
      assert.ok(Math.abs(rec.clockOffsetMs - 4000) < 1000);
    } finally {
      await stopLocalAgents([normal, skewed]);
      rmSync(root, { recursive: true, force: true });
    }
  },
);

// ---------------------------------------------------------------------------------------------------------
// Agents in network namespaces (root)

const nsSkip = netnsUnavailable();
const TOKEN = 'faults-test-token-0123456789';

/** A real agent inside the namespace, listening on its address (token required: it is not loopback). */
async function agentInNetns(ns: Netns, root: string) {
  mkdirSync(root, { recursive: true });
  const p = ns.spawn([
    process.execPath,
    CLI,
    'agent',
    '--listen',
    `${ns.nsIp}:0`,
    '--root',
    root,
    '--token',
    TOKEN,
  ]);
  const address = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    p.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
    p.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /listening on (\S+:\d+)/.exec(out);
      if (m) resolve(m[1]);
    });
    p.once('exit', (c) => reject(new Error(`agent in ${ns.name} exited ${c}: ${err}`)));
  });
  return {
    address,
    stop: () =>
      new Promise<void>((r) => {
        if (p.exitCode !== null || p.signalCode) return r();
        p.once('exit', () => r());
        p.kill('SIGKILL');
      }),
  };
}

async function withNetnsAgents<T>(
  body: (ns: Netns, addresses: string[], root: string) => Promise<T>,
): Promise<T> {
  const root = tempDir();
  const ns = createNetns();
  // both agents need the token: one local (loopback) and one in the namespace
  const local = await startLocalAgent(0, { root, command: [process.execPath, CLI], token: TOKEN });
  let remote: Awaited<ReturnType<typeof agentInNetns>> | undefined;
  try {
    remote = await agentInNetns(ns, join(root, 'agent-2'));
    return await body(ns, [local.address, remote.address], root);
  } finally {
    await remote?.stop();
    await local.stop();
    ns.destroy();
    rmSync(root, { recursive: true, force: true });
  }
}

test(
  'partition of one agent longer than the keepalive: the run fails naming it, within bounds',
  { skip: nsSkip, timeout: 60_000 },
  () =>
    withNetnsAgents(async (ns, addresses, root) => {
      const p = plan(smallConfig({ duration: '60s' }), addresses, root);
      const conn = await connectAll(agentRefs(p), {
        token: TOKEN,
        keepaliveMs: 1_000,
        keepaliveTimeoutMs: 1_000,
      });
      assert.ok(conn.ok);
      const emitter = new RunEmitter();
      let cutAt = 0;
      emitter.on('live-stats', (e) => {
        if (e.stage.type !== 'execute' || cutAt) return;
        cutAt = Date.now();
        ns.run(['iptables', '-I', 'INPUT', '-j', 'DROP']);
        ns.run(['iptables', '-I', 'OUTPUT', '-j', 'DROP']);
      });
      const out = await runStreams({
        plan: p,
        connections: conn.connections,
        emitter,
        abortWaitMs: 2_000,
        idleWaitMs: 2_000,
        stallFailMs: 15_000,
      });
      for (const c of conn.connections) c.close();
      assert.equal(out.ok, false);
      assert.match(
        out.reason ?? '',
        new RegExp(`^agent-2 \\(${addresses[1].replace(/\./g, '\\.')}\\) failed`),
      );
      const took = Date.now() - cutAt;
      assert.ok(cutAt > 0 && took < 25_000, `failed ${took} ms after the partition`);
    }),
);

test(
  'bandwidth cap (tc tbf) on one agent: the run completes with the right results',
  { skip: nsSkip, timeout: 90_000 },
  () =>
    withNetnsAgents(async (ns, addresses, root) => {
      // 1 Mbit/s each way: LiveStats and stage summaries (with histograms) squeeze through, slower
      ns.run([
        'tc',
        'qdisc',
        'add',
        'dev',
        ns.nsDev,
        'root',
        'tbf',
        'rate',
        '1mbit',
        'burst',
        '16kb',
        'latency',
        '400ms',
      ]);
      const p = plan(smallConfig({ duration: '2s' }), addresses, root);
      const emitter = new RunEmitter();
      const ev = record(emitter);
      const onDisk: Record<string, number> = {};
      emitter.on('stage-summary', countFiles(p, onDisk));
      const out = await runSession({ plan: p, emitter, token: TOKEN });
      assert.equal(out.ok, true, out.reason);
      assertRightResults(p, ev, onDisk);
      const stats = ns.run(['tc', '-s', 'qdisc', 'show', 'dev', ns.nsDev]);
      const sent = Number(/Sent (\d+) bytes/.exec(stats)?.[1] ?? 0);
      assert.ok(/tbf/.test(stats) && sent > 1_000, `the agent's replies went through the cap: ${stats}`);
    }),
);
