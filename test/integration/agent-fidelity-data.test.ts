// The data-shaping keys of core/fidelity/matrix.ts, each measured through a real agent process over gRPC on
// 127.0.0.1 (and, for the results files, through `iobench run`): the prepared/deletable pools,
// dynamic_put_pool, multi_endpoint placement, fill content with dedup/compress factors, size-bucket rows and
// flagged warmup rows. Every wait is on a message or a process exit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { stringify } from 'yaml';
import { iobench } from './controller-helpers';
import { completed, execute, FidelityAgent } from './helpers/fidelity-run';

const fa = new FidelityAgent();
before(() => fa.start());
after(() => fa.stop());

test('delete and get use separate pools: no get fails', async () => {
  const { yaml, data } = fa.flat(
    {
      duration: '1s',
      workload: [
        { op: 'get', path: 'prepared-*', weight: 3 },
        { op: 'stat', path: 'prepared-*', weight: 1 },
        { op: 'delete', path: 'prepared-*', weight: 2 },
      ],
    },
    { count: 300 },
  );
  const cfg = yaml.replace('prepare:\n', 'prepare:\n  cleanup: false\n');
  const r = await fa.run(cfg);
  completed(r);
  const s = execute(r);
  assert.equal(Number(s.errors), 0, 'no failed get, stat or delete');
  assert.ok(Number(s.get_ops) > 0 && Number(s.meta_ops) > 0);
  const names = fs.readdirSync(data);
  assert.equal(names.filter((x) => x.startsWith('prepared-')).length, 300, 'the read pool is never deleted');
  const deletable = names.filter((x) => x.startsWith('deletable-')).length;
  assert.ok(deletable < 300, `deletes consumed the deletable pool (${deletable} left)`);
});

test('prepare makes both pools and cleanup removes both', async () => {
  const { yaml, data } = fa.flat(
    {
      duration: '1s',
      workload: [
        { op: 'get', path: 'prepared-*', weight: 1 },
        { op: 'delete', path: 'prepared-*', weight: 1 },
      ],
    },
    { count: 5 },
  );
  const r = await fa.run(yaml.replace('prepare:\n', 'prepare:\n  cleanup: true\n'));
  completed(r);
  const prep = r.summaries.get('prepare')!;
  assert.equal(Number(prep.put_ops), 10, 'prepared-* and deletable-*');
  assert.deepEqual(
    fs.readdirSync(data).filter((x) => /^(prepared|deletable)-/.test(x)),
    [],
  );
});

test('dynamic_put_pool lets gets read the objects puts wrote', async () => {
  // existing data: one 8,192-byte object; puts write 1,000-byte objects into the same folder
  const meanGet = async (dynamic: boolean) => {
    const data = fa.folder('dyn');
    fs.mkdirSync(path.join(data, 'd'), { recursive: true });
    fs.writeFileSync(path.join(data, 'd', 'seed.bin'), Buffer.alloc(8192, 1));
    const r = await fa.run(
      stringify({
        target: `file://${data}/`,
        duration: '1s',
        concurrency: 2,
        dynamic_put_pool: dynamic,
        workload: [
          { op: 'get', path: 'd/', weight: 1 },
          { op: 'put', path: 'd/', weight: 1, object_size: 1000 },
        ],
      }),
    );
    completed(r);
    const s = execute(r);
    assert.equal(Number(s.errors), 0);
    return Number(s.get_bytes) / Number(s.get_ops);
  };
  assert.equal(await meanGet(false), 8192, 'without it gets read only what was listed at the start');
  const mean = await meanGet(true);
  assert.ok(mean < 6000, `with it gets also read the new 1,000-byte objects (mean ${mean.toFixed(0)} B)`);
});

test('multi_endpoint round_robin spreads files over the endpoints', async () => {
  const a = fa.folder('ep-a');
  const b = fa.folder('ep-b');
  const { yaml } = fa.flat(
    { multi_endpoint: { strategy: 'round_robin', endpoints: [`file://${a}/`, `file://${b}/`] } },
    { count: 6 },
  );
  const r = await fa.run(yaml.replace(/^target: .*\n/m, ''));
  completed(r);
  assert.deepEqual(fs.readdirSync(a).sort(), [
    'prepared-00000000.dat',
    'prepared-00000002.dat',
    'prepared-00000004.dat',
  ]);
  assert.deepEqual(fs.readdirSync(b).sort(), [
    'prepared-00000001.dat',
    'prepared-00000003.dat',
    'prepared-00000005.dat',
  ]);
});

test('fill zero writes zeros and fill random writes incompressible data', async () => {
  for (const fill of ['zero', 'random']) {
    const { yaml, data } = fa.flat({ duration: '0s' }, { count: 2, size: 65536, fill });
    const r = await fa.run(yaml);
    completed(r);
    const bytes = fs.readFileSync(path.join(data, 'prepared-00000001.dat'));
    assert.equal(bytes.length, 65536);
    const packed = zlib.deflateSync(bytes).length;
    if (fill === 'zero') assert.ok(bytes.every((x) => x === 0));
    else assert.ok(packed > 0.98 * bytes.length, `random fill compresses to ${packed} bytes`);
  }
  // workload PUTs write incompressible data too, even while gets of zero-filled objects run alongside
  const { yaml, data } = fa.flat(
    {
      duration: '1s',
      workload: [
        { op: 'get', path: 'prepared-*', weight: 1 },
        { op: 'put', path: 'puts/', weight: 1, object_size: 65536 },
      ],
    },
    { count: 4, size: 65536, fill: 'zero' },
  );
  completed(await fa.run(yaml));
  const written = fs.readdirSync(path.join(data, 'puts'));
  assert.ok(written.length > 0 && written.every((x) => /^obj_\d+$/.test(x)), `${written.slice(0, 3)}`);
  const bytes = fs.readFileSync(path.join(data, 'puts', written[0]));
  assert.ok(zlib.deflateSync(bytes).length > 0.98 * bytes.length, 'PUT data is incompressible');
});

test('ensure_objects dedup_factor and compress_factor shape the data', async () => {
  const blocks = (b: Buffer) =>
    Array.from({ length: b.length / 4096 }, (_, k) => b.subarray(k * 4096, (k + 1) * 4096).toString('hex'));
  const make = async (dedup: number, compress: number) => {
    const { yaml, data } = fa.flat({ duration: '0s' }, { count: 2, size: 262144, fill: 'random' });
    const y = yaml.replace(
      'fill: random',
      `fill: random\n      dedup_factor: ${dedup}\n      compress_factor: ${compress}`,
    );
    completed(await fa.run(y));
    return [0, 1].map((i) => fs.readFileSync(path.join(data, `prepared-0000000${i}.dat`)));
  };
  // default: 128 blocks over two objects, all different (not even the same random block twice)
  const plain = await make(1, 1);
  assert.equal(new Set(plain.flatMap(blocks)).size, 128);
  // dedup 4: 1 in 4 blocks unique
  const dd = await make(4, 1);
  assert.equal(new Set(dd.flatMap(blocks)).size, 32);
  // compress 3: ~3:1 (each block compressed on its own, as storage compresses blocks)
  const cc = await make(1, 3);
  const ratio =
    cc[0].length / blocks(cc[0]).reduce((a, h) => a + zlib.deflateRawSync(Buffer.from(h, 'hex')).length, 0);
  assert.ok(ratio > 2.5 && ratio < 3.3, `compress_factor 3 → ${ratio.toFixed(2)}:1`);
  assert.equal(new Set(cc.flatMap(blocks)).size, 128, 'still no duplicate blocks');
});

test('workload put dedup_factor and compress_factor shape the data', async () => {
  const blocks = (b: Buffer) =>
    Array.from({ length: b.length / 4096 }, (_, k) => b.subarray(k * 4096, (k + 1) * 4096));
  const put = async (dedup: number, compress: number) => {
    const { yaml, data } = fa.flat({
      duration: '1s',
      concurrency: 1,
      workload: [
        {
          op: 'put',
          path: 'puts/',
          weight: 1,
          object_size: 262144,
          dedup_factor: dedup,
          compress_factor: compress,
        },
      ],
    });
    completed(await fa.run(yaml));
    return fs.readFileSync(path.join(data, 'puts', fs.readdirSync(path.join(data, 'puts'))[0]));
  };
  const d = await put(4, 1);
  assert.equal(new Set(blocks(d).map((b) => b.toString('hex'))).size, 16, '64 blocks, 1 in 4 unique');
  const c = await put(1, 2);
  const packed = blocks(c).reduce((a, b) => a + zlib.deflateRawSync(b).length, 0);
  const ratio = c.length / packed;
  assert.ok(ratio > 1.7 && ratio < 2.2, `compress_factor 2 → ${ratio.toFixed(2)}:1`);
});

test('stage TSVs have size-bucket rows and warmup rows are flagged in perf_log.tsv', async () => {
  const root = fa.folder('cli-root');
  const results = fa.folder('cli-results');
  fs.mkdirSync(root);
  const cfg = `${fa.folder('buckets')}.iobench.yaml`;
  fs.writeFileSync(
    cfg,
    stringify({
      target: 'file:///bench/data/',
      duration: '4s',
      warmup_period: '1s',
      concurrency: 2,
      workload: [{ op: 'get', path: 'prepared-*', weight: 1 }],
      prepare: {
        ensure_objects: [{ count: 40, fill: 'zero', size_spec: { type: 'uniform', min: 2048, max: 32768 } }],
        cleanup: true,
      },
    }),
  );
  const r = await iobench(['run', cfg, '--local', '1', '--root', root, '--yes', '--results', results]);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const find = (dir: string, re: RegExp): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const p = path.join(dir, e.name);
      return e.isDirectory() ? find(p, re) : re.test(e.name) ? [p] : [];
    });
  const tsv = find(results, /_execute_results\.tsv$/)[0];
  const rows = fs
    .readFileSync(tsv, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t'));
  const buckets = rows.filter((x) => x[0] === 'GET').map((x) => x[1]);
  assert.ok(
    buckets.includes('1B-8KiB') && buckets.includes('8KiB-64KiB') && buckets.includes('ALL'),
    `${buckets}`,
  );
  const perf = fs.readFileSync(path.join(results, 'perf_log.tsv'), 'utf8').trim().split('\n').slice(1);
  const stages = perf.filter((l) => l.startsWith('all\t')).map((l) => l.split('\t')[3]);
  assert.ok(stages.includes('execute (warmup)'), `warmup rows flagged: ${[...new Set(stages)]}`);
  assert.ok(stages.includes('execute'), `rows after the warmup are not: ${[...new Set(stages)]}`);
});
