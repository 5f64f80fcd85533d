// S3 throughput: the agent's s3:// backend (the execute stage's put/get path) vs a plain AWS SDK v3 loop with
// default settings, same concurrency, side by side — against a discard server of our own (so the server is
// not the bottleneck: the figures are the client's) and against s3rver (a real S3-compatible store on disk).
// Both servers run as child processes on 127.0.0.1. Run: node scripts/bench.mjs s3
// BENCH_S3_SECONDS (default 3) per row, BENCH_S3_REPEAT rounds (default 2, best kept), BENCH_S3_CONCURRENCY
// (default 16), BENCH_S3_ONLY=discard|s3rver.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { S3Backend } from '../../agent/storage/s3';
import { makeS3Client } from '../../agent/storage/s3-client';
import { S3RVER_KEY, S3RVER_SECRET, startS3rver } from '../integration/helpers/s3rver';
import {
  agentClient as grpcClient,
  AgentStream,
  Command,
  startAgent,
  Status,
} from '../integration/helpers/agent';
import * as fs from 'node:fs';
import * as os from 'node:os';

const SECONDS = Number(process.env.BENCH_S3_SECONDS ?? 3);
const CONC = Number(process.env.BENCH_S3_CONCURRENCY ?? 16);
const ONLY = process.env.BENCH_S3_ONLY ?? '';
const KiB = 1024;
const MiB = 1 << 20;
const REPEAT = Number(process.env.BENCH_S3_REPEAT ?? 2);
const OBJECTS = 64; // distinct keys per case (PUTs overwrite them; GETs read them)

interface Target {
  name: string;
  endpoint: string;
  stop: () => Promise<void>;
}

function startDiscard(): Promise<Target> {
  const main = path.join(__dirname, 'helpers', 's3-discard-server.ts');
  const proc = spawn(process.execPath, ['--import', 'tsx', main], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = /discard listening on (\S+)/.exec(out);
      if (m)
        resolve({
          name: 'discard server',
          endpoint: `http://${m[1]}`,
          stop: () =>
            new Promise<void>((r) => {
              proc.once('exit', () => r());
              proc.kill('SIGKILL');
            }),
        });
    });
    proc.once('exit', (c) => reject(new Error(`discard server exited ${c}`)));
  });
}

type Op = (key: string) => Promise<number>;
interface Client {
  name: string;
  put(size: number): Op;
  get: Op;
  close(): void;
}

function agentClient(endpoint: string): Client {
  const b = new S3Backend(
    { AWS_ENDPOINT_URL: endpoint, AWS_ACCESS_KEY_ID: S3RVER_KEY, AWS_SECRET_ACCESS_KEY: S3RVER_SECRET },
    CONC,
  );
  return {
    name: 'agent (S3Backend)',
    put: (size) => (k) => b.put(`s3://bench/${k}`, size),
    get: (k) => b.get(`s3://bench/${k}`),
    close: () => b.close(),
  };
}

function sdkClient(endpoint: string, tuned: boolean): Client {
  // plain: what a user would write — defaults (checksums when supported, the SDK's own socket pool).
  // tuned: the SDK client the agent uses for listings (pool sized to the concurrency, checksums only
  // when required) — shows how much of the gap is settings and how much is the SDK's per-request cost.
  const c = tuned
    ? makeS3Client(
        { AWS_ENDPOINT_URL: endpoint, AWS_ACCESS_KEY_ID: S3RVER_KEY, AWS_SECRET_ACCESS_KEY: S3RVER_SECRET },
        { sockets: CONC },
      )
    : new S3Client({
        endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: S3RVER_KEY, secretAccessKey: S3RVER_SECRET },
      });
  const bodies = new Map<number, Buffer>();
  return {
    name: tuned ? 'SDK, tuned client' : 'plain SDK loop',
    put: (size) => {
      const body = bodies.get(size) ?? bodies.set(size, Buffer.alloc(size, 0x61)).get(size)!;
      return async (k) => {
        await c.send(new PutObjectCommand({ Bucket: 'bench', Key: k, Body: body }));
        return size;
      };
    },
    get: async (k) => {
      const r = await c.send(new GetObjectCommand({ Bucket: 'bench', Key: k }));
      let n = 0;
      for await (const chunk of r.Body as AsyncIterable<Buffer>) n += chunk.length;
      return n;
    },
    close: () => c.destroy(),
  };
}

interface Measured {
  ops: number;
  bytes: number;
  s: number;
  errors: number;
  cpuUs: number;
}

/** CONC loops of `op` over OBJECTS keys for SECONDS; objects and bytes per second. */
async function measure(op: Op, prefix: string): Promise<Measured> {
  let ops = 0;
  let bytes = 0;
  let errors = 0;
  let i = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const end = t0 + SECONDS * 1000;
  const loop = async () => {
    while (performance.now() < end) {
      try {
        const n = await op(`${prefix}/o${i++ % OBJECTS}`); // (not `bytes += await`: lost updates)
        bytes += n;
        ops++;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: CONC }, loop));
  const cpu = process.cpuUsage(cpu0);
  return {
    ops,
    bytes,
    s: (performance.now() - t0) / 1000,
    errors,
    cpuUs: (cpu.user + cpu.system) / Math.max(1, ops),
  };
}

const cell = (r: Measured) =>
  `${(r.ops / r.s).toFixed(0)} obj/s · ${(r.bytes / MiB / r.s).toFixed(1)} MiB/s · ${r.cpuUs.toFixed(0)} µs CPU/obj`;

/** The real agent process: a flat prepare of `count` objects (force_overwrite: no listing), stage wall time. */
async function agentPrepare(endpoint: string, size: number, count: number): Promise<Measured> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'iobench-s3-bench-'));
  const agent = await startAgent([root]);
  const client = grpcClient(agent.address);
  const s = new AgentStream(client);
  try {
    s.start(`target: "s3://bench/prep${size}/"
concurrency: ${CONC}
duration: 0s
distributed_env: { AWS_ENDPOINT_URL: "${endpoint}", AWS_ACCESS_KEY_ID: ${S3RVER_KEY}, AWS_SECRET_ACCESS_KEY: ${S3RVER_SECRET} }
workload: [ { op: get, path: x, weight: 1 } ]
prepare:
  force_overwrite: true
  ensure_objects: [ { count: ${count}, size_spec: ${size}, fill: random } ]
`);
    for (;;) {
      const m = await s.next(
        (x) =>
          (x.at_barrier && !!x.stage_summary) || x.status === Status.ERROR || x.status === Status.COMPLETED,
        600_000,
        'barrier',
      );
      if (m.status === Status.ERROR) throw new Error(m.error_message);
      if (m.stage_summary?.stage_type === 'prepare') {
        const st = m.stage_summary;
        return {
          ops: Number(st.put_ops),
          bytes: Number(st.put_bytes),
          s: st.wall_seconds,
          errors: Number(st.errors),
          cpuUs: NaN,
        };
      }
      s.send({ command: Command.RELEASE_BARRIER, barrier_sequence: m.barrier_sequence });
    }
  } finally {
    s.close();
    client.close();
    await agent.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(
    `S3 throughput, concurrency ${CONC}, ${SECONDS} s per row, load ${(await import('node:os')).loadavg()[0].toFixed(1)}`,
  );
  const targets: (() => Promise<Target>)[] = [];
  if (!ONLY || ONLY === 'discard') targets.push(startDiscard);
  if (!ONLY || ONLY === 's3rver')
    targets.push(async () => {
      const s = await startS3rver(['bench']);
      return { name: 's3rver 3.7.1', endpoint: s.endpoint, stop: s.stop };
    });
  const rows: string[] = [];
  const prepRows: string[] = [];
  for (const start of targets) {
    const t = await start();
    try {
      for (const size of [4 * KiB, 8 * MiB]) {
        const label = size >= MiB ? `${size / MiB} MiB` : `${size / KiB} KiB`;
        const clients = [agentClient(t.endpoint), sdkClient(t.endpoint, true), sdkClient(t.endpoint, false)];
        const prefix = `s${size}`;
        // Seed the keys the GETs read.
        await Promise.all(Array.from({ length: OBJECTS }, (_, k) => clients[0].put(size)(`${prefix}/o${k}`)));
        for (const kind of ['PUT', 'GET'] as const) {
          // Rounds alternate the clients so the machine's load (shared, 2 cores) falls on each alike; a
          // client's figure is its best round (obj/s) and its lowest CPU per object.
          const res: Measured[] = [];
          for (let round = 0; round < REPEAT; round++)
            for (const [ci, c] of clients.entries()) {
              const r = await measure(kind === 'PUT' ? c.put(size) : c.get, prefix);
              const line = `${t.name.padEnd(15)} ${label.padStart(6)} ${kind} ${c.name.padEnd(19)} ${(r.ops / r.s).toFixed(0).padStart(7)} obj/s ${(r.bytes / MiB / r.s).toFixed(1).padStart(8)} MiB/s ${r.cpuUs.toFixed(0).padStart(6)} µs CPU/obj${r.errors ? `  ${r.errors} errors` : ''}`;
              console.log(line);
              const best = res[ci];
              if (!best) res[ci] = r;
              else
                res[ci] = {
                  ...(r.ops / r.s > best.ops / best.s ? r : best),
                  cpuUs: Math.min(r.cpuUs, best.cpuUs),
                  errors: best.errors + r.errors,
                };
            }
          const ratio = res[0].ops / res[0].s / (res[2].ops / res[2].s);
          rows.push(
            `| ${t.name} | ${label} ${kind} | ${cell(res[0])} | ${cell(res[1])} | ${cell(res[2])} | ${ratio.toFixed(2)}× |`,
          );
        }
        for (const c of clients) c.close();
        // End to end: the agent process's prepare stage (gRPC START, batches, stats) with the same concurrency.
        const n = size >= MiB ? 96 : 10_000;
        const p = await agentPrepare(t.endpoint, size, n);
        const line = `${t.name.padEnd(15)} ${label.padStart(6)} PUT agent process prepare ${(p.ops / p.s).toFixed(0).padStart(7)} obj/s ${(p.bytes / MiB / p.s).toFixed(1).padStart(8)} MiB/s (${p.ops} objects)`;
        console.log(line);
        prepRows.push(
          `| ${t.name} | ${label} | ${p.ops} | ${(p.ops / p.s).toFixed(0)} obj/s · ${(p.bytes / MiB / p.s).toFixed(1)} MiB/s |`,
        );
      }
    } finally {
      await t.stop();
    }
  }
  console.log(
    '\n| server | case | agent (S3Backend) | SDK, tuned client | plain SDK loop | agent / plain SDK (obj/s) |\n|---|---|---|---|---|---|',
  );
  for (const r of rows) console.log(r);
  console.log('\n| server | object size | objects | agent process, prepare stage |\n|---|---|---|---|');
  for (const r of prepRows) console.log(r);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
