// Child process of controller-scale.bench.ts: N fake agents (test/integration/helpers/fake-agent.ts) in one
// process, so the bench process measures the controller's CPU alone. Prints one JSON line with the addresses;
// exits when its stdin closes (the bench ended or died).
import { startFakeAgent } from '../integration/helpers/fake-agent';

const n = Number(process.argv[2] ?? 64);
const tickMs = Number(process.argv[3] ?? 1000);
void (async () => {
  const agents = await Promise.all(Array.from({ length: n }, () => startFakeAgent({ tickMs, stageMs: 200 })));
  process.stdout.write(`${JSON.stringify({ addresses: agents.map((a) => a.address) })}\n`);
  process.stdin.resume();
  process.stdin.once('end', () => process.exit(0));
})();
