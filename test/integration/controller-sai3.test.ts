// `iobench run` (dist/cli.js, a child process) against sai3-bench agents — emulated in this process by
// test/integration/sai3-emulator (sai3 itself cannot be built here) — and, with the same configs, against our
// own agents. One test per way a run against sai3 v0.8.97 agents used to fail (sai3-wire-audit.md §B1-B5).
// Tests wait on process exits, never on sleeps; everything listens on 127.0.0.1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { RunEmitter, agentRefs, connectAll, planRun, runSession, runStreams } from '../../controller';
import { iobench, smallConfig, withTempDir, type CliResult } from './controller-helpers';
import { startSai3Emulator, type EmulatorOptions, type Sai3Emulator } from './sai3-emulator';

const SECRET_ID = 'AKIAEMULATORSECRET01';
const SECRET = 'wJalrXUtnFEMI-emulator-secret-value';

/** Overrides that remove every credential of the machine running the tests (spawn skips undefined values). */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const k of Object.keys(process.env))
    if (/^(AWS_|GOOGLE_APPLICATION_CREDENTIALS|AZURE_STORAGE_)/.test(k)) env[k] = undefined;
  return { ...env, ...extra };
}

async function withEmulators<T>(
  opts: EmulatorOptions[],
  body: (emus: Sai3Emulator[], dir: string) => Promise<T>,
): Promise<T> {
  const emus = await Promise.all(opts.map((o) => startSai3Emulator(o)));
  try {
    return await withTempDir((dir) => body(emus, dir));
  } finally {
    await Promise.all(emus.map((e) => e.close()));
  }
}

/** Fast emulator timings: the flush and minimum-stats waits shortened (sai3: 5 s and 3 s). */
const FAST: EmulatorOptions = { flushMs: 200, minStatsMs: 300 };

function run(dir: string, name: string, text: string, extra: string[] = [], env = cleanEnv()) {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, text);
  const results = join(dir, `${name}-results`);
  const t0 = Date.now();
  return iobench(['run', file, '--yes', '--results', results, ...extra], { env }).then((r) => ({
    ...r,
    results,
    seconds: (Date.now() - t0) / 1000,
  }));
}

const emuConfig = (emus: Sai3Emulator[], c: Parameters<typeof smallConfig>[0] = {}) =>
  smallConfig({ ...c, agents: emus.map((e) => ({ address: e.address })) });

const ok = (r: CliResult) => assert.equal(r.code, 0, `exit ${r.code}\n${r.stdout}\n${r.stderr}`);

/** Every file under dir, recursively, as text. */
function allText(dir: string): string {
  let out = '';
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    out += statSync(p).isDirectory() ? allText(p) : readFileSync(p, 'utf8');
  }
  return out;
}

test('B1: credentials reach a sai3 agent in distributed_env and appear nowhere in output or results', () =>
  withEmulators([FAST], async ([emu], dir) => {
    const s3 = emuConfig([emu], { target: 's3://bench-bucket/run/', duration: '1s', cleanup: false });
    const env = cleanEnv({ AWS_ACCESS_KEY_ID: SECRET_ID, AWS_SECRET_ACCESS_KEY: SECRET, HOME_SECRET: 'x' });
    const r = await run(dir, 'creds', s3, [], env);
    ok(r);
    assert.equal(emu.state.env.get('AWS_ACCESS_KEY_ID'), SECRET_ID);
    assert.equal(emu.state.env.get('AWS_SECRET_ACCESS_KEY'), SECRET);
    assert.equal(emu.state.env.has('HOME_SECRET'), false, 'only the allow-list is forwarded');
    assert.match(r.stderr, /forwarding 2 credential variables .*AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY/);
    for (const where of [r.stdout, r.stderr, allText(r.results)]) {
      assert.ok(!where.includes(SECRET), 'the secret leaked');
      assert.ok(!where.includes(SECRET_ID), 'the key id leaked');
    }
    assert.ok(readdirSync(r.results).includes('events.ndjson'));
  }));

test('B1: without forwarding a sai3 agent without credentials fails pre-flight; --env-file forwards a file', () =>
  withEmulators([FAST, FAST], async ([a, b], dir) => {
    const s3 = (e: Sai3Emulator) =>
      emuConfig([e], { target: 's3://bench-bucket/run/', duration: '1s', cleanup: false });
    const env = cleanEnv({ AWS_ACCESS_KEY_ID: SECRET_ID, AWS_SECRET_ACCESS_KEY: SECRET });
    const off = await run(dir, 'off', s3(a), ['--no-forward-env'], env);
    assert.equal(off.code, 1);
    assert.match(off.stdout + off.stderr, /No credentials detected/);
    assert.equal(a.state.env.size, 0);

    const envFile = join(dir, 'creds.env');
    writeFileSync(envFile, `# test\nAWS_ACCESS_KEY_ID=from-file\nexport AWS_REGION="eu-1"\nPATH_X=no\n`);
    const fromFile = await run(dir, 'file', s3(b), ['--env-file', envFile], env);
    ok(fromFile);
    assert.equal(b.state.env.get('AWS_ACCESS_KEY_ID'), 'from-file', 'the file replaces the environment');
    assert.equal(b.state.env.get('AWS_REGION'), 'eu-1');
    assert.equal(b.state.env.has('AWS_SECRET_ACCESS_KEY'), false);
    assert.equal(b.state.env.has('PATH_X'), false);
    const missing = await run(dir, 'missing', s3(b), ['--env-file', join(dir, 'nope.env')], env);
    // Node 20 itself looks at a `--env-file` after the script and exits 9 on a missing file before we run;
    // either way the run does not start and the file is named
    assert.ok(missing.code === 2 || missing.code === 9, `exit ${missing.code}`);
    assert.match(missing.stderr, /nope\.env/);
  }));

test('B1, our agent: the forwarded credentials do not disturb the run and do not leak', () =>
  withTempDir(async (dir) => {
    const env = cleanEnv({ AWS_ACCESS_KEY_ID: SECRET_ID, AWS_SECRET_ACCESS_KEY: SECRET });
    const r = await run(dir, 'ours', smallConfig({ duration: '1s' }), ['--local', '1', '--root', dir], env);
    ok(r);
    for (const where of [r.stdout, r.stderr, allText(r.results)]) assert.ok(!where.includes(SECRET));
  }));

for (const mode of ['Idle', 'Failed'] as const)
  test(`B2: a START the sai3 agent rejects (stays ${mode}) fails within seconds naming the agent; the next run works`, () =>
    withEmulators(
      [
        { ...FAST, rejectedStartState: mode },
        { ...FAST, rejectedStartState: mode },
      ],
      async (emus, dir) => {
        // a GET on an absolute file:// glob with no files yet: passes pre-flight, fails sai3's START check
        const data = join(dir, 'gets');
        mkdirSync(data);
        const text = emuConfig(emus, { duration: '1s', cleanup: false }).replace(
          /path: "?\*"?/,
          `path: "file://${data}/*.dat"`,
        );
        const r = await run(dir, 'rejected', text);
        assert.equal(r.code, 1);
        assert.ok(r.seconds < 15, `took ${r.seconds} s`);
        // whichever agent's diagnosis comes first is named, with its address
        const named = emus.map((e, i) => `agent-${i + 1} (${e.address})`).filter((x) => r.stderr.includes(x));
        assert.ok(named.length, r.stderr);
        if (mode === 'Failed') {
          // QueryAgentStatus carries the agent's own error (agent.rs:1048)
          assert.match(
            r.stderr,
            /rejected the run: Config validation failed: No files found matching GET pattern/,
          );
          assert.ok(
            emus.every((e) => e.state.state.kind === 'Idle'),
            'the controller reset the agents',
          );
        } else assert.match(r.stderr, /rejected START without a word/);
        assert.doesNotMatch(r.stderr, /closed the stream before completing/);
        assert.match(r.stderr, /checks at START, before the prepare stage creates any file/, 'warned first');

        writeFileSync(join(data, 'x.dat'), 'x');
        ok(await run(dir, 'after', text));
      },
    ));

test('B2: an agent left Failed by someone else is reset before START', () =>
  withEmulators([FAST], async ([emu], dir) => {
    emu.state.state = { kind: 'Failed' };
    emu.state.error = 'Barrier coordination failed: stage 1 not released';
    const r = await run(dir, 'leftover', emuConfig([emu], { duration: '1s', cleanup: false }));
    ok(r);
    assert.match(
      r.stderr,
      /agent-1 was left Failed \(Barrier coordination failed.*\) by an earlier run; it was reset/,
    );
  }));

test('B2, our agent: a START it rejects fails within seconds with its own error', () =>
  withTempDir(async (dir) => {
    // our agent answers ERROR at once (no silent close); --no-preflight so that START itself refuses
    const text = smallConfig({ target: 's3://bench-bucket/run/', duration: '1s', cleanup: false });
    const r = await run(dir, 'ours', text, ['--local', '1', '--no-preflight']);
    assert.equal(r.code, 1);
    assert.ok(r.seconds < 15, `took ${r.seconds} s`);
    assert.match(
      r.stderr,
      /agent-1 \(127\.0\.0\.1:\d+\).*s3:\/\/bench-bucket\/run\/: this agent supports file:\/\/ and direct:\/\/ only/,
    );
  }));

test(
  'B3: the barrier-0 release waits for each agent to listen (flip-to-subscribe gap widened to 1.5 s)',
  { timeout: 60_000 },
  () =>
    withEmulators(
      [
        { ...FAST, subscribeGapMs: 1500, barrierSecondMs: 10 },
        { ...FAST, subscribeGapMs: 1500, barrierSecondMs: 10 },
      ],
      async (emus, dir) => {
        // with barrierSecondMs 10, a lost release of barrier 0 fails the agent after 6 × 1.2 s
        const r = await run(dir, 'gap', emuConfig(emus, { duration: '1s' }));
        ok(r);
        assert.ok(emus.every((e) => !e.state.seen.some((s) => s.command === 'stats-writer-gave-up')));
      },
    ),
);

test(
  'B4a: READY spread beyond the stats writer give-up — completion confirmed by QueryAgentStatus',
  { timeout: 60_000 },
  () =>
    withEmulators(
      [
        { ...FAST, readyGiveUpMs: 1500 },
        { ...FAST, readyGiveUpMs: 1500, stageMs: { validation: 3000 } },
      ],
      async (emus, dir) => {
        const r = await run(dir, 'spread', emuConfig(emus, { duration: '1s', cleanup: false }));
        ok(r);
        assert.ok(emus[0].state.seen.some((s) => s.command === 'stats-writer-gave-up'));
        assert.match(r.stderr, /agent-1: every stage was released but the agent sent no COMPLETED/);
      },
    ),
);

test(
  'B4b: every stage shorter than the 1 s sample — no COMPLETED, still a completed run',
  { timeout: 60_000 },
  () =>
    withEmulators(
      [
        { ...FAST, readyGiveUpMs: 1500, stageMs: { prepare: 50, cleanup: 50 } },
        { ...FAST, readyGiveUpMs: 1500, stageMs: { prepare: 50, cleanup: 50 } },
      ],
      async (emus, dir) => {
        const r = await run(dir, 'short', emuConfig(emus, { duration: '0s' }));
        ok(r);
        assert.ok(emus.every((e) => e.state.seen.some((s) => s.command === 'stats-writer-gave-up')));
        const summary = JSON.parse(readFileSync(join(r.results, 'summary.json'), 'utf8'));
        assert.deepEqual(
          summary.stages.map((s: { stage: { type: string } }) => s.stage.type),
          ['validation', 'prepare', 'cleanup'],
        );
      },
    ),
);

test(
  'B5: agents 3.4 s apart at the prepare barrier — inside the (k+1) × T window the controller sized',
  { timeout: 60_000 },
  () =>
    withEmulators(
      [
        { ...FAST, barrierSecondMs: 10, stageMs: { prepare: 100 } },
        { ...FAST, barrierSecondMs: 10, stageMs: { prepare: 3500 } },
      ],
      async (emus, dir) => {
        // T = 120 s (the old synthesized value) would give 2 × 1.2 s here: agent-1 would ignore the release
        const r = await run(dir, 'skew', emuConfig(emus, { duration: '1s', cleanup: false }));
        ok(r);
      },
    ),
);

test('B3-B5, our agents: the same configs complete', () =>
  withTempDir(async (dir) => {
    for (const [name, duration] of [
      ['ours-1', '1s'],
      ['ours-2', '0s'],
    ]) {
      const r = await run(dir, name, smallConfig({ duration }), ['--local', '2', '--root', dir]);
      ok(r);
      assert.doesNotMatch(r.stderr, /sent no COMPLETED/, 'our agent sends COMPLETED itself');
    }
  }));

test('B7: a sai3 agent aborted mid-stage is not reported idle (it finishes the stage first)', () =>
  withEmulators([{ ...FAST, stageMs: { execute: 30_000 } }], async ([emu]) => {
    const r = planRun(parse(emuConfig([emu], { duration: '30s', cleanup: false })), {});
    assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
    const emitter = new RunEmitter();
    const ac = new AbortController();
    emitter.on('stage-start', (e) => {
      if (e.stage.type === 'execute') ac.abort();
    });
    let runningAtAbort = false;
    emitter.on('aborted', () => (runningAtAbort = emu.state.stageRunning));
    const aborted = emitter.waitFor('aborted');
    const out = await runSession({ plan: r.plan, emitter, signal: ac.signal });
    assert.equal(out.ok, false);
    const a = (await aborted).agents[0];
    assert.equal(a.ok, true);
    assert.equal(a.idle, false);
    assert.match(a.message ?? '', /stop only between stages: 'execute' keeps doing I\/O/);
    assert.equal(runningAtAbort, true, 'the emulated stage was still running');
  }));

test(
  'B4a: the READY spread is told before sai3 agents give up, and the run still completes',
  { timeout: 60_000 },
  () =>
    withEmulators(
      [
        { ...FAST, readyGiveUpMs: 1500 },
        { ...FAST, readyGiveUpMs: 1500, stageMs: { validation: 3000 } },
      ],
      async (emus) => {
        const r = planRun(parse(emuConfig(emus, { duration: '1s', cleanup: false })), {});
        assert.ok(r.ok);
        const conn = await connectAll(agentRefs(r.plan));
        assert.ok(conn.ok);
        const emitter = new RunEmitter();
        const logs: string[] = [];
        emitter.on('log', (e) => logs.push(e.message));
        try {
          const out = await runStreams({
            plan: r.plan,
            connections: conn.connections,
            emitter,
            readySpreadWarnMs: 1000,
            completionGraceMs: 500,
          });
          assert.equal(out.ok, true, out.reason);
        } finally {
          for (const c of conn.connections) c.close();
        }
        assert.ok(
          logs.some((m) =>
            /^agent-1 READY for \d+ s while agent-2 is not: .* stops sending statistics after 60 s/.test(m),
          ),
          logs.join('\n'),
        );
        assert.ok(
          logs.some((m) => /agent-1: every stage was released but the agent sent no COMPLETED/.test(m)),
        );
      },
    ),
);
