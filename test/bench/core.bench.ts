// Core model benchmark: the estimate (every depth, per agent) and the enumeration of every directory path of
// the 4-host FULL tree (width 24, depth 4, 193 files/dir), beside sai3-bench's figures for the same work.
// Run: node scripts/bench.mjs core   (uses --expose-gc so memory is measured after a full collection)
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../../core/config';
import { estimate } from '../../core/estimate';
import { filePath, iterDirPaths, treeCounts } from '../../core/tree';
import type { TreeSpec } from '../../core/model';

const FIXTURE = resolve('test/fixtures/configs/four-host-full.yaml');
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const MB = 1e6;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeEach(fn: () => void, runs: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    out.push(Number(process.hrtime.bigint() - t0) / 1e3); // µs
  }
  return out;
}

const pad = (s: string | number, n: number) => String(s).padStart(n);
const row = (cells: (string | number)[], widths: number[]) =>
  cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[0]) : pad(c, widths[i]))).join('  ');

// ---- estimate --------------------------------------------------------------------------------------------
const model = loadConfig(readFileSync(FIXTURE, 'utf8')).model!;
for (let i = 0; i < 2000; i++) estimate(model); // warm-up (JIT)
const est = timeEach(() => estimate(model), 5000);
console.log('estimate(4host FULL): all 4 depths + 4 agents per call');
console.log(
  `  median ${median(est).toFixed(1)} µs, p99 ${[...est].sort((a, b) => a - b)[4949].toFixed(1)} µs  (goal < 1000 µs)`,
);
console.log(
  '  for scale: sai3 tree + manifest + agent split at depth 4 takes ~1.25 s (spec §2.9); docs say 30–90 s',
);
console.log(`  → the whole estimate costs 1/${(1.25e6 / median(est)).toFixed(0)} of sai3's manifest build\n`);

// ---- enumeration ----------------------------------------------------------------------------------------
// sai3-bench (release build, same 2-core machine, spec §2.9): DirectoryTree + from_tree + assign_agents +
// get_agent_file_indices, in ms, and peak RSS; docs' claim from spec §7.
const sai3 = {
  2: { ms: 0.38 + 0.09 + 0.03 + 0.34, rss: '—', docs: '1–2 s' },
  3: { ms: 12 + 2.5 + 0.85 + 7.4, rss: '—', docs: '5–10 s' },
  4: { ms: 410 + 283 + 72 + 484, rss: '424 MB', docs: '30–90 s' },
} as const;

function enumerate(tree: TreeSpec) {
  gc();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  let n = 0;
  let chars = 0;
  const t0 = process.hrtime.bigint();
  for (const p of iterDirPaths(tree)) {
    n++;
    chars += p.length; // touch every path so nothing is optimised away
    if ((n & 0x3fff) === 0) {
      const m = process.memoryUsage();
      if (m.rss > peakRss) peakRss = m.rss;
      if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
    }
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  gc();
  const after = process.memoryUsage();
  return { n, chars, ms, before, after, peakRss, peakHeap };
}

const widths = [7, 9, 10, 12, 13, 12, 11, 12, 9, 11];
console.log('enumerate every directory path (width 24, F 193), best of 5 runs');
console.log(
  row(
    [
      'depth',
      'dirs',
      'ours ms',
      'RSS before',
      'RSS peak',
      'heap before',
      'heap peak',
      'sai3 ms',
      'sai3/ours',
      'sai3 docs',
    ],
    widths,
  ),
);
for (const depth of [2, 3, 4] as const) {
  const tree: TreeSpec = {
    width: 24,
    depth,
    filesPerDir: 193,
    distribution: 'bottom',
    dirMask: 'd%d_w%d.dir',
  };
  enumerate(tree); // warm-up
  const runs = Array.from({ length: 5 }, () => enumerate(tree));
  const best = runs.reduce((a, b) => (b.ms < a.ms ? b : a));
  if (BigInt(best.n) !== treeCounts(tree).totalDirs) throw new Error('wrong count');
  const s = sai3[depth];
  console.log(
    row(
      [
        depth,
        best.n.toLocaleString('en-US'),
        best.ms.toFixed(1),
        `${(best.before.rss / MB).toFixed(0)} MB`,
        `${(Math.max(...runs.map((r) => r.peakRss)) / MB).toFixed(0)} MB`,
        `${(best.before.heapUsed / MB).toFixed(1)} MB`,
        `${(Math.max(...runs.map((r) => r.peakHeap)) / MB).toFixed(1)} MB`,
        s.ms.toFixed(1),
        `${(s.ms / best.ms).toFixed(1)}×`,
        s.docs,
      ],
      widths,
    ),
  );
}
console.log(
  `  sai3 peak RSS at depth 4: ${sai3[4].rss} (whole process); ours stays flat because nothing is kept`,
);
console.log(
  '  (not like for like: sai3 ms also builds its manifest, agent split and file-index vector, which we',
);
console.log('   never materialise: owner and file range are O(1) functions of the index)');

// ---- index → path lookups (sai3: linear get_file_range per workload op, 0.85 ms for the last dir) --------
const full: TreeSpec = {
  width: 24,
  depth: 4,
  filesPerDir: 193,
  distribution: 'bottom',
  dirMask: 'd%d_w%d.dir',
};
let sink = 0;
for (let i = 0; i < 100_000; i++) sink += filePath(full, 64032767 - (i % 1000)).length;
const N = 1_000_000;
const t0 = process.hrtime.bigint();
for (let i = 0; i < N; i++) sink += filePath(full, (i * 7919) % 64032768).length;
const perCall = Number(process.hrtime.bigint() - t0) / 1e3 / N;
console.log(
  `\nfilePath(index) on the FULL tree: ${perCall.toFixed(2)} µs per call (sai3 get_file_range for the last dir: 850 µs → ${(850 / perCall).toFixed(0)}×)`,
);
if (sink < 0) console.log(sink);
