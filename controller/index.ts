// The controller's public surface: plan a run, run it (events), start local agents, pre-flight alone.
export * from './events';
export {
  planRun,
  fillCounts,
  type RunPlan,
  type AgentPlan,
  type AgentAddress,
  type PlanError,
  type ConfigPath,
} from './per-agent-config';
export { agentFolder, fileBase, rebaseFileUris, commonDirectory } from './local-root';
export { synthesizeStages, normalizeStages, type PlannedStage } from './stages';
export {
  connectAll,
  connectAgent,
  ConnectError,
  CONNECT_TIMEOUT_MS,
  type Connection,
  type TlsOptions,
} from './connect';
export { preflightAll, type PreflightOutcome, type AgentPreflight, type Locate } from './preflight';
export { runStreams, agentRefs, stageRefs, type RunStreamsOutcome, type AgentOutcome } from './run';
export { runSession, type SessionOptions, type SessionOutcome } from './session';
export { failedStage, parseErrorRate, DEFAULT_MAX_ERROR_RATE, type FailedStage } from './outcome';
export { generateToken, startLocalAgents, stopLocalAgents, type LocalAgent } from './local-agents';
export { ResultsWriter, PERF_LOG_COLUMNS, STAGE_TSV_COLUMNS, stageFileName, toJson } from './results';
export { describeEvent, describeRow, formatLatency } from './describe';
export { measuredCalibration } from './calibration';
export { LiveAggregator } from './aggregate';
export { mergeStage, BUCKET_LABELS } from './summary';
