// One ExecuteWorkload stream: control commands in, LiveStats out (spec §3.7). The agent runs one workload at
// a time (AgentCore.active); a stream that ends or breaks aborts the run it started.
import type * as grpc from '@grpc/grpc-js';
import { Command, Status, type ControlMessage__Output, type LiveStats } from '../proto';
import type { AgentCore } from './core';
import { parseModel } from './parse-config';
import { planRun, PlanError } from './plan';
import { preflightJson, runPreflight } from './preflight';
import { Run } from './run';

export class Session {
  private run: Run | undefined;
  private ended = false;
  private agentId = '';

  constructor(
    private readonly core: AgentCore,
    private readonly call: grpc.ServerDuplexStream<ControlMessage__Output, LiveStats>,
  ) {
    call.on('data', (m: ControlMessage__Output) => this.onMessage(m));
    const gone = (why: string) => {
      if (this.ended) return;
      this.ended = true;
      if (this.run && this.core.active === this.run) this.core.abortActive(why);
    };
    call.on('end', () => {
      gone('Controller closed the stream');
      this.finish();
    });
    call.on('cancelled', () => gone('Controller disconnected'));
    call.on('error', () => gone('Connection error'));
    call.on('close', () => gone('Controller disconnected'));
  }

  private send(m: LiveStats): void {
    if (this.ended) return;
    try {
      this.call.write(m);
    } catch {
      /* stream already gone */
    }
  }

  private finish(): void {
    try {
      this.call.end();
    } catch {
      /* ignore */
    }
  }

  private reply(status: number, error_message = ''): void {
    // Status 7 (pre-flight result) is undeclared in the proto enum; it goes on the wire as a plain number.
    this.send({ agent_id: this.agentId, status: status as LiveStats['status'], error_message, sequence: 0 });
  }

  private onMessage(m: ControlMessage__Output): void {
    switch (m.command as number) {
      case Command.PING:
        return this.reply(Status.ACKNOWLEDGE);
      case Command.START:
        return this.start(m);
      case Command.ABORT:
        if (this.run && this.core.active === this.run) this.core.abortActive('Aborted by controller');
        else this.reply(Status.ABORTED, 'Aborted by controller (nothing was running)');
        return;
      case Command.ACKNOWLEDGE:
        return;
      case Command.PREFLIGHT: {
        if (m.agent_id) this.agentId = m.agent_id;
        const refused = this.core.beginPreflight();
        if (refused) return this.reply(Status.ERROR, refused.message);
        const core = this.core;
        void runPreflight(m.config_yaml, m.agent_id || this.agentId, core.confine, (p) =>
          core.probeBackend(p),
        )
          .then(
            (res) => this.reply(Status.PREFLIGHT_RESULT, preflightJson(res)),
            (e) => this.reply(Status.ERROR, `pre-flight failed: ${(e as Error).message}`),
          )
          .finally(() => core.endPreflight());
        return;
      }
      case Command.RELEASE_BARRIER:
        this.run?.release(m.barrier_sequence);
        return;
      case Command.GOODBYE:
        if (this.run && this.core.active === this.run) this.core.abortActive('Controller said goodbye');
        this.ended = true;
        return this.finish();
      case Command.RESET:
        if (this.core.active) this.core.abortActive('Reset by controller');
        return this.reply(Status.READY, 'Reset complete - back to Idle');
      case Command.SYNC_STATE:
        return this.reply(m.ready_for_next ? Status.RUNNING : Status.READY);
      default:
        return; // unknown commands are ignored, as sai3 does
    }
  }

  private start(m: ControlMessage__Output): void {
    this.agentId = m.agent_id;
    const busy = this.core.busy();
    if (busy) return this.reply(Status.ERROR, `Agent in unexpected state: ${busy}`);
    // Held from here: the config is parsed off the gRPC thread, and no other START or pre-flight may slip in.
    this.core.starting = true;
    void this.begin(m).finally(() => (this.core.starting = false));
  }

  private async begin(m: ControlMessage__Output): Promise<void> {
    let run: Run;
    try {
      const model = await parseModel(m.config_yaml);
      if (this.ended) return; // the controller left while the config was parsed
      const plan = planRun(
        model,
        {
          configYaml: m.config_yaml,
          agentId: m.agent_id,
          pathPrefix: m.path_prefix,
          sharedStorage: m.shared_storage,
          agentIndex: m.agent_index,
          numAgents: Math.max(1, m.num_agents),
        },
        this.core.confine,
      );
      run = new Run(plan, this.core.backendFor(plan), this.core.cpu, (x) => this.send(x));
    } catch (e) {
      const msg = e instanceof PlanError ? e.message : `Invalid YAML config: ${(e as Error).message}`;
      return this.reply(Status.ERROR, msg);
    }
    this.run = run;
    this.core.begin(run);
    void run.execute().finally(() => this.core.end(run));
  }
}
