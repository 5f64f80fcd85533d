// The controller's RunState as the status bar and output formatter read it (format-status.ts's StatusView).
import type { RunState } from '../../controller/run-state';
import type { StatusView } from './format-status';

/** `what` names the run when the state does not (yet): SIMPLE, MEDIUM, FULL, LADDER. */
export function runStatusView(s: RunState, what?: string): StatusView {
  const step = s.step?.name ?? (what && what !== 'attached' ? what : undefined);
  const p = s.progress;
  return {
    ...(step ? { step: s.step && s.step.of > 1 ? `${step} ${s.step.index + 1}/${s.step.of}` : step } : {}),
    phase: s.phase,
    ...(s.stage
      ? {
          stage: {
            name: s.stage.ref.name,
            index: s.stage.index,
            count: s.stage.count,
            ...(s.stage.ref.durationMs ? { durationMs: s.stage.ref.durationMs } : {}),
          },
        }
      : {}),
    ...(p && p.stageIndex === s.stage?.index
      ? {
          progress: {
            label: p.label,
            current: p.current,
            total: p.total,
            ...(p.perSec !== undefined && p.unit === 'items' ? { perSec: p.perSec } : {}),
            ...(p.etaSeconds !== undefined ? { etaSeconds: p.etaSeconds } : {}),
          },
        }
      : {}),
    ...(s.live && s.live.stage.index === s.stage?.index
      ? { elapsedS: s.live.elapsedS, total: s.live.total }
      : {}),
    agents: Object.keys(s.agents).length,
    ...(s.outcome
      ? {
          outcome: {
            ok: s.outcome.ok,
            wallSeconds: s.outcome.wallSeconds,
            ...(s.outcome.message ? { message: s.outcome.message } : {}),
            ...(s.aborted ? { aborted: true } : {}),
          },
        }
      : {}),
    ...(s.resultsDir ? { resultsDir: s.resultsDir } : {}),
  };
}
