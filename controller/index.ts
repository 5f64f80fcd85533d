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
export {
  collectForwardedEnv,
  withForwardedEnv,
  EnvFileError,
  isCredentialKey,
  type ForwardedEnv,
} from './forward-env';
export { failedStage, parseErrorRate, DEFAULT_MAX_ERROR_RATE, type FailedStage } from './outcome';
export { generateToken, startLocalAgents, stopLocalAgents, type LocalAgent } from './local-agents';
export { ResultsWriter, PERF_LOG_COLUMNS, STAGE_TSV_COLUMNS, stageFileName, toJson } from './results';
export { describeEvent, describeRunEvent, describeRow, formatLatency } from './describe';
export { measuredCalibration, prepareTimingOf } from './calibration';
export {
  appendHistory,
  loadCalibrationSource,
  readHistory,
  type CalibrationSource,
} from './calibration-store';
export { LiveAggregator } from './aggregate';
export { mergeStage, BUCKET_LABELS } from './summary';
export {
  initialRunState,
  reduceRun,
  replayRun,
  MAX_RUN_MESSAGES,
  type RunState,
  type RunPhase,
  type AgentState,
  type AgentPhase,
  type ProgressState,
  type RunMessage,
} from './run-state';
export { followRun, RunFileError, type FollowOptions } from './follow';
export {
  EVENTS_FILE,
  PID_FILE,
  DETACH_FILE,
  LADDER_FILE,
  DETACHED_LOG,
  readPid,
  pidAlive,
  runAlive,
  pidFileText,
  readDetachInfo,
  stepFolders,
  type RunPid,
  type DetachInfo,
} from './run-dir';
export {
  startDetached,
  detachedArgs,
  detachedEnv,
  runStatus,
  abortRun,
  lastCompleted,
  type StartDetachedOptions,
  type DetachedRunFlags,
  type RunStatus,
  type AbortOptions,
} from './detach';
export { configErrors, planErrorLines, locate } from './config-report';
export {
  checkLocalCount,
  checkRootFolder,
  loadChecked,
  planChecked,
  placeholders,
  localSetup,
  type Checked,
  type LocalSetup,
  type LocalSetupOptions,
} from './local-setup';
export {
  runConfig,
  isLargeRun,
  estimateEvent,
  estimateConfig,
  ladderSteps,
  stepFolderNames,
  resultsFolderName,
  LARGE_BYTES,
  LARGE_FILES,
  type RunConfigOptions,
  type RunConfigResult,
  type StepResult,
  type StepChoice,
  type PlannedStep,
} from './run-session';
export { predictStep, type PredictInput } from './predict';
export { preflightConfig, type PreflightConfigOptions, type PreflightConfigResult } from './preflight-config';
export {
  compareRuns,
  changePct,
  verdictOf,
  COMPARE_METRICS,
  HIGHER_IS_BETTER,
  DEFAULT_THRESHOLD_PCT,
  type CompareMetric,
  type CompareRun,
  type CompareRow,
  type CompareResult,
  type CompareOutcome,
  type ComparableSummary,
  type Verdict,
} from './compare';
export { loadRunFolder, loadRunFolders, SUMMARY_FILE, type LoadRunsOutcome } from './compare-load';
export { slowestAgent, BarrierArrivals, ConnectTally } from './at-scale';
