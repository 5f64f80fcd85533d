// The iobench language server's contract with its clients (VS Code client, `iobench lsp --stdio` users): command
// ids carried by CodeLenses, custom request names and types, and the settings the server reads. Pure constants and
// types — no `vscode`, no `vscode-languageserver` — so both sides import the one definition (docs/lsp.md).
import type { EstimateJson } from './estimate/json';
import type { RateModel } from './estimate/rates';

/** Commands the server puts on CodeLenses; the client registers them. */
export const COMMANDS = {
  /** args: [uri: string] — show the estimate (informational lens). */
  showEstimate: 'iobench.showEstimate',
  /** args: [uri: string] — run pre-flight on every agent of the config. */
  preflight: 'iobench.preflight',
  /** args: [uri: string, step: RunStep] — run one ladder step. */
  run: 'iobench.run',
} as const;
export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

/** Ladder steps a `iobench.run` lens carries (lower-case, as the CLI's `--step`). */
export const RUN_STEPS = ['simple', 'medium', 'full'] as const;
export type RunStep = (typeof RUN_STEPS)[number];
export type RunArgs = [uri: string, step: RunStep];
export type PreflightArgs = [uri: string];
export type ShowEstimateArgs = [uri: string];

/** Custom requests (client → server). */
export const REQUESTS = {
  /** params EstimateParams → EstimateResult: DESIGN.md's estimate JSON, null when not a config / no model. */
  estimate: 'iobench/estimate',
} as const;
export interface EstimateParams {
  uri: string;
}
export type EstimateResult = EstimateJson | null;

/** The `iobench` settings section (workspace/configuration `section: 'iobench'`, or initializationOptions.settings). */
export const SETTINGS_SECTION = 'iobench';
export type HintVerbosity = 'full' | 'short';

export interface ServerSettings {
  files: string[];
  rates: Partial<RateModel>;
  inlayHints: { enabled: boolean; verbosity: HintVerbosity };
  codeLens: { enabled: boolean };
  hover: { enabled: boolean };
  completion: { enabled: boolean };
  codeActions: { enabled: boolean };
  diagnostics: { enabled: boolean; debounceMs: number };
}

export const DEFAULT_FILES: readonly string[] = [
  '**/*.iobench.yaml',
  '**/*.iobench.yml',
  '**/*.bench.yaml',
  '**/*.bench.yml',
  '**/*.sai3.yaml',
  '**/*.sai3.yml',
];

export const DEFAULT_SETTINGS: Readonly<ServerSettings> = Object.freeze({
  files: [...DEFAULT_FILES],
  rates: {},
  inlayHints: { enabled: true, verbosity: 'full' as HintVerbosity },
  codeLens: { enabled: true },
  hover: { enabled: true },
  completion: { enabled: true },
  codeActions: { enabled: true },
  diagnostics: { enabled: true, debounceMs: 50 },
});

/** Suppression comment: `# iobench-disable-next-line [code ...]` on the line before the finding. */
export const DISABLE_NEXT_LINE = 'iobench-disable-next-line';
/** `source` of every diagnostic the server publishes. */
export const DIAGNOSTIC_SOURCE = 'iobench';
