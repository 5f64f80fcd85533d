// The time model (docs/time-model.md): exact recovery of known terms from synthetic measurements, the
// prediction and its range, scaling, agent-name mapping and the calibration history's selection rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { extractModel } from '../../core/config/model-extract';
import {
  chooseFromHistory,
  estimate,
  estimateToJson,
  fitLinear,
  formatError,
  formatPredicted,
  historyNoise,
  mapCalibration,
  parseHistory,
  predictAgent,
  rankHistory,
  scaleFactor,
  termsFromStages,
  termsFromTiming,
  combineTerm,
  withProbe,
  type HistoryEntry,
  type PrepareTiming,
  type TimeTerms,
} from '../../core/estimate';
import { loadCalibrationSource } from '../../controller/calibration-store';

const close = (a: number, b: number, rel = 1e-9) =>
  assert.ok(Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b), 1e-12), `${a} ≠ ${b}`);

const TRUE = { fixed: 0.4, level: 0.01, dir: 2e-4, file: 5e-5, byte: 2e-9 };

test('fitLinear recovers known coefficients exactly, with zero standard error', () => {
  const shapes = [
    [2, 110, 2_000, 8e6],
    [3, 1_110, 20_000, 8e7],
    [4, 11_110, 200_000, 8e8],
    [1, 10, 500, 4e9],
    [5, 20_000, 10_000, 1e6],
    [2, 50, 80_000, 3e8],
  ];
  const rows = shapes.map((s) => [1, ...s]);
  const y = shapes.map(
    ([l, d, n, b]) => TRUE.fixed + l * TRUE.level + d * TRUE.dir + n * TRUE.file + b * TRUE.byte,
  );
  const f = fitLinear(rows, y);
  const want = [TRUE.fixed, TRUE.level, TRUE.dir, TRUE.file, TRUE.byte];
  f.coefs.forEach((c, i) => {
    assert.ok(c, `coefficient ${i} was fitted`);
    close(c.value, want[i], 1e-6);
    assert.ok(c.sd < 1e-6 * Math.max(want[i], 1e-9) + 1e-12);
  });
});

test('fitLinear leaves out a column the data cannot separate (the caller keeps its prior)', () => {
  // bytes = 4096 × files in every sample: the byte term is collinear with the file term
  const rows = [1_000, 5_000, 20_000].map((n) => [1, n, n * 4096]);
  const f = fitLinear(
    rows,
    rows.map(([, n]) => 0.3 + n * 1e-4),
  );
  close(f.coefs[0]!.value, 0.3, 1e-6);
  close(f.coefs[1]!.value, 1e-4, 1e-6);
  assert.equal(f.coefs[2], undefined);
  // noisy samples give a non-zero standard error
  const g = fitLinear(
    [1, 2, 3, 4, 5].map((x) => [1, x]),
    [1.1, 1.9, 3.2, 3.9, 5.1],
  );
  assert.ok(g.coefs[1]!.sd > 0);
});

/** A prepare stage as our agent reports it, generated from known terms. */
function syntheticTiming(depth: number, width: number, filesPerLeaf: number, startup: number): PrepareTiming {
  const levels: [number, number][] = [];
  for (let k = 1; k <= depth; k++) levels.push([width ** k, TRUE.level + width ** k * TRUE.dir]);
  const files = width ** depth * filesPerLeaf;
  const curve: [number, number, number][] = [];
  for (let n = 256; n <= files; n += 256) curve.push([startup + n * TRUE.file, n, n * 4096]);
  const treeS = levels.reduce((s, [, x]) => s + x, 0);
  const filesS = startup + files * TRUE.file;
  return {
    v: 1,
    concurrency: 16,
    startS: 0.01,
    levels,
    files,
    bytes: files * 4096,
    filesS,
    curve,
    wallS: 0.01 + treeS + filesS,
  };
}

test('termsFromTiming: level, directory and file costs exactly; start-up and overhead become the fixed cost', () => {
  const t = syntheticTiming(3, 10, 40, 0.8);
  const stageWallS = t.wallS + 0.25; // what the controller sees around the agent
  const terms = termsFromTiming(t, { agents: 2, shared: true, stageWallS });
  close(terms.levelS.v, TRUE.level, 1e-6);
  close(terms.dirS.v, TRUE.dir, 1e-6);
  close(terms.fileS.v, TRUE.file, 1e-6);
  close(terms.fixedS.v, 0.01 + 0.8 + 0.25, 1e-6);
  assert.equal(terms.at.meanSize, 4096);
  assert.deepEqual([terms.at.agents, terms.at.shared, terms.at.concurrency], [2, true, 16]);
  // the next, 10× larger step is predicted exactly (same start-up): this is the ladder's MEDIUM → FULL
  const next = syntheticTiming(4, 10, 40, 0.8);
  const p = predictAgent(
    terms,
    { levels: 4, dirs: 11_110, files: next.files, bytes: next.bytes },
    { concurrency: 16, agents: 2, shared: true },
  );
  close(p.prepare.seconds, next.wallS + 0.25, 1e-6);
  assert.ok(p.prepare.lo < p.prepare.seconds && p.prepare.seconds < p.prepare.hi);
  close(
    p.tree.seconds,
    next.levels.reduce((s, [, x]) => s + x, 0),
    1e-6,
  );
});

test('termsFromTiming: with few batches (all in flight at once) no slope: start-up is the first completion', () => {
  const t = syntheticTiming(2, 10, 20, 0.8); // 2,000 files: 8 batches for 16 threads
  const terms = termsFromTiming(t, { agents: 1, shared: false });
  // the first batch's completion is start-up (fixed), the rest of the phase is per file: exact here
  close(terms.fileS.v, TRUE.file, 1e-9);
  close(terms.fixedS.v, t.wallS - t.files * terms.fileS.v - 2 * terms.levelS.v - 110 * terms.dirS.v, 1e-9);
});

test('termsFromStages: whole-stage samples of several runs give every term exactly', () => {
  const at = { concurrency: 16, agents: 1, shared: false, meanSize: 0 };
  const samples = [
    [2, 110, 2_000, 8e6],
    [3, 1_110, 20_000, 8e7],
    [4, 11_110, 200_000, 8e8],
    [1, 10, 500, 4e9],
    [5, 20_000, 10_000, 1e6],
  ].map(([levels, dirs, files, bytes]) => ({
    levels,
    dirs,
    files,
    bytes,
    at,
    wallS: TRUE.fixed + levels * TRUE.level + dirs * TRUE.dir + files * TRUE.file + bytes * TRUE.byte,
  }));
  const t = termsFromStages(samples, at);
  close(t.fixedS.v, TRUE.fixed, 1e-6);
  close(t.levelS.v, TRUE.level, 1e-6);
  close(t.dirS.v, TRUE.dir, 1e-6);
  close(t.fileS.v, TRUE.file, 1e-6);
  close(t.byteS.v, TRUE.byte, 1e-6);
});

test("a short run leans on the probe, a long one outweighs it (inverse-variance), fixed cost stays the run's", () => {
  const c = combineTerm({ v: 1, sd: 1 }, { v: 2, sd: 0.2 }); // ±100 % against ±10 %
  assert.ok(c.v > 1.9 && c.v < 2 && c.sd < 0.2, JSON.stringify(c));
  const run = { ...TERMS(1e-5), fileS: { v: 1e-5, sd: 1e-5 } };
  const probe = { ...TERMS(1e-3), fileS: { v: 1e-3, sd: 1e-4 } };
  const short = withProbe(run, probe);
  assert.ok(short.fileS.v > 9e-4, String(short.fileS.v));
  assert.deepEqual(short.fixedS, run.fixedS);
  const long = withProbe({ ...run, fileS: { v: 1e-5, sd: 1e-7 } }, probe);
  assert.ok(long.fileS.v < 1.1e-5);
});

test('scaling: the same place is 1; one agent alone on a storage two shared is twice as fast per item', () => {
  const at = { concurrency: 16, agents: 2, shared: true, meanSize: 0 };
  close(scaleFactor(at, at), 1);
  close(scaleFactor(at, { concurrency: 16, agents: 1, shared: false }), 0.5);
  assert.ok(scaleFactor(at, { concurrency: 32, agents: 2, shared: true }) < 1);
  assert.ok(scaleFactor(at, { concurrency: 4, agents: 2, shared: true }) > 1);
});

test('formatPredicted: the point and its range in one unit', () => {
  assert.equal(formatPredicted(4.2, [3.6, 5.0]), '4.2 s (3.6–5.0)');
  assert.equal(formatPredicted(69, [23, 207]), '69 s (23–207)');
  assert.equal(formatPredicted(600, [480, 780]), '10 min (8.0–13)');
  assert.equal(formatError(10, 11.2), '+12 %');
  assert.equal(formatError(10, 9.2), '−8 %');
});

const TERMS = (file: number): TimeTerms => ({
  fixedS: { v: 0.2, sd: 0.02 },
  levelS: { v: 0.01, sd: 0.001 },
  dirS: { v: 2e-4, sd: 1e-5 },
  fileS: { v: file, sd: file / 20 },
  byteS: { v: 2e-9, sd: 1e-9 },
  at: { concurrency: 16, agents: 2, shared: true, meanSize: 4096 },
});

test('mapCalibration: same ids directly, same count by position, otherwise the average — and says so', () => {
  const cal = {
    version: 1 as const,
    measuredAt: '',
    agents: { 'agent-2': { createsPerSec: 2000 }, 'agent-1': { createsPerSec: 1000 } },
    terms: { 'agent-1': TERMS(1e-4), 'agent-2': TERMS(3e-4) },
  };
  const same = mapCalibration(cal, ['agent-1', 'agent-2']);
  assert.equal(same.note, '');
  assert.equal(same.agents['agent-2'].terms?.fileS.v, 3e-4);
  const renamed = mapCalibration(cal, ['alpha', 'beta']);
  assert.equal(renamed.agents.alpha.terms?.fileS.v, 1e-4); // agent-1 → the config's first agent
  assert.equal(renamed.agents.beta.rates.createsPerSec, 2000);
  assert.match(renamed.note, /agent-1 → alpha, agent-2 → beta/);
  const local = mapCalibration(cal, ['local']);
  close(local.agents.local.terms!.fileS.v, 2e-4);
  assert.ok(local.agents.local.terms!.fileS.sd >= 1e-4); // the spread between agents counts as uncertainty
  assert.equal(local.agents.local.rates.createsPerSec, 1500);
  assert.match(local.note, /measured on 2 agents \(agent-1, agent-2\), applied to local/);
  const partial = mapCalibration(cal, ['agent-1', 'agent-3']);
  assert.ok(partial.agents['agent-1'] && !partial.agents['agent-3']);
});

const entry = (o: Partial<HistoryEntry> & { at: string }): HistoryEntry => ({
  v: 1,
  target: 'file:///data',
  agents: ['agent-1', 'agent-2'],
  concurrency: 16,
  shared: true,
  source: 'run',
  terms: { 'agent-1': TERMS(1e-4), 'agent-2': TERMS(1e-4) },
  ...o,
});

test('history: same target only; these agents, then as many, then any; runs before probes; newest first', () => {
  const want = { target: 'file:///data', agents: ['agent-1', 'agent-2'], concurrency: 16 };
  const h = [
    entry({ at: '2026-01-01T00:00:00Z', step: 'old-same' }),
    entry({ at: '2026-01-05T00:00:00Z', step: 'other-target', target: 'file:///elsewhere' }),
    entry({ at: '2026-01-04T00:00:00Z', step: 'renamed', agents: ['a', 'b'] }),
    entry({ at: '2026-01-03T00:00:00Z', step: 'new-same' }),
    entry({ at: '2026-01-06T00:00:00Z', step: 'probe-same', source: 'preflight' }),
    entry({ at: '2026-01-07T00:00:00Z', step: 'one', agents: ['local'], terms: { local: TERMS(1e-4) } }),
  ];
  assert.deepEqual(
    rankHistory(h, want).map((e) => e.step),
    ['new-same', 'old-same', 'probe-same', 'renamed', 'one'],
  );
  const c = chooseFromHistory(h, want)!;
  assert.equal(c.entry.step, 'new-same');
  // two runs on this target are newer (renamed, one): "3 runs ago"
  assert.equal(c.source, 'rates: measured 3 runs ago (new-same) on these agents');
  const solo = chooseFromHistory(h, { ...want, agents: ['local'] })!;
  assert.match(solo.source, /measured by the last run \(one\) on these agents/);
  const other = chooseFromHistory(h, { ...want, agents: ['x', 'y', 'z'] })!;
  assert.match(other.source, /\(one\) on 1 agent \(local\), applied to x, y, z as their average/);
  assert.equal(chooseFromHistory(h, { ...want, target: 'file:///nothing' }), undefined);
});

test('history noise comes from past prediction errors; malformed lines are skipped', () => {
  const h = [1.1, 0.9, 1.2, 0.8].map((r, i) =>
    entry({ at: `2026-01-0${i + 1}T00:00:00Z`, prepare: { predictedS: 10, measuredS: 10 * r } }),
  );
  const noise = historyNoise(h, 'file:///data');
  assert.ok(noise > 0.1 && noise < 0.2, String(noise));
  assert.equal(historyNoise(h.slice(0, 2), 'file:///data'), 0.12); // too few: the default
  const text = [JSON.stringify(h[0]), '{ broken', JSON.stringify({ v: 1 }), JSON.stringify(h[1])].join('\n');
  const p = parseHistory(text);
  assert.equal(p.entries.length, 2);
  assert.equal(p.skipped, 2);
});

const LADDER = `
concurrency: 16
prepare:
  directory_structure: { width: 10, depth: 4, files_per_dir: 20, distribution: bottom, dir_mask: "d%d_w%d.dir" }
  ensure_objects: [ { base_uri: "file:///tmp/x/", count: 200000, size_distribution: { type: uniform, min: 2048, max: 6144 } } ]
workload: [ { op: stat, path: "*", weight: 1 } ]
`;

test('estimate with fitted terms: time-model times, ranges at every depth, and where the rates come from', () => {
  const m = extractModel(parse(LADDER))!;
  const terms = { local: { ...TERMS(5e-5), at: { ...TERMS(5e-5).at, agents: 1, shared: false } } };
  const e = estimate(m, { timeModel: { agents: terms, source: 'rates: measured by the last run' } });
  const want = 0.2 + 4 * 0.01 + 11_110 * 2e-4 + 200_000 * 5e-5;
  close(e.total.prepareSeconds, want, 1e-9);
  assert.equal(e.ratesSource, 'rates: measured by the last run');
  for (const l of e.levels)
    assert.ok(l.prepareRange[0] < l.prepareSeconds && l.prepareSeconds < l.prepareRange[1]);
  const j = estimateToJson(e);
  assert.equal(j.ratesSource, 'rates: measured by the last run');
  assert.equal(j.total.prepareRange!.length, 2);
  const d = estimate(m);
  assert.equal(d.ratesSource, 'default model');
  assert.ok(d.total.prepareRange[1] / d.total.prepareRange[0] > 8); // a guess says it is one
});

test('--calibration sources: a ladder folder (newest step), a history file, an unusable folder', () => {
  const root = mkdtempSync(join(tmpdir(), 'iobench-cal-'));
  const ladder = join(root, 'run-1');
  for (const [i, step, file] of [
    [1, 'SIMPLE', 1e-4],
    [2, 'MEDIUM', 6e-5],
  ] as const) {
    mkdirSync(join(ladder, `${i}-${step}`), { recursive: true });
    writeFileSync(
      join(ladder, `${i}-${step}`, 'calibration.json'),
      JSON.stringify({
        version: 1,
        measuredAt: 'x',
        source: 'run',
        agents: { 'agent-1': {}, 'agent-2': {} },
        terms: { 'agent-1': TERMS(file), 'agent-2': TERMS(file) },
      }),
    );
  }
  const want = { target: 'file:///tmp/x', agents: ['local'], concurrency: 16 };
  const s = loadCalibrationSource(ladder, want);
  close(s.timeModel!.agents.local.fileS.v, 6e-5);
  assert.match(s.note, /2-MEDIUM\/calibration\.json.*applied to local/);
  const hist = join(root, 'calibration-history.jsonl');
  writeFileSync(hist, `${JSON.stringify(entry({ at: '2026-01-01T00:00:00Z', target: 'file:///tmp/x' }))}\n`);
  const h = loadCalibrationSource(root, want);
  assert.match(h.note, /measured by the last run on 2 agents \(agent-1, agent-2\), applied to local/);
  // an empty folder of its own (not the temp root, which other runs may have left a history in)
  const empty = mkdtempSync(join(tmpdir(), 'iobench-cal-empty-'));
  assert.throws(() => loadCalibrationSource(empty, want), /no calibration/);
});
