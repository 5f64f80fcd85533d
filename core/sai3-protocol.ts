// Timing rules of sai3-bench v0.8.97's agent that a controller must plan around (spec sai3-wire-audit.md).
// Pure numbers and arithmetic, shared by the controller (what it synthesizes and warns about) and the tests'
// sai3 emulator, so each rule is written once.

/** `agent_barrier_timeout` when a stage has no barrier block (agent.rs:4256, config.rs:2456). */
export const SAI3_DEFAULT_BARRIER_TIMEOUT_S = 120;
/** The agent waits at most this many `agent_barrier_timeout` periods at a barrier (agent.rs:4262, 1 + 5 retries). */
export const SAI3_BARRIER_ATTEMPTS = 6;
/** The stats writer stops re-sending READY, and never sends RUNNING/COMPLETED, after this long (agent.rs:2091). */
export const SAI3_READY_GIVE_UP_S = 60;
/** Warn, and plan for a silent agent, once READYs are this far apart (a margin below the give-up). */
export const SAI3_READY_SPREAD_WARN_S = 55;

/**
 * How long after its own arrival at barrier k an agent still accepts RELEASE_BARRIER k: the release is matched
 * with `seq >= retries` where seq is the barrier index and retries grows by one per timeout (agent.rs:4323), so
 * the window is (k+1) × T, capped at the attempts (§B5 of the audit).
 */
export function sai3BarrierWindowS(k: number, timeoutS: number): number {
  return Math.min(k + 1, SAI3_BARRIER_ATTEMPTS) * timeoutS;
}

/** The smallest `agent_barrier_timeout` (whole seconds, ≥ the default) whose window at barrier k is ≥ windowS. */
export function sai3TimeoutForWindow(k: number, windowS: number): number {
  const t = Math.ceil(windowS / Math.min(k + 1, SAI3_BARRIER_ATTEMPTS));
  return Math.max(SAI3_DEFAULT_BARRIER_TIMEOUT_S, Number.isFinite(t) ? t : SAI3_DEFAULT_BARRIER_TIMEOUT_S);
}
