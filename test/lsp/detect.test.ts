// core/detect.ts: which YAML files are ours (globs, modeline, content) — pure, shared with the VS Code client.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { detectConfig, globToRegExp, isIobenchConfig, matchesGlobs } from '../../core/detect';

describe('detect', () => {
  it('globs: **, *, ?, {a,b}, classes', () => {
    assert.ok(globToRegExp('**/*.iobench.yaml').test('/a/b/c.iobench.yaml'));
    assert.ok(globToRegExp('**/*.iobench.yaml').test('c.iobench.yaml'));
    assert.ok(!globToRegExp('**/*.iobench.yaml').test('/a/c.yaml'));
    assert.ok(globToRegExp('src/*.{yaml,yml}').test('src/x.yml'));
    assert.ok(!globToRegExp('src/*.yaml').test('src/a/x.yaml'));
    assert.ok(globToRegExp('bench-?.yaml').test('bench-1.yaml'));
    assert.ok(globToRegExp('[ab].yaml').test('a.yaml') && !globToRegExp('[!ab].yaml').test('a.yaml'));
  });

  it('default globs cover .iobench/.bench/.sai3 with .yaml and .yml', () => {
    for (const n of [
      'x.iobench.yaml',
      'x.iobench.yml',
      'x.bench.yaml',
      'x.bench.yml',
      'x.sai3.yaml',
      'x.sai3.yml',
    ])
      assert.ok(matchesGlobs(`file:///w/${n}`), n);
    assert.ok(!matchesGlobs('file:///w/x.yaml'));
    assert.ok(matchesGlobs('file:///w/my%20dir/x.iobench.yaml'));
  });

  it('modeline and content', () => {
    assert.equal(
      detectConfig('file:///a.yaml', '# yaml-language-server: $schema=./schemas/iobench.schema.json\n'),
      'modeline',
    );
    assert.equal(detectConfig('file:///a.yaml', '# iobench\nfoo: 1\n'), 'modeline');
    assert.equal(detectConfig('file:///a.yaml', 'workload: []\nprepare: {}\n'), 'content');
    assert.equal(detectConfig('file:///a.yaml', 'target: s3://b/\r\nworkload: []\r\n'), 'content');
    assert.equal(detectConfig('file:///a.yaml', 'workload: []\n'), undefined, 'workload alone is not enough');
    assert.equal(detectConfig('file:///a.yaml', 'apiVersion: v1\nkind: Pod\n'), undefined);
    assert.equal(
      detectConfig('file:///a.yaml', '# yaml-language-server: $schema=other.json\nworkload: 1\n'),
      undefined,
    );
    assert.ok(isIobenchConfig('untitled:Untitled-1', 'distributed: {}\nworkload: []\n'));
    assert.ok(!isIobenchConfig('file:///x.iobench.yaml', '', ['**/*.other.yaml']));
  });
});
