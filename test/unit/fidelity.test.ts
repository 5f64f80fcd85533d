// The fidelity matrix covers every schema key, names a spec section and a real test, refuses every value of a
// refused key but its default, and docs/fidelity.md is generated from it. Refusals become warnings at the key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import schema from '../../schemas/iobench.schema.json';
import { FIDELITY, fidelityMarkdown, findRefusals, schemaKeyPaths } from '../../core/fidelity';
import { loadConfig, rangeOfPath, DIAGNOSTIC_CODES } from '../../core/config';
import { REFUSAL_SAMPLES, refusedConfig, baseConfig } from '../integration/helpers/refusal-samples';

const ROOT = path.join(__dirname, '..', '..');

test('every schema key has a fidelity entry, and every entry is a schema key', () => {
  const keys = schemaKeyPaths(schema as Record<string, unknown>);
  assert.ok(keys.length > 150, `only ${keys.length} schema keys found`);
  const missing = keys.filter((k) => !(k in FIDELITY));
  assert.deepEqual(missing, [], `schema keys without a fidelity entry (add them to core/fidelity/matrix.ts)`);
  const stale = Object.keys(FIDELITY).filter((k) => !keys.includes(k));
  assert.deepEqual(stale, [], 'fidelity entries for keys the schema does not have');
});

test('every entry names a spec section; refused ones refuse, with a test; tests named exist', () => {
  for (const [key, e] of Object.entries(FIDELITY)) {
    assert.ok(e.spec, `${key}: no spec section`);
    assert.ok(e.note, `${key}: no note`);
    if (e.status === 'refused') {
      assert.ok(e.refuse, `${key}: refused without a refuse predicate`);
      assert.ok(e.test, `${key}: refused without a test`);
    }
    if (e.status === 'implemented' && e.refuse) assert.ok(e.refuses, `${key}: refused values not named`);
    if (e.test) {
      const [file, name] = e.test.split(' › ');
      const src = fs.readFileSync(path.join(ROOT, file), 'utf8');
      assert.ok(src.includes(`'${name}'`), `${key}: test '${name}' not found in ${file}`);
    }
  }
});

test('every refusing entry has a sample config, and the sample is refused at that key only', () => {
  for (const [key, e] of Object.entries(FIDELITY)) {
    if (!e.refuse) continue;
    assert.ok(REFUSAL_SAMPLES[key], `${key}: no sample in test/integration/helpers/refusal-samples.ts`);
    const found = findRefusals(refusedConfig('/tmp/x', key));
    assert.deepEqual(
      found.map((r) => r.key),
      [key],
      `${key}: ${JSON.stringify(found)}`,
    );
  }
  assert.deepEqual(findRefusals(baseConfig('/tmp/x')), []);
});

test('defaults and nulls (what sai3’s controller sends) are not refused', () => {
  const c = {
    ...baseConfig('/tmp/x'),
    processes: null,
    page_cache_mode: 'auto',
    op_log_path: null,
    dynamic_put_pool: false,
    perf_log: { interval: '1s' },
    multi_endpoint: { strategy: 'round_robin', endpoints: ['file:///tmp/x/'] },
    prepare: { key_prefix_shards: 0, ensure_objects: [{ count: 1, dedup_factor: 1, compress_factor: 1 }] },
    io_rate: { iops: 100, distribution: 'uniform' },
  };
  assert.deepEqual(findRefusals(c), []);
});

test('a refused key is a warning at the key with the refusal text', () => {
  const text = stringify(refusedConfig('/tmp/x', 'op_log_path'));
  const loaded = loadConfig(text);
  const d = loaded.diagnostics.filter((x) => x.code === DIAGNOSTIC_CODES.unsupportedByAgent);
  assert.equal(d.length, 1);
  assert.equal(d[0].severity, 'warning');
  assert.equal(
    d[0].message,
    'not supported by the iobench agent: the per-operation log (op_log_path) — run it with sai3-bench agents or remove it',
  );
  assert.deepEqual(d[0].range, rangeOfPath(loaded, ['op_log_path'], 'key'));
});

test('docs/fidelity.md is generated from the matrix', () => {
  const file = path.join(ROOT, 'docs', 'fidelity.md');
  const want = fidelityMarkdown();
  if (process.env.IOBENCH_WRITE_DOCS === '1') fs.writeFileSync(file, want);
  // (not assert.equal: its diff of two 30 kB strings takes minutes)
  assert.ok(
    fs.readFileSync(file, 'utf8') === want,
    'docs/fidelity.md is stale: rerun this test with IOBENCH_WRITE_DOCS=1',
  );
});

test('in tree mode any multi_endpoint strategy is accepted (sai3 places tree files i mod n whatever it is)', () => {
  const c = {
    ...baseConfig('/tmp/x'),
    multi_endpoint: { strategy: 'least_connections', endpoints: ['file:///tmp/a/', 'file:///tmp/b/'] },
    prepare: {
      directory_structure: { width: 2, depth: 1, files_per_dir: 2 },
      ensure_objects: [{ count: 0, size_spec: 1024 }],
    },
  };
  assert.deepEqual(findRefusals(c), []);
  const seed = path.join(
    ROOT,
    '..',
    'shared',
    'fixtures',
    'sai3-configs',
    '4host-test_config-corrected.yaml',
  );
  if (fs.existsSync(seed))
    assert.deepEqual(
      loadConfig(fs.readFileSync(seed, 'utf8')).diagnostics.filter((d) => d.code === 'unsupported-by-agent'),
      [],
      'the project’s 4-host config runs on our agent',
    );
});
