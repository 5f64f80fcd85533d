// Entry of the config-parse worker thread (bundled as dist/parse-worker.js; see parse-config.ts): parses one
// config off the agent's gRPC thread and posts back the model (plain data) or the error.
import { parentPort, workerData } from 'node:worker_threads';
import { loadModel, PlanError } from './plan';

try {
  parentPort!.postMessage({ ok: true, model: loadModel((workerData as { text: string }).text) });
} catch (e) {
  parentPort!.postMessage({ ok: false, message: (e as Error).message, plan: e instanceof PlanError });
}
