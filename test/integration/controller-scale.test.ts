// The controller with many agents (light fakes speaking the proto, real gRPC on loopback): connect and
// pre-flight run in parallel but never more than core/parallel's bound at once; the terminal stays readable
// (no line per agent without -v; the slowest agent at a barrier and the failing agent named).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_PARALLEL_RPC } from '../../core/parallel';
import { RunEmitter, planRun, runSession } from '../../controller';
import { TerminalRenderer } from '../../cli/render/terminal';
import { startFakeAgent, type FakeAgent, type FakeAgentOptions } from './helpers/fake-agent';

function capture() {
  const s = { text: '', isTTY: false, columns: 200, write: (x: string) => ((s.text += x), true) };
  return s;
}

async function withFakes<T>(
  n: number,
  opts: (i: number) => FakeAgentOptions,
  body: (agents: FakeAgent[]) => Promise<T>,
): Promise<T> {
  const agents = await Promise.all(Array.from({ length: n }, (_, i) => startFakeAgent(opts(i))));
  try {
    return await body(agents);
  } finally {
    await Promise.all(agents.map((a) => a.close()));
  }
}

function planFor(agents: FakeAgent[], duration = '2s') {
  const p = planRun({
    duration,
    concurrency: 4,
    target: 'file:///bench/data/',
    workload: [{ op: 'get', path: '*', weight: 100 }],
    distributed: { agents: agents.map((a) => ({ address: a.address })) },
  });
  assert.ok(p.ok);
  return p.plan;
}

test(
  `connect and pre-flight of ${MAX_PARALLEL_RPC + 36} agents: parallel, at most ${MAX_PARALLEL_RPC} calls in flight; output stays readable`,
  { timeout: 60_000 },
  async () => {
    const n = MAX_PARALLEL_RPC + 36;
    const inFlight: Record<string, number> = {};
    const peak: Record<string, number> = {};
    const onCall = (m: string, d: 1 | -1) => {
      inFlight[m] = (inFlight[m] ?? 0) + d;
      peak[m] = Math.max(peak[m] ?? 0, inFlight[m]);
    };
    const slow = 37;
    await withFakes(
      n,
      (i) => ({
        tickMs: 200,
        stageMs: 100,
        unaryDelayMs: 200,
        onCall,
        ...(i === slow ? { extraFirstStageMs: 3_000 } : {}),
      }),
      async (agents) => {
        const emitter = new RunEmitter();
        const out = capture();
        const err = capture();
        const term = new TerminalRenderer({ out: out as never, err: err as never });
        emitter.onAny((name, data) => term.handle(name, data));
        const outcome = await runSession({ plan: planFor(agents, '1s'), emitter, tickMs: 200 });
        term.close();
        assert.equal(outcome.ok, true, outcome.reason);
        for (const m of ['Ping', 'PreFlightValidation'])
          assert.ok(peak[m] <= MAX_PARALLEL_RPC, `${m}: ${peak[m]} in flight`);
        // pre-flight starts on connected agents all at once: the bound is reached, so it is what limits
        assert.equal(
          peak.PreFlightValidation,
          MAX_PARALLEL_RPC,
          'pre-flight runs in parallel up to the bound',
        );
        const text = out.text + err.text;
        assert.match(text, new RegExp(`✓ ${n} agents connected \\(slowest: agent-\\d+, \\d+ ms\\)`));
        assert.doesNotMatch(text, /agent-\d+ 127\.0\.0\.1:\d+ connected/, 'no connect line per agent');
        assert.doesNotMatch(
          text,
          /agent-\d+ \(127\.0\.0\.1:\d+\): passed/,
          'no pre-flight line per passing agent',
        );
        assert.match(
          text,
          new RegExp(`barrier 0 released\\).* — last: agent-${slow + 1} \\(\\+\\d+\\.\\d s\\)`),
        );
        assert.match(text, /\[execute \ds\/1s\] total: .* \| slowest agent-\d+ [\d,]+ ops\/s/);
        assert.ok(text.split('\n').length < 60, `${text.split('\n').length} lines for ${n} agents`);
      },
    );
  },
);

test(
  'a failing agent among many fails the run, named once, the others counted',
  { timeout: 60_000 },
  async () => {
    await withFakes(
      20,
      (i) => ({ tickMs: 200, stageMs: 100, ...(i === 12 ? { failStage: 1 } : {}) }),
      async (agents) => {
        const emitter = new RunEmitter();
        const out = capture();
        const err = capture();
        const term = new TerminalRenderer({ out: out as never, err: err as never });
        emitter.onAny((name, data) => term.handle(name, data));
        const outcome = await runSession({ plan: planFor(agents), emitter, tickMs: 200, abortWaitMs: 2_000 });
        term.close();
        assert.equal(outcome.ok, false);
        assert.match(outcome.reason ?? '', /^agent-13 \(127\.0\.0\.1:\d+\) failed: fake failure in stage 2/);
        assert.match(err.text, /✗ agent-13 \(127\.0\.0\.1:\d+\): fake failure in stage 2/);
        assert.match(err.text, /✓ 20 agents aborted, idle/);
        assert.ok(err.text.split('\n').length < 15, err.text);
      },
    );
  },
);
