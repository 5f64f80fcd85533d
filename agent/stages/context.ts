// What every stage gets: the plan, the backend, the stage's stats and the run's abort flag.
import type { AbortFlag } from '../abort-flag';
import type { RunPlan } from '../plan';
import type { StageStats } from '../stats';
import type { StorageBackend } from '../storage/backend';

export interface StageContext {
  plan: RunPlan;
  backend: StorageBackend;
  stats: StageStats;
  abort: AbortFlag;
}

export class AbortedError extends Error {
  constructor(reason: string) {
    super(reason || 'aborted');
  }
}

export function throwIfAborted(abort: AbortFlag): void {
  if (abort.aborted) throw new AbortedError(abort.reason);
}
