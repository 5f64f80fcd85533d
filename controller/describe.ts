// One plain line per event, for console_log.txt and for terminals without a TTY. The rich rendering (progress
// bars, tables) lives in cli/render; this is the minimal form every consumer can rely on.
import {
  assertNever,
  runEvent,
  type AnyRunEvent,
  type ClassStats,
  type RunEventName,
  type RunEvents,
  type StatsRow,
} from './events';

const n0 = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '-');
const n1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '-');

/** Latency for people: µs below 10 ms, else ms with one decimal (sai3's display rule, §3.12). */
export function formatLatency(us: number): string {
  if (!Number.isFinite(us)) return '-';
  return us >= 10_000 ? `${(us / 1000).toFixed(1)}ms` : `${Math.round(us)}µs`;
}

export function describeClass(name: string, c: ClassStats, withBytes = true): string {
  const bw = withBytes ? `, ${n1(c.mibPerSec)} MiB/s` : '';
  return `${name} ${n0(c.opsPerSec)} ops/s${bw} (p50 ${formatLatency(c.p50Us)}, p95 ${formatLatency(c.p95Us)}, p99 ${formatLatency(c.p99Us)})`;
}

/** The classes that did something, e.g. `GET 1,234 ops/s, 75.2 MiB/s (p50 …) | META …`. */
export function describeRow(r: StatsRow): string {
  const parts: string[] = [];
  if (r.get.ops || r.get.opsPerSec) parts.push(describeClass('GET', r.get));
  if (r.put.ops || r.put.opsPerSec) parts.push(describeClass('PUT', r.put));
  if (r.meta.ops || r.meta.opsPerSec) parts.push(describeClass('META', r.meta, false));
  return parts.length ? parts.join(' | ') : 'idle';
}

export function describeEvent<K extends RunEventName>(name: K, data: RunEvents[K]): string | undefined {
  return describeRunEvent(runEvent(name, data));
}

/** One console_log.txt line for an event, or undefined for events that only matter to views. */
export function describeRunEvent(ev: AnyRunEvent): string | undefined {
  switch (ev.event) {
    case 'run-start': {
      const e = ev.data;
      return `run ${e.runId}: ${e.agents.length} agent(s), stages ${e.stages.map((s) => s.name).join(' → ')}`;
    }
    case 'agent-connected': {
      const e = ev.data;
      return `${e.agent.id} (${e.agent.address}) connected, version ${e.version}`;
    }
    case 'preflight-result': {
      const e = ev.data;
      return `pre-flight ${e.agent.id}: ${e.passed ? 'passed' : 'FAILED'} (${e.errors} errors, ${e.warnings} warnings)`;
    }
    case 'preflight-done': {
      const e = ev.data;
      return e.passed
        ? `pre-flight passed (${e.agents} agents)`
        : `pre-flight FAILED — ${e.errors} errors, ${e.warnings} warnings across ${e.agents} agents`;
    }
    case 'agent-ready': {
      const e = ev.data;
      return `${e.agent.id} ready (clock offset ${e.clockOffsetMs.toFixed(1)} ms)`;
    }
    case 'stage-start': {
      const e = ev.data;
      return `stage ${e.stage.index + 1} '${e.stage.name}' (${e.stage.type}) started`;
    }
    case 'progress': {
      const e = ev.data;
      return e.total ? `${e.label}: ${n0(e.current)}/${n0(e.total)}` : undefined;
    }
    case 'live-stats': {
      const e = ev.data;
      return `[${e.stage.name} ${e.elapsedS.toFixed(0)}s] ${describeRow(e.total)}`;
    }
    case 'barrier-released': {
      const e = ev.data;
      return `barrier ${e.index} released (${e.stage.name} done on every agent)`;
    }
    case 'stage-summary': {
      const e = ev.data;
      return `stage '${e.stage.name}' summary (${e.wallSeconds.toFixed(1)} s, ${e.total.latency}): ${describeRow(e.total)}`;
    }
    case 'agent-error': {
      const e = ev.data;
      return `error: ${e.agent.id} (${e.agent.address}): ${e.message}`;
    }
    case 'log': {
      const e = ev.data;
      return `${e.level}: ${e.message}`;
    }
    case 'aborted': {
      const e = ev.data;
      const bad = e.agents.filter((a) => !a.ok);
      return `aborted: ${e.reason}${bad.length ? ` (could not confirm: ${bad.map((a) => a.id).join(', ')})` : ''}`;
    }
    case 'completed': {
      const e = ev.data;
      return e.ok
        ? `completed in ${e.wallSeconds.toFixed(1)} s`
        : `run failed: ${e.message ?? 'unknown reason'}`;
    }
    case 'results-written': {
      const e = ev.data;
      return `results written to ${e.dir}`;
    }
    case 'estimate':
    case 'calibration':
    case 'barrier-reached':
      return undefined;
    case 'step-start': {
      const e = ev.data;
      return `ladder step ${e.index + 1}/${e.of}: ${e.step} (${e.resultsDir})`;
    }
    case 'prediction': {
      const e = ev.data;
      return `prediction for ${e.step} from ${e.basedOn}: ${n0(e.dirs)} dirs, ${n0(e.files)} files, ${n0(e.bytes)} bytes, tree ≈ ${n1(e.treeSeconds)} s, prepare ≈ ${n1(e.prepareSeconds)} s`;
    }
    default:
      return assertNever(ev);
  }
}
