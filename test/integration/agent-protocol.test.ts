// Plays sai3-bench's controller (v0.8.61+, spec §3.7) message by message against our agent, with the
// fully-defaulted YAML a sai3 controller re-serializes (§1.11: every field present, nulls, humantime).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentClient } from '../../proto';
import {
  agentClient,
  AgentStream,
  Command,
  listTree,
  startAgent,
  Status,
  tempDir,
  unary,
  type AgentProcess,
} from './helpers/agent';

let agent: AgentProcess;
let client: AgentClient;
const t = tempDir();
before(async () => {
  agent = await startAgent([t.dir]);
  client = agentClient(agent.address);
});
after(async () => {
  client?.close();
  await agent?.stop();
  t.cleanup();
});

const sai3Yaml = (root: string) => `
target: file://${root}/sai3/
duration: 1s
concurrency: 4
workload:
- weight: 80
  concurrency: null
  op: get
  path: '*'
- weight: 20
  concurrency: null
  op: stat
  path: '*'
prepare:
  ensure_objects:
  - base_uri: file://${root}/sai3/
    count: 12
    min_size: null
    max_size: null
    size_spec: 4096
    fill: random
    dedup_factor: 1
    compress_factor: 1
  cleanup: true
  cleanup_only: null
  post_prepare_delay: 0
  directory_structure:
    width: 2
    depth: 2
    files_per_dir: 3
    distribution: bottom
    dir_mask: sai3bench.d%d_w%d.dir
  prepare_strategy: sequential
  skip_verification: false
  force_overwrite: false
  cleanup_mode: tolerant
  key_prefix_shards: 0
io_rate: null
processes: null
range_engine: null
page_cache_mode: null
op_log_path: null
perf_log: null
error_handling:
  max_total_errors: 100
  error_rate_threshold: 5.0
  backoff_duration: 5s
  error_rate_window: 1.0
  retry_on_error: false
  max_retries: 3
distributed:
  agents:
  - address: 127.0.0.1:7167
    id: agent-1
    target_override: null
    concurrency_override: null
    env: {}
    volumes: []
    path_template: null
    listen_port: 7167
    multi_endpoint: null
    kv_cache_dir: null
  ssh: null
  deployment: null
  start_delay: 2
  path_template: agent-{id}/
  shared_filesystem: true
  tree_creation_mode: isolated
  path_selection: random
  partition_overlap: 0.3
  grpc_keepalive_interval: 30
  grpc_keepalive_timeout: 10
  agent_ready_timeout: 120
  barrier_sync:
    enabled: true
    default_heartbeat_interval: 30
    default_missed_threshold: 3
    default_query_timeout: 10
    default_query_retries: 2
    validation: null
    prepare: null
    execute: null
    cleanup: null
  stages:
  - name: preflight
    order: 1
    completion: validation_passed
    barrier: null
    timeout_secs: null
    optional: false
    type: validation
  - name: prepare
    order: 2
    completion: tasks_done
    barrier: null
    timeout_secs: null
    optional: false
    type: prepare
    expected_objects: null
  - name: execute
    order: 3
    completion: duration
    barrier: null
    timeout_secs: null
    optional: false
    type: execute
    duration: 1s
  - name: cleanup
    order: 4
    completion: tasks_done
    barrier: null
    timeout_secs: null
    optional: false
    type: cleanup
    expected_objects: null
  kv_cache_dir: null
`;

test('sai3-bench controller sequence: START → READY → RELEASE_BARRIER(0..3) → COMPLETED → GOODBYE', async () => {
  const ping = await unary<object, { version: string }>(client.Ping.bind(client), {});
  assert.ok(ping.version);
  const s = new AgentStream(client);
  // 7. START exactly as sai3's controller fills it (shared storage → empty prefix, start_timestamp_ns 0).
  s.send({
    command: Command.START,
    config_yaml: sai3Yaml(t.dir),
    agent_id: 'agent-1',
    path_prefix: '',
    shared_storage: true,
    agent_index: 0,
    num_agents: 1,
    start_timestamp_ns: 0,
  });
  // 8. Read until READY (status 1); everything before is forwarded (our RUNNING messages during stage 1).
  const ready = await s.next((m) => m.status === Status.READY || m.status === Status.ERROR, 10000, 'READY');
  assert.equal(ready.status, Status.READY, ready.error_message);
  assert.equal(ready.agent_id, 'agent-1');
  assert.equal(ready.at_barrier, true);
  assert.equal(ready.barrier_sequence, 0);
  // PING on the stream is acknowledged (status 6) while waiting.
  s.send({ command: Command.PING });
  await s.next((m) => m.status === Status.ACKNOWLEDGE, 5000, 'ACKNOWLEDGE');
  // READY is re-sent every second until barrier 0 is released.
  await s.next((m) => m.status === Status.READY, 2500, 'periodic READY');
  // 14. release each barrier when the agent reports it (numeric barrier_sequence = stage position − 1).
  s.send({ command: Command.RELEASE_BARRIER, agent_id: 'agent-1', barrier_sequence: 0 });
  const stages: string[] = [];
  for (let k = 1; k <= 3; k++) {
    const b = await s.next(
      (m) => (m.at_barrier && m.barrier_sequence === k && !!m.stage_summary) || m.status === Status.ERROR,
      20000,
      `barrier ${k}`,
    );
    assert.equal(b.status, Status.RUNNING, b.error_message);
    assert.equal(b.stage_summary!.stage_index, k + 1);
    stages.push(b.stage_summary!.stage_name);
    s.send({ command: Command.RELEASE_BARRIER, agent_id: 'agent-1', barrier_sequence: k });
  }
  assert.deepEqual(stages, ['prepare', 'execute', 'cleanup']);
  const done = await s.next(
    (m) => m.status === Status.COMPLETED || m.status === Status.ERROR,
    10000,
    'COMPLETED',
  );
  assert.equal(done.status, Status.COMPLETED, done.error_message);
  assert.equal(done.completed, true);
  assert.ok(done.final_summary && done.final_summary.total_ops > 0);
  assert.equal(done.prepare_summary?.objects_created, 12);
  // 15. GOODBYE: the agent closes the stream.
  s.send({ command: Command.GOODBYE, agent_id: '' });
  await new Promise<void>((r) => (s.ended ? r() : s.call.once('end', () => r())));
  assert.deepEqual(listTree(`${t.dir}/sai3`), []);
});

test('PREFLIGHT on the stream answers with status 7 and sai3-style JSON', async () => {
  const s = new AgentStream(client);
  s.send({
    command: Command.PREFLIGHT,
    config_yaml: sai3Yaml(t.dir)
      .replace(`${t.dir}/sai3/`, `${t.dir}/`)
      .replace(`${t.dir}/sai3/`, `${t.dir}/`),
    agent_id: 'agent-1',
  });
  const m = await s.next((x) => (x.status as number) === Status.PREFLIGHT_RESULT, 10000, 'status 7');
  const j = JSON.parse(m.error_message);
  assert.equal(j.passed, true, m.error_message);
  assert.ok(
    j.results.some(
      (r: { test_phase: string; level: string }) => r.test_phase === 'write' && r.level === 'Success',
    ),
  );
  assert.ok(j.results.some((r: { error_type: string }) => r.error_type === 'None'));
  s.close();
});

test('START while a run is active is refused; a bad config is an ERROR (status 3)', async () => {
  const s = new AgentStream(client);
  s.start('workload: [ this is : not valid');
  const e = await s.next((m) => m.status === Status.ERROR, 5000, 'ERROR');
  assert.match(e.error_message, /Invalid YAML/);
  s.close();
  // A long run on one stream; START on a second stream is refused while it runs.
  const long = new AgentStream(client);
  long.start(sai3Yaml(t.dir));
  await long.next((m) => m.status === Status.READY, 10000, 'READY');
  const other = new AgentStream(client);
  other.start(sai3Yaml(t.dir));
  const busy = await other.next((m) => m.status === Status.ERROR, 5000, 'busy ERROR');
  assert.match(busy.error_message, /unexpected state/);
  other.close();
  long.send({ command: Command.ABORT });
  await long.next((m) => m.status === Status.ABORTED, 5000, 'ABORTED');
  long.close();
});
