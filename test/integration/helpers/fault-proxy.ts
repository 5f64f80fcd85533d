// A small fault-injecting TCP proxy between the controller and one agent: latency on every chunk in both
// directions, and packet loss as TCP shows it to applications — a lost segment is retransmitted after the
// retransmission timeout, so its bytes (and everything behind them, order is kept) arrive `rtoMs` late; bytes
// are never dropped or reordered, as no TCP stream would. Needs no root (netem is not in these kernels).
// Deterministic: the loss decisions come from a seeded generator.
import * as net from 'node:net';

export interface FaultProxyOptions {
  target: { host: string; port: number };
  /** one-way delay added to every chunk, each direction */
  latencyMs?: number;
  /** fraction of segments (≤ `mss` bytes) that are "lost" once (0.01 = 1 %) */
  lossRate?: number;
  /** segment size the loss applies to (Ethernet's TCP MSS) */
  mss?: number;
  /** delay of a lost chunk's retransmission (Linux's minimum RTO is 200 ms) */
  rtoMs?: number;
  seed?: number;
}

export interface FaultProxy {
  address: string;
  port: number;
  /** segments forwarded and segments delayed as lost */
  stats(): { segments: number; lost: number; connections: number };
  /** stop forwarding: every connection is cut (a crashed middlebox) */
  close(): Promise<void>;
}

/** mulberry32: small, seedable, good enough to pick 1 % of chunks. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function startFaultProxy(o: FaultProxyOptions): Promise<FaultProxy> {
  const latency = o.latencyMs ?? 0;
  const loss = o.lossRate ?? 0;
  const rto = o.rtoMs ?? 200;
  const random = rng(o.seed ?? 1);
  const mss = o.mss ?? 1460;
  const stats = { segments: 0, lost: 0, connections: 0 };
  const sockets = new Set<net.Socket>();

  /** Forwards `from` → `to` with the faults, keeping order: one FIFO per direction, one timer for its head. */
  const line = (from: net.Socket, to: net.Socket) => {
    const queue: { at: number; segment?: Buffer }[] = []; // no segment: the end of the stream
    let last = 0;
    let timer: NodeJS.Timeout | undefined;
    const pump = () => {
      timer = undefined;
      const now = Date.now();
      while (queue.length && queue[0].at <= now) {
        const { segment } = queue.shift()!;
        if (to.destroyed) return;
        if (segment) to.write(segment);
        else to.end();
      }
      if (queue.length) timer = setTimeout(pump, queue[0].at - now);
    };
    const enqueue = (at: number, segment?: Buffer) => {
      last = Math.max(at, last);
      queue.push({ at: last, ...(segment ? { segment } : {}) });
      if (!timer) timer = setTimeout(pump, Math.max(0, queue[0].at - Date.now()));
    };
    from.on('data', (chunk: Buffer) => {
      for (let i = 0; i < chunk.length; i += mss) {
        stats.segments++;
        const lost = loss > 0 && random() < loss;
        if (lost) stats.lost++;
        enqueue(Date.now() + latency + (lost ? rto : 0), chunk.subarray(i, i + mss));
      }
    });
    from.on('end', () => enqueue(Date.now() + latency)); // half-close after the data in flight
    from.on('close', () => {
      if (!queue.length) to.destroy();
    });
  };

  const server = net.createServer((client) => {
    stats.connections++;
    const upstream = net.connect(o.target.port, o.target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
      s.on('close', () => sockets.delete(s));
    }
    line(client, upstream);
    line(upstream, client);
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
  });
  return {
    address: `127.0.0.1:${port}`,
    port,
    stats: () => ({ ...stats }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
