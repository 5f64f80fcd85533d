// The ladder offer after a step, without VS Code: what the step measured and what the next one will create and
// take with those rates — `SIMPLE done (measured 421 mkdir/s · …). MEDIUM: 1,110 dirs · 50,000 files · 154 MB · tree ≈ 3 s · prepare ≈ 50 s`.
import type { RunEvents } from '../../controller/events';
import { formatBytes, formatCount, formatSeconds } from '../../core/units';

export interface LadderOffer {
  message: string;
  /** the button that runs the next step, e.g. `Run MEDIUM` */
  run: string;
  stop: string;
  step: 'medium' | 'full';
}

/** The slowest measured rate of each kind across agents (the tree is as slow as its slowest agent). */
export function slowestRates(rates: RunEvents['prediction']['rates']): {
  mkdirPerSec?: number;
  createsPerSec?: number;
  bytesPerSec?: number;
} {
  const out: { mkdirPerSec?: number; createsPerSec?: number; bytesPerSec?: number } = {};
  for (const r of Object.values(rates))
    for (const k of ['mkdirPerSec', 'createsPerSec', 'bytesPerSec'] as const) {
      const v = r[k];
      if (v && v > 0) out[k] = out[k] === undefined ? v : Math.min(out[k], v);
    }
  return out;
}

export function ladderOffer(p: RunEvents['prediction']): LadderOffer {
  const r = slowestRates(p.rates);
  const measured = [
    r.mkdirPerSec ? `${formatCount(r.mkdirPerSec)} mkdir/s` : '',
    r.createsPerSec ? `${formatCount(r.createsPerSec)} creates/s` : '',
  ].filter(Boolean);
  // The prediction counts the config's tree (what each agent builds when trees are isolated).
  const next = `${p.step}: ${formatCount(p.dirs)} dirs · ${formatCount(p.files)} files · ${formatBytes(p.bytes)} · tree ≈ ${formatSeconds(p.treeSeconds)} · prepare ≈ ${formatSeconds(p.prepareSeconds)}`;
  const message = `iobench: ${p.from} done${measured.length ? ` (measured ${measured.join(' · ')} per agent)` : ''}. ${next}`;
  return {
    message,
    run: `Run ${p.step}`,
    stop: 'Stop here',
    step: p.step === 'MEDIUM' ? 'medium' : 'full',
  };
}
