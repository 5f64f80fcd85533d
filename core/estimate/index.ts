// Estimates (counts, bytes, times per depth and per agent) and the rate model they use.
export {
  estimate,
  type Estimate,
  type EstimateOptions,
  type LevelEstimate,
  type AgentEstimate,
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
