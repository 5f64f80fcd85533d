// agent/parse-config.ts: configs over 64 KiB are parsed in a worker thread, with a time bound; small ones inline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { INLINE_PARSE_BYTES, parseModel } from '../../agent/parse-config';
import { PlanError } from '../../agent/plan';

const CONFIG = `target: "file:///tmp/x/"\nduration: 1s\nworkload: [{ op: get, path: "*", weight: 1 }]\n`;
const padded = `${CONFIG}${Array.from({ length: 2000 }, (_, i) => `# ${i} ${'z'.repeat(60)}`).join('\n')}\n`;

test('a large config is parsed off the calling thread and gives the same model', async () => {
  assert.ok(Buffer.byteLength(padded) > INLINE_PARSE_BYTES);
  const [small, large] = await Promise.all([parseModel(CONFIG), parseModel(padded)]);
  assert.deepEqual(large, small);
});

test('a parse over its time bound is abandoned with a clear error', async () => {
  await assert.rejects(
    parseModel(padded, 1),
    (e) => e instanceof PlanError && /longer than 0.001 s to parse/.test(e.message),
  );
});

test('errors from the worker keep their text', async () => {
  await assert.rejects(parseModel(`${padded}workload: [\n`), /Invalid YAML config/);
});
