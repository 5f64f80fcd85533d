// Which keys of a config our agent refuses, from the fidelity matrix: one finding per present, non-null value
// whose entry refuses it. Used by the editor/validate diagnostics (core/config/semantic/fidelity.ts) and by the
// agent at START and pre-flight (agent/plan.ts), so the three places can never disagree.
import type { ConfigPath } from '../config/types';
import { FIDELITY } from './matrix';

export interface Refusal {
  /** where the key is, e.g. ['workload', 2, 'dedup_factor'] */
  path: ConfigPath;
  /** the matrix key, e.g. 'workload[].dedup_factor' */
  key: string;
  /** what is not supported */
  what: string;
  message: string;
}

export const refusalMessage = (what: string) =>
  `not supported by the iobench agent: ${what} — run it with sai3-bench agents or remove it`;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every (path, value) the pattern 'a.b[].c' reaches in `root` (arrays expanded, absent keys skipped). */
function* reach(root: unknown, pattern: string): Generator<[ConfigPath, unknown]> {
  const parts = pattern.split('.');
  function* go(v: unknown, i: number, path: ConfigPath): Generator<[ConfigPath, unknown]> {
    if (i === parts.length) {
      yield [path, v];
      return;
    }
    const many = parts[i].endsWith('[]');
    const key = many ? parts[i].slice(0, -2) : parts[i];
    if (!isObj(v) || !(key in v)) return;
    const x = v[key];
    if (!many) {
      yield* go(x, i + 1, [...path, key]);
      return;
    }
    if (!Array.isArray(x)) return;
    for (let k = 0; k < x.length && k < 10_000; k++) yield* go(x[k], i + 1, [...path, key, k]);
  }
  yield* go(root, 0, []);
}

const REFUSING = Object.entries(FIDELITY).filter(([, e]) => e.refuse);

/** The refused keys of a plain config value (null values count as absent, as sai3's controller sends them). */
export function findRefusals(root: unknown): Refusal[] {
  const out: Refusal[] = [];
  if (!isObj(root)) return out;
  for (const [key, e] of REFUSING)
    for (const [path, v] of reach(root, key)) {
      if (v === null || v === undefined) continue;
      const what = e.refuse!(v, root);
      if (what) out.push({ path, key, what, message: refusalMessage(what) });
    }
  return out;
}
