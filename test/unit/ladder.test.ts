import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { ladder, defaultDepths } from '../../core/ladder';
import { readFixture } from '../fixtures';

const fixture = readFixture;

/** Lines that differ between two texts of equal line count. */
function changedLines(a: string, b: string): [string, string][] {
  const la = a.split('\n');
  const lb = b.split('\n');
  assert.equal(la.length, lb.length);
  return la.flatMap((l, i) => (l === lb[i] ? [] : [[l, lb[i]] as [string, string]]));
}

test('default depths: depth−2, depth−1, depth, at least 1, no duplicates', () => {
  assert.deepEqual(defaultDepths(4), [2, 3, 4]);
  assert.deepEqual(defaultDepths(2), [1, 2]);
  assert.deepEqual(defaultDepths(1), [1]);
});

test('4host FULL → SIMPLE/MEDIUM/FULL at depths 2/3/4, comments kept, only the scalars change', () => {
  const text = fixture('four-host-full.yaml');
  const r = ladder(text);
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.deepEqual(
    r.steps.map((s) => [s.name, s.depth, s.files, s.dirs]),
    [
      ['SIMPLE', 2, 111168n, 600n],
      ['MEDIUM', 3, 2668032n, 14424n],
      ['FULL', 4, 64032768n, 346200n],
    ],
  );
  for (const s of r.steps) {
    const v = parse(s.text);
    assert.equal(v.prepare.directory_structure.depth, s.depth);
    assert.equal(v.prepare.ensure_objects[0].count, Number(s.files));
    assert.match(s.text, /# {3}193 files in every leaf folder → 64,032,768 files, about 8 MiB each/);
    assert.match(s.text, /dir_mask: "d%d_w%d.dir"/);
  }
  assert.equal(r.steps[2].text, text); // FULL is the input itself
  assert.deepEqual(changedLines(text, r.steps[0].text), [
    ['    depth: 4            # levels below the base', '    depth: 2            # levels below the base'],
    [
      '    - count: 64032768   # leaf folders × files_per_dir',
      '    - count: 111168   # leaf folders × files_per_dir',
    ],
  ]);
});

test('count 0 stays 0, quoted and separated counts become plain ints, custom depths', () => {
  const text = `# my bench
workload: [{ op: get, path: x, weight: 1 }]
prepare:
  ensure_objects:
    - count: 0 # auto
    - count: "1,200"
    - { count: 1_200, size_spec: 10 }
  directory_structure: { width: 10, depth: 3, files_per_dir: 2, distribution: all }
`;
  const ok = text;
  const r = ladder(ok, { depths: [2, 1] });
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.deepEqual(
    r.steps.map((s) => [s.name, s.depth, s.files]),
    [
      ['SIMPLE', 1, 20n],
      ['FULL', 2, 220n],
    ],
  );
  assert.equal(
    r.steps[1].text,
    ok
      .replace('count: "1,200"', 'count: 220')
      .replace('count: 1_200', 'count: 220')
      .replace('depth: 3', 'depth: 2'),
  );
});

test('errors are results, not exceptions', () => {
  const noTree = ladder('workload: []\nprepare: { ensure_objects: [{ count: 3 }] }\n');
  assert.equal(noTree.ok, false);
  assert.match((noTree as { error: string }).error, /directory_structure/);
  assert.equal(ladder('a: [').ok, false);
  assert.equal(
    ladder('prepare: { directory_structure: { width: 2, depth: 2 } }', { depths: [1, 2, 3, 4] }).ok,
    false,
  );
  assert.equal(ladder('prepare: { directory_structure: { width: 2, depth: 2 } }', { depths: [0] }).ok, false);
  assert.equal(ladder('prepare: { directory_structure: { width: 0, depth: 2 } }').ok, false);
});
