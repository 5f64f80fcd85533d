import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ladderFileName, runArgs, stepArg, uriArg } from '../../client/commands/args';

describe('client command arguments', () => {
  it('reads a URI from a string, a Uri-like object or { uri }', () => {
    const uriLike = { scheme: 'file', toString: () => 'file:///w/bench.yaml' };
    assert.equal(uriArg('file:///w/bench.yaml'), 'file:///w/bench.yaml');
    assert.equal(uriArg(uriLike), 'file:///w/bench.yaml');
    assert.equal(uriArg({ uri: 'untitled:Untitled-1' }), 'untitled:Untitled-1');
    assert.equal(uriArg({ resourceUri: uriLike }), 'file:///w/bench.yaml');
  });

  it('ignores what is not a URI', () => {
    for (const v of [undefined, null, 42, 'bench.yaml', '', {}, { scheme: 'file' }, []]) {
      assert.equal(uriArg(v), undefined, JSON.stringify(v));
    }
  });

  it('accepts the three ladder steps in any case', () => {
    assert.equal(stepArg('simple'), 'simple');
    assert.equal(stepArg(' FULL '), 'full');
    assert.equal(stepArg('Medium'), 'medium');
    assert.equal(stepArg('huge'), undefined);
    assert.equal(stepArg(2), undefined);
  });

  it('takes iobench.run as [uri, step] (CodeLens), [step] or nothing (palette)', () => {
    assert.deepEqual(runArgs(['file:///w/b.yaml', 'medium']), { uri: 'file:///w/b.yaml', step: 'medium' });
    assert.deepEqual(runArgs(['full']), { uri: undefined, step: 'full' });
    assert.deepEqual(runArgs([]), { uri: undefined, step: undefined });
  });

  it('names ladder files NAME.STEP.yaml next to the config, keeping the extension', () => {
    assert.equal(ladderFileName('bench.yaml', 'SIMPLE'), 'bench.SIMPLE.yaml');
    assert.equal(ladderFileName('bench.iobench.yml', 'medium'), 'bench.iobench.MEDIUM.yml');
    assert.equal(ladderFileName('4host', 'FULL'), '4host.FULL.yaml');
  });
});
