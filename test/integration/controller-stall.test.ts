// A stopped agent (SIGSTOP: the process exists, its socket is open, it answers nothing) is named within 15 s as
// "agent-2 (address) stopped answering", instead of a "Connection dropped" half a minute later.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { RunEmitter, planRun, runSession } from '../../controller';
import { fileDirectories } from '../../controller/local-root';
import { loadConfig } from '../../core/config';
import { smallConfig, withAgents } from './controller-helpers';

test('SIGSTOP on agent-2 mid-run: named as stopped answering within 15 s', () =>
  withAgents(2, async (agents, root) => {
    const r = planRun(loadConfig(smallConfig({ duration: '60s' })).value, {
      agents: agents.map((a) => ({ address: a.address })),
      root,
    });
    assert.ok(r.ok);
    for (const a of r.plan.agents)
      for (const d of fileDirectories(a.value)) mkdirSync(d, { recursive: true });
    const emitter = new RunEmitter();
    const ac = new AbortController();
    const done = runSession({
      plan: r.plan,
      emitter,
      signal: ac.signal,
      preflight: false,
      abortWaitMs: 2_000,
    });
    await emitter.waitFor('stage-start', (e) => e.stage.type === 'execute');
    const stalled = emitter.waitFor('log', (e) => /stopped answering/.test(e.message));
    const t0 = Date.now();
    process.kill(agents[1].pid, 'SIGSTOP');
    try {
      const e = await stalled;
      const s = (Date.now() - t0) / 1000;
      assert.ok(s < 15, `named after ${s.toFixed(1)} s`);
      assert.equal(e.level, 'warning');
      assert.equal(
        e.message.replace(/\d+ s$/, 'N s'),
        `agent-2 (${agents[1].address}) stopped answering: no LiveStats for N s`,
      );
    } finally {
      process.kill(agents[1].pid, 'SIGCONT');
    }
    ac.abort();
    const out = await done;
    assert.equal(out.ok, false);
  }));
