// Estimates (counts, bytes, times per depth and per agent) and the rate model they use.
export {
  estimate,
  type Estimate,
  type EstimateOptions,
  type LevelEstimate,
  type AgentEstimate,
  type Range,
  type TimeModelInput,
} from './estimate';
export { estimateToJson, jsonInt, type EstimateJson, type JsonInt } from './json';
export { expectedSize, lognormalMean, totalBytes, LOGNORMAL_TRIES } from './sizes';
export {
  DEFAULT_RATES,
  parseCalibration,
  ratesFor,
  type RateModel,
  type Calibration,
  type CalibrationResult,
} from './rates';
export { erf, erfc, normalCdf, normalMass } from './normal';
export { fitLinear, type Coef, type Fit } from './fit';
export {
  DEFAULT_NOISE,
  PRIOR_TERMS,
  predictAgent,
  scaleFactor,
  termsFromStages,
  termsFromTiming,
  withRange,
  combineTerm,
  withProbe,
  type PrepareTiming,
  type Predicted,
  type StageCounts,
  type Term,
  type TimePrediction,
  type TimeTerms,
} from './time-model';
export { mapCalibration, meanTerms, parseTerms, type MappedCalibration } from './calibration-map';
export {
  HISTORY_FILE,
  HISTORY_MAX_ENTRIES,
  chooseFromHistory,
  historyNoise,
  parseHistory,
  rankHistory,
  targetOf,
  type HistoryChoice,
  type HistoryEntry,
  type HistoryWant,
} from './history';
export { formatError, formatPredicted } from './format';
