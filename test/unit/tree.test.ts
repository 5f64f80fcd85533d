import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TreeSpec } from '../../core/model';
import {
  treeCounts,
  dirName,
  fileName,
  dirPath,
  dirOrdinal,
  dirAt,
  filePath,
  fileDir,
  dirFileRange,
  iterDirs,
  iterDirPaths,
  iterFiles,
  fileOwner,
  dirOwner,
  agentFileCount,
  agentDirCount,
  DEFAULT_DIR_MASK,
} from '../../core/tree';

const tree = (
  width: number,
  depth: number,
  filesPerDir: number,
  distribution: 'bottom' | 'all' = 'bottom',
  dirMask = 'd%d_w%d.dir',
): TreeSpec => ({
  width,
  depth,
  filesPerDir,
  distribution,
  dirMask,
});

test('4host numbers: width 24, F 193 at depth 2/3/4 (§2.5)', () => {
  const expected = [
    [2, 576n, 600n, 111168n, 115800n],
    [3, 13824n, 14424n, 2668032n, 2783832n],
    [4, 331776n, 346200n, 64032768n, 66816600n],
  ] as const;
  for (const [d, leaf, total, bottom, all] of expected) {
    const c = treeCounts(tree(24, d, 193));
    assert.equal(c.leafDirs, leaf);
    assert.equal(c.totalDirs, total);
    assert.equal(c.files, bottom);
    assert.equal(treeCounts(tree(24, d, 193, 'all')).files, all);
  }
});

test('names follow dir_mask replace-once semantics', () => {
  assert.equal(dirName(DEFAULT_DIR_MASK, 3, 7), 'sai3bench.d3_w7.dir');
  assert.equal(dirName('d%d_w%d.dir', 1, 24), 'd1_w24.dir');
  assert.equal(dirName('x%d', 2, 5), 'x2'); // one %d: siblings share a name, as in sai3
  assert.equal(dirName('plain', 2, 5), 'plain');
  assert.equal(dirName('%d_%d_%d', 2, 5), '2_5_%d'); // extra %d stays literal
  assert.equal(dirName('%%d%d', 2, 5), '%25');
  assert.equal(fileName(3), 'file_00000003.dat');
  assert.equal(fileName(123456789n), 'file_123456789.dat');
});

test('file paths: spec examples', () => {
  const t = tree(2, 2, 3);
  assert.equal(filePath(t, 3), 'd1_w1.dir/d2_w2.dir/file_00000003.dat');
  assert.equal(filePath(t, 11n), 'd1_w2.dir/d2_w2.dir/file_00000011.dat');
  assert.equal(
    filePath(tree(24, 4, 193), 64032767),
    'd1_w24.dir/d2_w24.dir/d3_w24.dir/d4_w24.dir/file_64032767.dat',
  );
  assert.equal(
    filePath(tree(2, 2, 3, 'bottom', DEFAULT_DIR_MASK), 0),
    'sai3bench.d1_w1.dir/sai3bench.d2_w1.dir/file_00000000.dat',
  );
  assert.throws(() => filePath(t, 12), RangeError);
  assert.throws(() => filePath(t, -1), RangeError);
});

test('distribution all: directory k of the breadth-first list holds [kF,(k+1)F)', () => {
  const t = tree(2, 2, 3, 'all');
  assert.equal(treeCounts(t).files, 18n);
  assert.equal(filePath(t, 0), 'd1_w1.dir/file_00000000.dat');
  assert.equal(filePath(t, 5), 'd1_w2.dir/file_00000005.dat');
  assert.equal(filePath(t, 6), 'd1_w1.dir/d2_w1.dir/file_00000006.dat');
  assert.equal(filePath(t, 17), 'd1_w2.dir/d2_w2.dir/file_00000017.dat');
  assert.deepEqual(fileDir(t, 7), { level: 2, index: 0 });
  assert.deepEqual(dirFileRange(t, 1, 1), { start: 3, end: 6 });
  assert.deepEqual(dirFileRange(t, 2, 3), { start: 15, end: 18 });
  const b = tree(2, 2, 3);
  assert.equal(dirFileRange(b, 1, 0), undefined);
  assert.deepEqual(dirFileRange(b, 2, 1), { start: 3, end: 6 });
});

test('dirPath, dirOrdinal and dirAt agree', () => {
  const t = tree(3, 3, 1);
  assert.equal(dirPath(t, 3, 26), 'd1_w3.dir/d2_w3.dir/d3_w3.dir');
  assert.equal(dirPath(t, 2, 4), 'd1_w2.dir/d2_w2.dir');
  assert.equal(dirOrdinal(t, 2, 0), 3);
  assert.deepEqual(dirAt(t, 12), { level: 3, index: 0 });
  assert.throws(() => dirPath(t, 4, 0), RangeError);
  assert.throws(() => dirPath(t, 1, 3), RangeError);
});

test('iteration order equals dirPath order, and files equal filePath', () => {
  for (const dist of ['bottom', 'all'] as const) {
    const t = tree(3, 3, 2, dist);
    let j = 0;
    for (const d of iterDirs(t)) {
      assert.deepEqual(dirAt(t, j), { level: d.level, index: d.index });
      assert.equal(d.ordinal, j);
      assert.equal(d.path, dirPath(t, d.level, d.index));
      j++;
    }
    assert.equal(BigInt(j), treeCounts(t).totalDirs);
    let i = 0;
    for (const f of iterFiles(t)) {
      assert.equal(f.index, i);
      assert.equal(f.path, filePath(t, i));
      assert.equal(f.path, `${f.dir}/${fileName(i)}`);
      i++;
    }
    assert.equal(BigInt(i), treeCounts(t).files);
  }
});

test('agent filters partition dirs and files exactly', () => {
  const t = tree(3, 3, 5, 'all');
  const N = 4;
  const seenFiles = new Set<number | bigint>();
  const seenDirs = new Set<string>();
  for (let a = 0; a < N; a++) {
    let files = 0;
    for (const f of iterFiles(t, { agent: { index: a, count: N } })) {
      assert.equal(fileOwner(f.index, N), a);
      seenFiles.add(f.index);
      files++;
    }
    assert.equal(BigInt(files), agentFileCount(t, a, N, 'modulo'));
    let dirs = 0;
    for (const d of iterDirs(t, { agent: { index: a, count: N } })) {
      assert.equal(dirOwner(d.ordinal, N), a);
      seenDirs.add(d.path);
      dirs++;
    }
    assert.equal(BigInt(dirs), agentDirCount(t, a, N));
  }
  assert.equal(BigInt(seenFiles.size), treeCounts(t).files);
  assert.equal(BigInt(seenDirs.size), treeCounts(t).totalDirs);
  assert.throws(() => iterFiles(t, { agent: { index: 4, count: 4 } }).next(), RangeError);
});

test('per-agent splits of the 4host trees sum exactly (§2.5)', () => {
  const expected = [
    [2, 27792n, 150n],
    [3, 667008n, 3606n],
    [4, 16008192n, 86550n],
  ] as const;
  for (const [d, files, dirs] of expected) {
    const t = tree(24, d, 193);
    let sumF = 0n;
    let sumD = 0n;
    for (let a = 0; a < 4; a++) {
      assert.equal(agentFileCount(t, a, 4, 'modulo'), files);
      assert.equal(agentDirCount(t, a, 4), dirs);
      assert.equal(agentFileCount(t, a, 4, 'all'), treeCounts(t).files);
      sumF += agentFileCount(t, a, 4, 'modulo');
      sumD += agentDirCount(t, a, 4);
    }
    assert.equal(sumF, treeCounts(t).files);
    assert.equal(sumD, treeCounts(t).totalDirs);
  }
  // uneven: 10 files over 4 agents → 3,3,2,2
  const t = tree(10, 1, 1);
  assert.deepEqual(
    [0, 1, 2, 3].map((a) => agentFileCount(t, a, 4, 'modulo')),
    [3n, 3n, 2n, 2n],
  );
});

test('trees past 2^53 stay exact (BigInt indices)', () => {
  const t = tree(1000, 6, 10);
  const c = treeCounts(t);
  assert.equal(c.files, 10n ** 19n);
  assert.equal(
    filePath(t, c.files - 1n),
    'd1_w1000.dir/d2_w1000.dir/d3_w1000.dir/d4_w1000.dir/d5_w1000.dir/d6_w1000.dir/file_9999999999999999999.dat',
  );
  assert.equal(
    dirPath(t, 6, 10n ** 18n - 1n),
    'd1_w1000.dir/d2_w1000.dir/d3_w1000.dir/d4_w1000.dir/d5_w1000.dir/d6_w1000.dir',
  );
  const first = iterFiles(t).next().value!;
  assert.equal(first.index, 0n);
  assert.equal(first.path, 'd1_w1.dir/d2_w1.dir/d3_w1.dir/d4_w1.dir/d5_w1.dir/d6_w1.dir/file_00000000.dat');
  assert.equal(agentFileCount(t, 3, 7, 'modulo'), (10n ** 19n - 3n + 6n) / 7n);
});

test('degenerate trees yield nothing rather than throwing', () => {
  assert.equal([...iterDirPaths(tree(0, 2, 1))].length, 0);
  assert.equal([...iterFiles(tree(2, 2, 0))].length, 0);
  assert.equal(
    [...iterDirPaths(tree(1, 3, 0))].join(','),
    'd1_w1.dir,d1_w1.dir/d2_w1.dir,d1_w1.dir/d2_w1.dir/d3_w1.dir',
  );
});

test('enumerating all 346,200 directories of width 24 depth 4 is fast', () => {
  const t0 = performance.now();
  let n = 0;
  for (const p of iterDirPaths(tree(24, 4, 193))) if (p) n++;
  assert.equal(n, 346200);
  assert.ok(performance.now() - t0 < 2000); // goal 0.5 s (bench); generous here for a loaded CI box
});
