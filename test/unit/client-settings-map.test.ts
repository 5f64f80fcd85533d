import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SETTINGS } from '../../core/lsp-contract';
import {
  DEFAULT_FILES,
  mapSettings,
  objectLookup,
  restartNeeded,
  toServerSettings,
} from '../../client/settings-map';

describe('client settings mapping', () => {
  it('gives the documented defaults when nothing is set', () => {
    const s = mapSettings(() => undefined);
    assert.deepEqual(s, {
      ...DEFAULT_SETTINGS,
      run: { localAgents: 2, root: '', resultsDir: '' },
      trace: { server: 'off' },
    });
  });

  it('maps nested and dotted objects the same way', () => {
    const nested = mapSettings(
      objectLookup({ inlayHints: { enabled: false, verbosity: 'short' }, rates: { mkdirPerSec: 500 } }),
    );
    const dotted = mapSettings(
      objectLookup({
        'inlayHints.enabled': false,
        'inlayHints.verbosity': 'short',
        'rates.mkdirPerSec': 500,
      }),
    );
    assert.deepEqual(nested, dotted);
    assert.equal(nested.inlayHints.enabled, false);
    assert.equal(nested.inlayHints.verbosity, 'short');
    assert.deepEqual(nested.rates, { mkdirPerSec: 500 });
  });

  it('drops invalid values instead of passing them on', () => {
    const s = mapSettings(
      objectLookup({
        files: ['  ', 3, 'cfg/**/*.yaml '],
        inlayHints: { enabled: 'yes', verbosity: 'loud' },
        codeLens: { enabled: null },
        rates: { mkdirPerSec: -1, createsPerSec: Number.NaN, bytesPerSec: '1GB' },
        trace: { server: 'all' },
        diagnostics: { debounceMs: -5, enabled: false },
      }),
    );
    assert.deepEqual(s.files, ['cfg/**/*.yaml']);
    assert.deepEqual(s.inlayHints, { enabled: true, verbosity: 'full' });
    assert.deepEqual(s.codeLens, { enabled: true });
    assert.deepEqual(s.rates, {});
    assert.equal(s.trace.server, 'off');
    assert.deepEqual(s.diagnostics, { enabled: false, debounceMs: 50 });
  });

  it('matches every contributed setting in package.json', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
    const props: Record<string, { default: unknown }> = pkg.contributes.configuration.properties;
    const keys = Object.keys(props).map((k) => k.replace(/^iobench\./, ''));
    const s = mapSettings(() => undefined) as unknown as Record<string, unknown>;
    for (const k of keys) {
      const v = k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)?.[p], s);
      if (k.startsWith('rates.')) assert.equal(props[`iobench.${k}`].default, null, k);
      else assert.deepEqual(v, props[`iobench.${k}`].default, k);
    }
  });

  it('falls back to the default globs when the list is empty', () => {
    assert.deepEqual(mapSettings(objectLookup({ files: [] })).files, [...DEFAULT_FILES]);
  });

  it('sends the server only what it uses, rates only when set', () => {
    const s = mapSettings(objectLookup({ rates: { createsPerSec: 2500, bytesPerSec: 1e9 } }));
    assert.deepEqual(toServerSettings(s), {
      ...DEFAULT_SETTINGS,
      rates: { createsPerSec: 2500, bytesPerSec: 1e9 },
    });
    assert.equal('trace' in toServerSettings(s), false);
  });

  it('asks for a restart only for settings the server reads once', () => {
    // The server re-reads every setting today: nothing needs a restart.
    assert.deepEqual(
      restartNeeded(() => true),
      [],
    );
    const once = ['files', 'rates.mkdirPerSec'];
    assert.deepEqual(
      restartNeeded((s) => s === 'iobench.files' || s === 'iobench', once),
      ['files'],
    );
    assert.deepEqual(
      restartNeeded((s) => s.startsWith('iobench.inlayHints'), once),
      [],
    );
  });
});

describe('one settings parser for client and server', () => {
  it('gives the same server settings from the same raw section', async () => {
    const { parseSettings } = await import('../../server/settings');
    const raw = {
      files: ['a/**/*.yaml'],
      inlayHints: { verbosity: 'short' },
      'rates.mkdirPerSec': 250,
      rates: { bytesPerSec: 'fast' },
      diagnostics: { debounceMs: 20_000, enabled: false },
      codeLens: { enabled: false },
    };
    assert.deepEqual(toServerSettings(mapSettings(objectLookup(raw))), parseSettings(raw));
  });
});
