// iobench settings without VS Code: the typed shape, how raw values from any configuration source map onto it,
// what the language server receives (core/lsp-contract.ts's ServerSettings), and which changes need a restart.
import { DEFAULT_FILES, DEFAULT_SETTINGS, SETTINGS_SECTION, type ServerSettings } from './protocol';

export const SECTION = SETTINGS_SECTION;
export { DEFAULT_FILES };
export type Verbosity = ServerSettings['inlayHints']['verbosity'];
export type Trace = 'off' | 'messages' | 'verbose';

/** Everything the server reads, plus what only the client uses (LSP tracing). */
export interface IobenchSettings extends ServerSettings {
  trace: { server: Trace };
}

/**
 * Setting keys (below `iobench.`) the server reads once at start-up, whose change needs a restart. The current
 * server re-reads every key on `workspace/didChangeConfiguration` (server/server.ts), so the list is empty; a
 * key added here makes the client offer "Restart" when it changes.
 */
export const RESTART_KEYS: readonly string[] = [];

/** Reads one key below `iobench.`; returns undefined when unset. Backed by VS Code or by a plain object. */
export type Lookup = (key: string) => unknown;

const bool = (v: unknown, d: boolean): boolean => (typeof v === 'boolean' ? v : d);
const oneOf = <T extends string>(v: unknown, allowed: readonly T[], d: T): T =>
  typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : d;
const positive = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;
const wholeAtLeast0 = (v: unknown, d: number): number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 10_000 ? v : d;

export function mapSettings(get: Lookup): IobenchSettings {
  const d = DEFAULT_SETTINGS;
  const files = get('files');
  const globs = Array.isArray(files)
    ? files.filter((g): g is string => typeof g === 'string' && g.trim() !== '').map((g) => g.trim())
    : [];
  const rates: ServerSettings['rates'] = {};
  for (const k of ['mkdirPerSec', 'createsPerSec', 'bytesPerSec'] as const) {
    const r = positive(get(`rates.${k}`));
    if (r !== undefined) rates[k] = r;
  }
  const enabled = (key: 'hover' | 'completion' | 'codeActions' | 'codeLens') => ({
    enabled: bool(get(`${key}.enabled`), d[key].enabled),
  });
  return {
    files: globs.length ? globs : [...DEFAULT_FILES],
    rates,
    inlayHints: {
      enabled: bool(get('inlayHints.enabled'), d.inlayHints.enabled),
      verbosity: oneOf(get('inlayHints.verbosity'), ['full', 'short'] as const, d.inlayHints.verbosity),
    },
    codeLens: enabled('codeLens'),
    hover: enabled('hover'),
    completion: enabled('completion'),
    codeActions: enabled('codeActions'),
    diagnostics: {
      enabled: bool(get('diagnostics.enabled'), d.diagnostics.enabled),
      debounceMs: wholeAtLeast0(get('diagnostics.debounceMs'), d.diagnostics.debounceMs),
    },
    trace: { server: oneOf(get('trace.server'), ['off', 'messages', 'verbose'] as const, 'off') },
  };
}

/** A Lookup over a nested plain object such as `{ inlayHints: { enabled: false } }` or flat dotted keys. */
export function objectLookup(obj: Record<string, unknown> | undefined): Lookup {
  return (key) => {
    if (!obj) return undefined;
    if (key in obj) return obj[key];
    let cur: unknown = obj;
    for (const part of key.split('.')) {
      if (cur === null || typeof cur !== 'object') return undefined;
      cur = (cur as Record<string, unknown>)[part];
    }
    return cur;
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
