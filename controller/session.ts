// A whole run without VS Code: connect to every agent (parallel, 5 s), pre-flight (parallel), the streams,
// then the results folder. Every step is told as events; the outcome says whether every stage completed on
// every agent — the only case the CLI exits 0.
import { randomUUID } from 'node:crypto';
import type { Calibration } from '../core/estimate';
import { measuredCalibration, prepareTimingOf } from './calibration';
import { sharedStorage } from './prepare-prediction';
import { connectAll, type Connection, type TlsOptions } from './connect';
import { describeEvent } from './describe';
import type { PredictionCheck, RunEmitter, RunEvents } from './events';
import {
  describeForwarding,
  redactingEmitter,
  redactor,
  withForwardedEnv,
  type ForwardedEnv,
} from './forward-env';
import type { RunPlan } from './per-agent-config';
import { preflightAll, type Locate, type PreflightOutcome } from './preflight';
import { ResultsWriter } from './results';
import { agentRefs, runStreams, stageRefs, type RunStreamsOutcome } from './run';

export interface SessionOptions {
  plan: RunPlan;
  emitter: RunEmitter;
  configFile?: string;
  /** the config as written (maps pre-flight results to its lines) and a locator for paths in it */
  config?: Record<string, unknown>;
  locate?: Locate;
  resultsDir?: string;
  token?: string;
  tls?: TlsOptions;
  connectTimeoutMs?: number;
  /** false: skip pre-flight (attach-style reruns, tests of the stream path) */
  preflight?: boolean;
  readyTimeoutMs?: number;
  tickMs?: number;
  abortWaitMs?: number;
  signal?: AbortSignal;
  /** emitted first (after the results folder exists), so events.ndjson carries it too */
  estimate?: RunEvents['estimate'];
  /** extra fields for summary.json (the ladder step…) */
  summaryExtra?: Record<string, unknown>;
  /** credentials for `distributed_env` (collectForwardedEnv); absent: none (--no-forward-env) */
  forwardEnv?: ForwardedEnv;
  /** called once the outcome is known, before results-written and completed (the ladder's prediction) */
  beforeEnd?: (o: SessionOutcome) => void;
  /** the prepare time predicted before the run: compared with the measured one in summary.json and `completed` */
  predicted?: { prepareSeconds: number; prepareRange?: [number, number]; ratesSource?: string };
}

export interface SessionOutcome {
  ok: boolean;
  phase: 'connect' | 'preflight' | 'run';
  reason?: string;
  resultsDir?: string;
  preflight?: PreflightOutcome;
  run?: RunStreamsOutcome;
  /** rates measured by pre-flight and by the run (for the next estimate) */
  calibration?: Calibration;
}

export async function runSession(opts: SessionOptions): Promise<SessionOutcome> {
  const outer = opts.emitter;
  // the plan as sent: with forwarded credentials in each agent's YAML (never in events or results)
  const plan = opts.forwardEnv ? withForwardedEnv(opts.plan, opts.forwardEnv) : opts.plan;
  // every event (agents' words included) reaches the caller and the results with forwarded secrets masked
  const emitter = opts.forwardEnv ? redactingEmitter(outer, opts.forwardEnv) : outer;
  const redact = opts.forwardEnv ? redactor(opts.forwardEnv) : <T>(v: T) => v;
  const results = opts.resultsDir ? new ResultsWriter(opts.resultsDir) : undefined;
  if (results)
    outer.onAny((name, data) => {
      results.event(name, data);
      const line = describeEvent(name, data);
      if (line) results.consoleLine(line);
    });
  const startedAt = new Date().toISOString();
  const t0 = Date.now();
  if (opts.estimate) emitter.emit('estimate', opts.estimate);
  emitter.emit('run-start', {
    runId: randomUUID(),
    ...(opts.configFile ? { configFile: opts.configFile } : {}),
    ...(opts.resultsDir ? { resultsDir: opts.resultsDir } : {}),
    agents: agentRefs(plan),
    stages: stageRefs(plan),
    startedAt,
  });
  for (const w of plan.warnings ?? []) emitter.emit('log', { level: 'warning', message: w.message });
  for (const message of opts.forwardEnv ? describeForwarding(opts.forwardEnv, !!opts.tls) : [])
    emitter.emit('log', { level: 'info', message });

  const versions: Record<string, string> = {};
  const end = (o: SessionOutcome, run?: RunStreamsOutcome): SessionOutcome => {
    opts.beforeEnd?.(o);
    const prediction = run && opts.predicted ? checkPrediction(opts.predicted, run) : [];
    if (results) {
      const files = writeSummary(results, o, plan, {
        redact,
        startedAt,
        versions,
        run,
        extra: {
          ...(opts.estimate ? { estimate: opts.estimate } : {}),
          ...(prediction.length ? { prediction } : {}),
          ...opts.summaryExtra,
        },
        t0,
      });
      emitter.emit('results-written', { dir: results.dir, files });
    }
    emitter.emit('completed', {
      ok: o.ok,
      wallSeconds: (Date.now() - t0) / 1000,
      stages: run?.stages.length ?? 0,
      ...(o.reason ? { message: o.reason } : {}),
      ...(prediction.length ? { prediction } : {}),
    });
    return results ? { ...o, resultsDir: results.dir } : o;
  };

  const conn = await connectAll(
    agentRefs(plan),
    { token: opts.token, tls: opts.tls, connectTimeoutMs: opts.connectTimeoutMs },
    (c, ms) => {
      versions[c.agent.id] = c.version;
      emitter.emit('agent-connected', { agent: c.agent, version: c.version, ms });
    },
  );
  if (!conn.ok) {
    for (const e of conn.errors) emitter.emit('agent-error', { agent: e.agent, message: e.message });
    return end({ ok: false, phase: 'connect', reason: conn.errors.map((e) => e.message).join('; ') });
  }
  const connections: Connection[] = conn.connections;
  try {
    let pre: PreflightOutcome | undefined;
    if (opts.preflight !== false) {
      pre = await preflightAll(connections, plan.agents, {
        emitter,
        locate: opts.locate,
        config: opts.config,
      });
      if (pre.calibration) {
        // the probes ran at the same time on every agent: they measured with this many agents on the storage
        const shared = sharedStorage(
          plan.model,
          plan.agents.map((a) => a.address),
        );
        for (const t of Object.values(pre.calibration.terms ?? {}))
          t.at = { ...t.at, agents: plan.agents.length, shared };
        const file = results?.json('calibration.json', pre.calibration);
        emitter.emit('calibration', {
          ...(file ? { file } : {}),
          agents: pre.calibration.agents,
          ...(pre.calibration.terms ? { terms: pre.calibration.terms } : {}),
        });
      }
      if (!pre.passed) {
        const bad = pre.agents.filter((a) => !a.passed).map((a) => `${a.agent.id} (${a.agent.address})`);
        return end({
          ok: false,
          phase: 'preflight',
          reason: `pre-flight failed on ${bad.join(', ')}; nothing was started`,
          preflight: pre,
        });
      }
    }
    if (opts.signal?.aborted)
      return end({
        ok: false,
        phase: 'preflight',
        reason: 'interrupted before the run started; nothing was started',
      });
    const run = await runStreams({
      plan,
      connections,
      emitter,
      results,
      readyTimeoutMs: opts.readyTimeoutMs ?? (plan.model.distributed?.agentReadyTimeoutS ?? 120) * 1000,
      tickMs: opts.tickMs,
      abortWaitMs: opts.abortWaitMs,
      signal: opts.signal,
    });
    const calibration = measuredCalibration(run, pre?.calibration, {
      shared: sharedStorage(
        plan.model,
        plan.agents.map((a) => a.address),
      ),
    });
    if (calibration && run.ok) {
      const file = results?.json('calibration.json', calibration);
      emitter.emit('calibration', {
        ...(file ? { file } : {}),
        agents: calibration.agents,
        ...(calibration.terms ? { terms: calibration.terms } : {}),
      });
    }
    return end(
      {
        ok: run.ok,
        phase: 'run',
        ...(run.reason ? { reason: run.reason } : {}),
        ...(pre ? { preflight: pre } : {}),
        run,
        ...(calibration ? { calibration } : {}),
      },
      run,
    );
  } finally {
    // let GOODBYE and the stream ends flush before the channels close
    setTimeout(() => connections.forEach((c) => c.close()), 2_500).unref();
  }
}

function writeSummary(
  results: ResultsWriter,
  o: SessionOutcome,
  plan: RunPlan,
  x: {
    redact: <T>(v: T) => T;
    startedAt: string;
    versions: Record<string, string>;
    run?: RunStreamsOutcome;
    extra?: Record<string, unknown>;
    t0: number;
  },
): string[] {
  results.json(
    'summary.json',
    x.redact({
      version: 1,
      ok: o.ok,
      phase: o.phase,
      ...(o.reason ? { reason: o.reason } : {}),
      startedAt: x.startedAt,
      finishedAt: new Date().toISOString(),
      wallSeconds: (Date.now() - x.t0) / 1000,
      agents: plan.agents.map((a) => {
        const out = x.run?.agents.find((r) => r.id === a.id);
        return {
          id: a.id,
          index: a.index,
          address: a.address,
          version: x.versions[a.id],
          ...(a.folder ? { folder: a.folder } : {}),
          clockOffsetMs: out?.clockOffsetMs,
          completed: out?.completed ?? false,
          aborted: out?.aborted ?? false,
          ...(out?.error ? { error: out.error } : {}),
          ...(timingOf(out) ? { prepareTiming: timingOf(out) } : {}),
        };
      }),
      stages: (x.run?.stages ?? []).map((s) => s.event),
      ...(o.preflight
        ? {
            preflight: {
              passed: o.preflight.passed,
              agents: o.preflight.agents.map((a) => ({ id: a.agent.id, passed: a.passed, results: a.items })),
            },
          }
        : {}),
      ...(o.calibration ? { calibration: o.calibration } : {}),
      ...x.extra,
    }),
  );
  return results.files();
}

/** Our agent's prepare timing (where the time went), for summary.json; sai3 agents send none. */
const timingOf = (out: RunStreamsOutcome['agents'][number] | undefined) =>
  prepareTimingOf(out?.prepareSummary?.iobench_timing_json);

/** The prepare stage's prediction (made before the run) against its wall time. */
export function checkPrediction(
  p: NonNullable<SessionOptions['predicted']>,
  run: RunStreamsOutcome,
): PredictionCheck[] {
  const stage = run.stages.find((s) => s.event.stage.type === 'prepare');
  if (!stage || !(p.prepareSeconds > 0)) return [];
  const measured = stage.event.wallSeconds;
  const predicted = Math.max(0.001, Math.round(p.prepareSeconds * 1000) / 1000);
  return [
    {
      stage: stage.event.stage.name,
      predictedSeconds: predicted,
      ...(p.prepareRange ? { range: p.prepareRange } : {}),
      measuredSeconds: measured,
      errorPct: Math.round(((measured - predicted) / predicted) * 1000) / 10,
      ...(p.ratesSource ? { ratesSource: p.ratesSource } : {}),
    },
  ];
}
