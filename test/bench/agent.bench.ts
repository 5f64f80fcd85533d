// Agent benchmark: prepare throughput of a real agent process vs the C baseline (treemk.c, compiled here with
// cc -O2 -pthread) and fio (--create_only), same tree, same thread count, side by side; a promise-per-file
// comparison; START → first mkdir on the FULL 4-host config; agent RSS while preparing a large tree.
// Run: node scripts/bench.mjs agent
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { Confinement, FolderCheck } from '../../agent/confine';
import { loadConfig } from '../../core/config';
import { iterDirs, iterFiles } from '../../core/tree';
import { stringify, parse } from 'yaml';
import { agentClient, AgentStream, Command, startAgent, Status, unary } from '../integration/helpers/agent';

const THREADS = Number(process.env.BENCH_THREADS ?? 8);
// BENCH_ONLY=latency: only START → first mkdir; BENCH_ONLY=small|large|tmpfs|disk|small-tmpfs…: only the
// throughput cases whose "size-place" label contains the value (no latency/RSS figures).
const ONLY = process.env.BENCH_ONLY ?? '';
// BENCH_BEFORE=DIR: also run the agent bundle DIR/dist/cli.js (DIR/proto/iobench.proto beside it), e.g. a copy of
// dist/ taken before a change, as an extra row in the same run (before/after side by side).
const BEFORE = process.env.BENCH_BEFORE ?? '';
// BENCH_REPEAT=n: best of n per row (default 3).
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
const SMALL_FILES = Number(process.env.BENCH_SMALL_FILES ?? 20);
const FIXTURE = path.resolve('test/fixtures/configs/four-host-full.yaml');
const TREEMK = path.resolve('test/bench/treemk.c');
const work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'iobench-agent-bench-')));
const MiB = 1 << 20;
let mounted = '';

interface Row {
  what: string;
  files: number;
  bytes: number;
  seconds: number;
  cpuMs?: number; // CPU time (user + sys, all threads) of the run: steadier than wall time under others' load
}
const CLK_MS = 10; // /proc times are in clock ticks (USER_HZ = 100 on Linux)
/** utime + stime (+ children's, for the C runs through sh) of a process, in ms. */
function cpuOf(pid: number | 'children', stat?: string): number {
  const s = stat ?? fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  const k = pid === 'children' ? 13 : 11; // utime, stime = fields 14, 15; cutime, cstime = 16, 17
  return (Number(f[k]) + Number(f[k + 1])) * CLK_MS;
}
const fmt = (r: Row) =>
  `${r.what.padEnd(34)} ${String(r.files).padStart(7)} files ${(r.bytes / MiB).toFixed(0).padStart(6)} MiB ${r.seconds.toFixed(3).padStart(7)} s ${(r.files / r.seconds).toFixed(0).padStart(8)} files/s ${(r.bytes / MiB / r.seconds).toFixed(1).padStart(8)} MiB/s${r.cpuMs === undefined ? '' : ` ${r.cpuMs.toFixed(0).padStart(5)} ms CPU`}`;

function sync(): void {
  spawnSync('sync');
}

function runC(bin: string, dir: string, w: number, d: number, f: number, size: number): Row {
  sync();
  // Through sh so that the shell's cutime/cstime afterwards give treemk's CPU time.
  const lines = execFileSync(
    'sh',
    [
      '-c',
      '"$0" "$@"; cat /proc/$$/stat',
      bin,
      dir,
      String(w),
      String(d),
      String(f),
      String(size),
      String(THREADS),
    ],
    { encoding: 'utf8' },
  )
    .trim()
    .split('\n');
  const out = lines[0].split(/\s+/);
  return {
    what: 'treemk.c',
    files: Number(out[1]),
    bytes: Number(out[2]),
    seconds: Number(out[3]),
    cpuMs: cpuOf('children', lines[1]),
  };
}

function runFio(dir: string, files: number, size: number): Row | undefined {
  if (spawnSync('fio', ['--version']).status !== 0) return undefined;
  fs.mkdirSync(dir, { recursive: true });
  const per = Math.ceil(files / THREADS);
  sync();
  const t0 = process.hrtime.bigint();
  const r = spawnSync(
    'fio',
    [
      '--name=create',
      `--directory=${dir}`,
      `--numjobs=${THREADS}`,
      `--nrfiles=${per}`,
      `--filesize=${size}`,
      '--create_only=1',
      '--rw=write',
      `--bs=${Math.min(size, MiB)}`,
      '--openfiles=1',
      '--file_service_type=sequential',
      '--group_reporting',
    ],
    { encoding: 'utf8' },
  );
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) {
    console.log(`fio failed: ${r.stderr.slice(0, 300)}`);
    return undefined;
  }
  return {
    what: 'fio --create_only (flat dirs)',
    files: per * THREADS,
    bytes: per * THREADS * size,
    seconds: s,
  };
}

function config(base: string, w: number, d: number, f: number, size: number, conc = THREADS): string {
  return `
target: "file://${base}/"
concurrency: ${conc}
duration: 0s
workload: [ { op: get, path: "x", weight: 1 } ]
prepare:
  force_overwrite: true
  ensure_objects: [ { count: 0, fill: random, size_spec: ${size} } ]
  directory_structure: { width: ${w}, depth: ${d}, files_per_dir: ${f}, distribution: bottom, dir_mask: "d%d_w%d.dir" }
`;
}

async function runAgentPrepare(address: string, pid: number, base: string, yaml: string): Promise<Row> {
  const c = agentClient(address);
  const s = new AgentStream(c);
  sync();
  const cpu0 = cpuOf(pid);
  s.start(yaml);
  s.send({ command: Command.RELEASE_BARRIER, barrier_sequence: 0 });
  const m = await s.next(
    (x) => (x.at_barrier && x.barrier_sequence === 1 && !!x.stage_summary) || x.status === Status.ERROR,
    600000,
    'prepare barrier',
  );
  if (m.status === Status.ERROR) throw new Error(m.error_message);
  const cpuMs = cpuOf(pid) - cpu0; // includes the validation stage and gRPC: a few ms at most
  s.send({ command: Command.RELEASE_BARRIER, barrier_sequence: 1 });
  await s.next((x) => x.status === Status.COMPLETED, 10000, 'COMPLETED');
  s.close();
  c.close();
  const sum = m.stage_summary!;
  return {
    what: 'iobench agent (worker threads)',
    files: sum.put_ops,
    bytes: sum.put_bytes,
    seconds: sum.wall_seconds,
    cpuMs,
  };
}

/** The alternative we measured against: a promise per file (fs.promises open/write/close), THREADS loops. */
async function runPromises(base: string, w: number, d: number, f: number, size: number): Promise<Row> {
  const tree = {
    width: w,
    depth: d,
    filesPerDir: f,
    distribution: 'bottom' as const,
    dirMask: 'd%d_w%d.dir',
  };
  const buf = Buffer.alloc(Math.min(size, MiB), 0x61);
  sync();
  const t0 = process.hrtime.bigint();
  fs.mkdirSync(base, { recursive: true });
  for (const dd of iterDirs(tree)) await fsp.mkdir(path.join(base, dd.path));
  const it = iterFiles(tree);
  let n = 0;
  const loop = async () => {
    for (let r = it.next(); !r.done; r = it.next()) {
      const fh = await fsp.open(path.join(base, r.value.path), 'w');
      for (let left = size; left > 0; left -= buf.length) await fh.write(buf, 0, Math.min(left, buf.length));
      await fh.close();
      n++;
    }
  };
  await Promise.all(Array.from({ length: THREADS }, loop));
  return {
    what: 'promise per file (fs.promises)',
    files: n,
    bytes: n * size,
    seconds: Number(process.hrtime.bigint() - t0) / 1e9,
  };
}

async function firstMkdirLatency(address: string): Promise<number> {
  const roots = [1, 2, 3, 4].map((i) => path.join(work, 'full', `fs${i}`));
  for (const r of roots) fs.mkdirSync(r, { recursive: true });
  const doc = parse(fs.readFileSync(FIXTURE, 'utf8'));
  doc.distributed.agents.forEach(
    (a: { multi_endpoint: { endpoints: string[] } }) =>
      (a.multi_endpoint.endpoints = roots.map((r) => `file://${r}/`)),
  );
  const yaml = stringify(doc);
  if (!loadConfig(yaml).model) throw new Error('fixture did not load');
  const c = agentClient(address);
  const s = new AgentStream(c);
  let t0 = 0n;
  const seen = new Promise<number>((resolve) => {
    const w = fs.watch(roots[0], () => {
      w.close();
      resolve(Number(process.hrtime.bigint() - t0) / 1e6);
    });
  });
  t0 = process.hrtime.bigint();
  s.start(yaml, 'agent-1', { agent_index: 0, num_agents: 4, shared_storage: false });
  s.send({ command: Command.RELEASE_BARRIER, barrier_sequence: 0 }); // released at once: measure the agent, not a countdown
  const ms = await seen;
  await unary(c.AbortWorkload.bind(c), {});
  await s.next((x) => x.status === Status.ABORTED || x.status === Status.ERROR, 10000, 'ABORTED');
  s.close();
  c.close();
  return ms;
}

async function rssWhilePreparing(address: string, pid: number): Promise<number[]> {
  const c = agentClient(address);
  const s = new AgentStream(c);
  const samples: number[] = [];
  const rss = () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
  // 24×3 = 14,424 dirs, 40 files per leaf = 552,960 empty-ish files: run 8 s, sample every 0.5 s, abort.
  s.start(config(path.join(work, 'rss'), 24, 3, 40, 512));
  s.send({ command: Command.RELEASE_BARRIER, barrier_sequence: 0 });
  await s.next((x) => x.current_stage === 1, 10000, 'prepare');
  for (let i = 0; i < 16; i++) {
    samples.push(rss());
    const m = await s.next(() => true, 5000, 'tick'); // any message: one per second
    if (m.at_barrier && m.barrier_sequence === 1) break;
  }
  await unary(c.AbortWorkload.bind(c), {});
  await s.next(
    (x) =>
      x.status === Status.ABORTED ||
      x.status === Status.COMPLETED ||
      (x.at_barrier && x.barrier_sequence === 1),
    10000,
    'end',
  );
  s.close();
  c.close();
  return samples;
}

/** Like the helper's startAgent, for another bundle (BENCH_BEFORE): address and stop only. */
async function startAgentFrom(cli: string, root: string) {
  const proc = spawn(process.execPath, [cli, 'agent', '--listen', '127.0.0.1:0', '--root', root], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const address = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]);
    });
    proc.once('exit', (code) => reject(new Error(`${cli} exited ${code}`)));
  });
  const stop = () =>
    new Promise<void>((r) => {
      if (proc.exitCode !== null || proc.signalCode) return r();
      proc.once('exit', () => r());
      proc.kill('SIGKILL');
    });
  return { address, pid: proc.pid!, stop };
}

/**
 * The cost of confining each execute-stage operation (agent/confine.ts FolderCheck): one realpath per new folder,
 * then a Set lookup per operation — beside the open+close the operation itself costs at least.
 */
async function confinementCost(): Promise<void> {
  const dir = path.join(work, 'confine');
  const folders = 200;
  const files: string[] = [];
  for (let d = 0; d < folders; d++) {
    fs.mkdirSync(path.join(dir, `d${d}`), { recursive: true });
    files.push(path.join(dir, `d${d}`, 'f'));
    fs.writeFileSync(files[d], 'x');
  }
  const check = new FolderCheck(Confinement.create([work]));
  const N = 200_000;
  let t0 = performance.now();
  for (const f of files) await check.check(f); // first sight of each folder: realpath
  const firstUs = ((performance.now() - t0) * 1000) / folders;
  t0 = performance.now();
  for (let i = 0; i < N; i++) await check.check(files[i % folders]);
  const cachedUs = ((performance.now() - t0) * 1000) / N;
  t0 = performance.now();
  for (let i = 0; i < 20_000; i++) await (await fsp.open(files[i % folders], 'r')).close();
  const openUs = ((performance.now() - t0) * 1000) / 20_000;
  console.log(
    `\nconfinement per execute op: ${cachedUs.toFixed(2)} µs cached, ${firstUs.toFixed(1)} µs the first time in a folder (realpath) — beside ${openUs.toFixed(1)} µs for the op's own open+close (${((cachedUs / openUs) * 100).toFixed(1)} %)`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
}

async function main(): Promise<void> {
  const bin = path.join(work, 'treemk');
  execFileSync('cc', ['-O2', '-pthread', '-o', bin, TREEMK]);
  const agent = await startAgent([work]);
  const before = BEFORE ? await startAgentFrom(path.join(BEFORE, 'dist', 'cli.js'), work) : undefined;
  console.log(
    `agent bench: ${os.cpus().length} cores, ${THREADS} threads everywhere, work dir ${work} (${os.platform()})`,
  );
  try {
    const cases = [
      // BENCH_SMALL_FILES: files per leaf for the small case (20 by default: a quick run; 193 is the width-24
      // tree of DESIGN.md and the sai3 docs, 111,168 files, where per-stage fixed costs no longer count).
      {
        name: `small: 24×2 tree, 576×${SMALL_FILES} files × 4 KiB`,
        w: 24,
        d: 2,
        f: SMALL_FILES,
        size: 4096,
      },
      { name: 'large: 8×2 tree, 64×2 files × 8 MiB', w: 8, d: 2, f: 2, size: 8 * MiB },
    ];
    // Each case on the disk (ext4 here: includes writeback noise from everyone on the machine) and on a tmpfs
    // of our own (isolates the per-file CPU cost, i.e. whether JS overhead limits creation).
    const places: { label: string; dir: string }[] = [{ label: 'disk', dir: path.join(work, 'disk') }];
    const tmpfs = path.join(work, 'tmpfs');
    fs.mkdirSync(places[0].dir);
    fs.mkdirSync(tmpfs);
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=3g', 'tmpfs', tmpfs]).status === 0) {
      mounted = tmpfs;
      places.push({ label: 'tmpfs', dir: tmpfs });
    } else console.log('(cannot mount a tmpfs here: disk only)');
    const runs =
      ONLY === 'latency'
        ? []
        : places
            .flatMap((p) => cases.map((k) => ({ ...k, place: p })))
            .filter((k) => !ONLY || `${k.name.split(':')[0]}-${k.place.label}`.includes(ONLY));
    const clean = (d: string) => fs.rmSync(d, { recursive: true, force: true });
    for (const k of runs) {
      console.log(`\n${k.name} — ${k.place.label}`);
      const rows: {
        label: string;
        mk: (dir: string) => Promise<Row> | Row;
        best?: Row;
        all: number[];
        cpu?: number[];
      }[] = [
        { label: 'c', mk: (d) => runC(bin, d, k.w, k.d, k.f, k.size), all: [] },
        {
          label: 'agent',
          mk: (d) => runAgentPrepare(agent.address, agent.proc.pid!, d, config(d, k.w, k.d, k.f, k.size)),
          all: [],
        },
      ];
      if (before)
        rows.push({
          label: 'before',
          mk: async (d) => ({
            ...(await runAgentPrepare(before.address, before.pid, d, config(d, k.w, k.d, k.f, k.size))),
            what: 'agent before (BENCH_BEFORE)',
          }),
          all: [],
        });
      rows.push(
        { label: 'promise', mk: (d) => runPromises(d, k.w, k.d, k.f, k.size), all: [] },
        {
          label: 'fio',
          mk: (d) =>
            runFio(d, k.w ** k.d * k.f, k.size) ?? {
              what: 'fio (not installed)',
              files: 0,
              bytes: 0,
              seconds: 1,
            },
          all: [],
        },
      );
      // Rounds interleave the rows (C, agent, …, C, agent, …) so load from others hits all of them alike.
      for (let i = 0; i < REPEAT; i++)
        for (const row of rows) {
          const dir = path.join(k.place.dir, `${row.label}-${i}`);
          const r = await row.mk(dir);
          clean(dir);
          if (!row.best || r.seconds < row.best.seconds) row.best = r;
          row.all.push(r.seconds);
          if (r.cpuMs !== undefined) (row.cpu ??= []).push(r.cpuMs);
        }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
      for (const r of rows)
        console.log(
          `  ${fmt(r.best!)}   median ${median(r.all).toFixed(3)} s${r.cpu ? `, ${median(r.cpu).toFixed(0)} ms CPU` : ''}`,
        );
      const c = rows[0].best!;
      for (const r of rows.slice(1, before ? 3 : 2)) {
        const a = r.best!;
        console.log(
          `  ratio ${r.label}/C: ${(a.files / a.seconds / (c.files / c.seconds)).toFixed(2)}× files/s, ${(a.bytes / a.seconds / (c.bytes / c.seconds)).toFixed(2)}× MiB/s (best of ${REPEAT} each); medians ${(median(rows[0].all) / median(r.all)).toFixed(2)}×`,
        );
      }
    }
    if (!ONLY || ONLY === 'confine') await confinementCost();
    if (ONLY && ONLY !== 'latency') return;
    const lat: number[] = [];
    for (let i = 0; i < 5; i++) {
      lat.push(await firstMkdirLatency(agent.address));
      fs.rmSync(path.join(work, 'full'), { recursive: true, force: true });
    }
    lat.sort((a, b) => a - b);
    console.log(
      `\nSTART → first mkdir, FULL 4-host config (depth 4, 4 endpoints, agent 1 of 4): median ${lat[2].toFixed(1)} ms, min ${lat[0].toFixed(1)} ms, max ${lat[4].toFixed(1)} ms (goal < 50 ms)`,
    );
    const rss = await rssWhilePreparing(agent.address, agent.proc.pid!);
    console.log(
      `agent RSS while preparing 24×3 × 40 files (MiB, every ~1 s): ${rss.map((x) => x.toFixed(0)).join(' ')}`,
    );
  } finally {
    await agent.stop();
    await before?.stop();
    if (mounted) spawnSync('umount', [mounted]);
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  if (mounted) spawnSync('umount', [mounted]);
  fs.rmSync(work, { recursive: true, force: true });
  process.exit(1);
});
