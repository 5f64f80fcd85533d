// iobench settings without VS Code: the typed shape, how raw values from any configuration source map onto it
// (core/settings.ts's parser, shared with the server), what the language server receives (core/lsp-contract.ts's ServerSettings), and which changes need a restart.
import { objectLookup, parseServerSettings, type Lookup } from '../core/settings';
import { DEFAULT_FILES, SETTINGS_SECTION, type ServerSettings } from './protocol';
import { mapRunSettings, type RunSettings } from './run/run-settings';

export const SECTION = SETTINGS_SECTION;
export { DEFAULT_FILES };
export type Verbosity = ServerSettings['inlayHints']['verbosity'];
export type Trace = 'off' | 'messages' | 'verbose';

/** Everything the server reads, plus what only the client uses (runs, LSP tracing). */
export interface IobenchSettings extends ServerSettings {
  run: RunSettings;
  trace: { server: Trace };
}

/**
 * Setting keys (below `iobench.`) the server reads once at start-up, whose change needs a restart. The current
 * server re-reads every key on `workspace/didChangeConfiguration` (server/server.ts), so the list is empty; a
 * key added here makes the client offer "Restart" when it changes.
 */
export const RESTART_KEYS: readonly string[] = [];

export type { Lookup };
export { objectLookup };

const oneOf = <T extends string>(v: unknown, allowed: readonly T[], d: T): T =>
  typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : d;

/** The server's part comes from the one parser core/settings.ts (the server uses it too); the rest is ours. */
export function mapSettings(get: Lookup): IobenchSettings {
  return {
    ...parseServerSettings(get),
    run: mapRunSettings(get),
    trace: { server: oneOf(get('trace.server'), ['off', 'messages', 'verbose'] as const, 'off') },
  };
}

/** The `iobench` section as the server sees it (initializationOptions.settings and workspace/configuration). */
export function toServerSettings(s: IobenchSettings): ServerSettings {
  return {
    files: [...s.files],
    rates: { ...s.rates },
    inlayHints: { ...s.inlayHints },
    codeLens: { ...s.codeLens },
    hover: { ...s.hover },
    completion: { ...s.completion },
    codeActions: { ...s.codeActions },
    diagnostics: { ...s.diagnostics },
  };
}

/** Keys (below `iobench.`) whose change needs a restart, given a predicate from a configuration-change event. */
export function restartNeeded(
  affects: (section: string) => boolean,
  keys: readonly string[] = RESTART_KEYS,
): string[] {
  return keys.filter((k) => affects(`${SECTION}.${k}`));
}
