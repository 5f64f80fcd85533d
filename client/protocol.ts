// The LSP contract's names, from their one definition (core/lsp-contract.ts).
export {
  COMMANDS,
  REQUESTS,
  RUN_STEPS,
  SETTINGS_SECTION,
  DEFAULT_FILES,
  DEFAULT_SETTINGS,
  type EstimateParams,
  type EstimateResult,
  type RunStep,
  type ServerSettings,
} from '../core/lsp-contract';
