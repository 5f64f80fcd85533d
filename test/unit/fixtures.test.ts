// Our own fixtures (test/fixtures/configs, in sai3's format) load with the status their README gives:
// valid ones have no errors, obsolete distributed ones a stages-missing warning, invalid ones an error at the
// place the README names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { loadConfig } from '../../core/config';
import { FIXTURES, readFixture } from '../fixtures';

const README = readFixture('README.md');
const fixtures = [...README.matchAll(/^\| (\S+\.yaml) \| [^|]+ \| (\w+) \|$/gm)].map((m) => ({
  file: m[1],
  status: m[2],
}));
const load = (file: string) => loadConfig(readFixture(file));

test('the README lists every fixture in the folder', () => {
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.yaml'));
  assert.deepEqual(fixtures.map((f) => f.file).sort(), files.sort());
  for (const s of ['standalone', 'distributed', 'obsolete', 'invalid'])
    assert.ok(
      fixtures.some((f) => f.status === s),
      s,
    );
});

for (const { file, status } of fixtures) {
  test(`${file} (${status})`, () => {
    const l = load(file);
    const errs = l.diagnostics.filter((d) => d.severity === 'error');
    if (status === 'standalone' || status === 'distributed') {
      assert.deepEqual(errs, []);
      assert.ok(l.model, 'model extracted');
    } else if (status === 'obsolete') {
      assert.deepEqual(errs, []);
      assert.ok(l.diagnostics.some((d) => d.code === 'stages-missing'));
    } else {
      assert.equal(status, 'invalid');
      assert.ok(errs.length > 0);
    }
  });
}

test('missing-shared-filesystem: the required-key error on the distributed mapping, line 12 col 3', () => {
  const d = load('missing-shared-filesystem.yaml').diagnostics.find(
    (x) => x.severity === 'error' && x.data?.missing === 'shared_filesystem',
  );
  assert.ok(d);
  assert.equal(d.code, 'required');
  assert.deepEqual(d.range.start, { line: 11, character: 2 }); // 1-based 12:3
});

test('bad-size-type: the error on `type: fixed` inside the workload item, with what to write instead', () => {
  const l = load('bad-size-type.yaml');
  const item = l.doc!.getIn(['workload', 1], true) as { range: [number, number, number] };
  const start = l.lineCounter.linePos(item.range[0]);
  const end = l.lineCounter.linePos(item.range[1]);
  const d = l.diagnostics.find((x) => x.severity === 'error' && x.code === 'enum');
  assert.ok(d);
  assert.deepEqual(d.range.start, { line: 13, character: 12 }); // 1-based 14:13
  assert.deepEqual(d.data?.allowed, ['uniform', 'lognormal']);
  assert.match(d.message, /fixed size write the integer/);
  assert.ok(d.range.start.line + 1 >= start.line && d.range.start.line + 1 <= end.line);
});
