// Every key (or value) the fidelity matrix refuses is refused in the three places, with the same text: a warning
// at the key in the editor (real LSP over JSON-RPC), `iobench validate` (the CLI process), and our agent (a real
// agent process: pre-flight fails and START answers ERROR). sai3's own agents still get the key: the controller
// passes it through untouched. Samples come from helpers/refusal-samples.ts (one per refusing matrix entry).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import type { AgentClient, PreFlightResponse__Output } from '../../proto';
import { loadConfig, rangeOfPath } from '../../core/config';
import { findRefusals, type Refusal } from '../../core/fidelity';
import { planRun } from '../../controller/per-agent-config';
import type { CodeAction } from 'vscode-languageserver';
import { applyEdits, inProcess, uriOf, type TestClient } from '../lsp/harness';
import {
  agentClient,
  AgentStream,
  startAgent,
  Status,
  tempDir,
  unary,
  type AgentProcess,
} from './helpers/agent';
import { iobench } from './controller-helpers';
import { REFUSAL_SAMPLES, refusedConfig } from './helpers/refusal-samples';

let agent: AgentProcess;
let client: AgentClient;
let lsp: TestClient;
const t = tempDir('iobench-refusal-');
before(async () => {
  fs.mkdirSync(path.join(t.dir, 'data'));
  agent = await startAgent([t.dir]);
  client = agentClient(agent.address);
  lsp = inProcess().client;
  await lsp.initialize();
});
after(async () => {
  await lsp?.shutdown();
  client?.close();
  await agent?.stop();
  t.cleanup();
});

interface Sample {
  key: string;
  file: string;
  text: string;
  refusal: Refusal;
}

function samples(): Sample[] {
  return Object.keys(REFUSAL_SAMPLES).map((key, i) => {
    const value = refusedConfig(t.dir, key);
    const text = stringify(value);
    const file = path.join(t.dir, `refused-${i}.iobench.yaml`);
    fs.writeFileSync(file, text);
    const found = findRefusals(value);
    assert.equal(found.length, 1, `${key}: ${JSON.stringify(found)}`);
    return { key, file, text, refusal: found[0] };
  });
}

test('every refused key is refused in the editor, by validate and by our agent', async () => {
  const all = samples();
  // 1. the editor: a warning at the key, over real JSON-RPC
  for (const s of all) {
    const ds = await lsp.openAndWait(uriOf(path.basename(s.file)), s.text);
    const hit = ds.filter((d) => d.code === 'unsupported-by-agent');
    assert.equal(hit.length, 1, `${s.key}: ${JSON.stringify(ds.map((d) => d.message))}`);
    assert.equal(hit[0].message, s.refusal.message);
    assert.equal(hit[0].severity, 2, 'a warning: the config is fine for sai3-bench agents');
    assert.deepEqual(hit[0].range, rangeOfPath(loadConfig(s.text), s.refusal.path, 'key'), s.key);
    // and a quick fix that removes the key, after which nothing is refused
    const uri = uriOf(path.basename(s.file));
    const actions = await lsp.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: hit[0].range,
      context: { diagnostics: hit },
    });
    const fix = actions.find((x) => x.title.startsWith('Remove'));
    assert.ok(fix, `${s.key}: ${actions.map((x) => x.title)}`);
    const fixed = applyEdits(s.text, fix.edit!.changes![uri]);
    assert.deepEqual(findRefusals(parse(fixed)), [], `${s.key}: after the fix\n${fixed}`);
  }
  // 2. `iobench validate`: one line per file at the key's line and column (1-based)
  const v = await iobench(['validate', ...all.map((s) => s.file)]);
  for (const s of all) {
    const r = rangeOfPath(loadConfig(s.text), s.refusal.path, 'key')!;
    const line = `${s.file}:${r.start.line + 1}:${r.start.character + 1}: warning: ${s.refusal.message}`;
    assert.ok(v.stdout.includes(line), `${s.key}: no line\n  ${line}\nin\n${v.stdout}`);
  }
  // 3. our agent: pre-flight fails, START answers ERROR — both with the refusal text
  for (const s of all) {
    const pf = await unary<object, PreFlightResponse__Output>(client.PreFlightValidation.bind(client), {
      config_yaml: s.text,
      agent_id: 'agent-1',
    });
    assert.equal(pf.passed, false, s.key);
    assert.ok(
      pf.results.some((x) => x.level === 3 && x.message.includes(s.refusal.message)),
      `${s.key}: ${JSON.stringify(pf.results.map((x) => x.message))}`,
    );
    const st = new AgentStream(client);
    st.start(s.text);
    const m = await st.next((x) => x.status === Status.ERROR, 10000, 'ERROR');
    st.close();
    assert.ok(m.error_message.includes(s.refusal.message), `${s.key}: ${m.error_message}`);
  }
});

test('sai3 agents receive a refused key untouched from our controller', () => {
  for (const key of Object.keys(REFUSAL_SAMPLES)) {
    const value = refusedConfig(t.dir, key);
    const [r] = findRefusals(value);
    const plan = planRun(value, { agents: [{ address: '127.0.0.1:7167' }] });
    assert.ok(plan.ok, `${key}: ${JSON.stringify(!plan.ok && plan.errors)}`);
    const sent = parse((plan as Extract<typeof plan, { ok: true }>).plan.agents[0].yaml) as unknown;
    const at = (root: unknown) =>
      r.path.reduce<unknown>((v, k) => (v as Record<string | number, unknown> | undefined)?.[k], root);
    assert.deepEqual(at(sent), at(value), `${key} changed on its way to the agent`);
  }
});
