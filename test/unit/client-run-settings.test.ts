// Run settings and where results go (client/run/run-settings.ts), the measured-rates overlay the language server
// gets (client/run/measured-rates.ts), and the figures of the large-run question (client/run/run-figures.ts).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { objectLookup } from '../../core/settings';
import { mapRunSettings, namesAgents, resultsBase, runFolderName } from '../../client/run/run-settings';
import { MeasuredRates, overlayRates } from '../../client/run/measured-rates';

describe('run settings', () => {
  it('defaults: 2 local agents, temp root, iobench-results/ in the workspace folder', () => {
    const s = mapRunSettings(() => undefined);
    assert.deepEqual(s, { localAgents: 2, root: '', resultsDir: '' });
    assert.equal(resultsBase(s, '/w/proj'), '/w/proj/iobench-results');
  });

  it('takes valid values, relative to the workspace folder, and drops invalid ones', () => {
    const s = mapRunSettings(
      objectLookup({ run: { localAgents: 4, resultsDir: 'out/runs', root: ' /mnt/x ' } }),
    );
    assert.deepEqual(s, { localAgents: 4, root: '/mnt/x', resultsDir: 'out/runs' });
    assert.equal(resultsBase(s, '/w/proj'), '/w/proj/out/runs');
    assert.equal(resultsBase({ ...s, resultsDir: '/abs' }, '/w/proj'), '/abs');
    for (const bad of [0, 65, 2.5, '3', null])
      assert.equal(mapRunSettings(objectLookup({ run: { localAgents: bad } })).localAgents, 2, String(bad));
  });

  it('names a run folder by time, config and step', () => {
    const d = new Date(2026, 10, 29, 21, 5, 9);
    assert.equal(runFolderName('/w/my bench.iobench.yaml', 'SIMPLE', d), '20261129-210509-my_bench-simple');
    assert.equal(runFolderName('x.yml', 'LADDER', d), '20261129-210509-x-ladder');
  });

  it('knows whether a config names its agents', () => {
    assert.equal(namesAgents({ distributed: { agents: [{ address: 'h:1' }] } }), true);
    assert.equal(namesAgents({ distributed: { agents: [] } }), false);
    assert.equal(namesAgents({ workload: [] }), false);
  });
});

describe('measured rates for the estimates', () => {
  it('a rate set by the user wins over a measured one', () => {
    assert.deepEqual(overlayRates({ mkdirPerSec: 100 }, { mkdirPerSec: 9000, createsPerSec: 4000 }), {
      mkdirPerSec: 100,
      createsPerSec: 4000,
    });
  });
});

describe('measured rates kept for the language server', () => {
  it('keeps the slowest agent rate of each kind and tells the server when they change', async () => {
    const store = new Map<string, unknown>();
    const memento = {
      keys: () => [...store.keys()],
      get: <T>(k: string, d?: T) => (store.has(k) ? (store.get(k) as T) : d),
      update: async (k: string, v: unknown) => void (v === undefined ? store.delete(k) : store.set(k, v)),
    };
    let told = 0;
    const m = new MeasuredRates(memento as never, () => told++);
    await m.update({ 'agent-1': { mkdirPerSec: 900, createsPerSec: 4000 }, 'agent-2': { mkdirPerSec: 421 } });
    assert.deepEqual(m.get(), { mkdirPerSec: 421, createsPerSec: 4000 });
    assert.equal(told, 1);
    await m.update({ 'agent-1': { mkdirPerSec: 421 } });
    assert.equal(told, 1, 'no change, no refresh');
    await m.update({ 'agent-1': { bytesPerSec: 5e8 } });
    assert.deepEqual(m.get(), { mkdirPerSec: 421, createsPerSec: 4000, bytesPerSec: 5e8 });
    assert.equal(told, 2);
  });
});
