// The schema is the one definition of the config: it compiles, documents every key, and the TypeScript types
// generated from it (core/config/schema-types.ts) are up to date.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import Ajv from 'ajv';
import { schema } from '../../core/config';

test('schema-types.ts is generated from the current schema', () => {
  const r = spawnSync(process.execPath, ['scripts/gen-schema-types.mjs', '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

test('the schema compiles as draft-07 with ajv', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  assert.equal(typeof ajv.compile(schema as object), 'function');
  assert.equal((schema as { $schema: string }).$schema, 'http://json-schema.org/draft-07/schema#');
});

test('every property has description and markdownDescription; objects reject unknown keys', () => {
  const missing: string[] = [];
  const walk = (s: any, where: string) => {
    if (!s || typeof s !== 'object') return;
    if (s.properties) {
      if (s.additionalProperties !== false) missing.push(`${where}: additionalProperties`);
      for (const [k, p] of Object.entries<any>(s.properties)) {
        if (!p.description || !p.markdownDescription) missing.push(`${where}.${k}`);
        walk(p, `${where}.${k}`);
      }
    }
  };
  walk(schema, '$');
  for (const [k, d] of Object.entries<any>((schema as any).definitions)) walk(d, `#${k}`);
  assert.deepEqual(missing, []);
});

test('sai3 top-level keys of spec §1.3 are all in the schema', () => {
  const keys = Object.keys((schema as any).properties);
  for (const k of [
    'duration',
    'concurrency',
    'target',
    'workload',
    'prepare',
    'range_engine',
    'page_cache_mode',
    'distributed',
    'io_rate',
    'processes',
    'processing_mode',
    'error_handling',
    'op_log_path',
    'warmup_period',
    'perf_log',
    'multi_endpoint',
    'cache_checkpoint_interval_secs',
    'enable_metadata_cache',
    's3dlio_optimization',
    'distributed_env',
    'dynamic_put_pool',
  ])
    assert.ok(keys.includes(k), k);
});
