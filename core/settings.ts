// The one parser of the `iobench` settings section, shared by the VS Code client (client/settings-map.ts) and the
// language server (server/settings.ts): raw values from any source (VS Code's configuration, workspace/
// configuration answers, initializationOptions, flat dotted keys) → the typed ServerSettings. A value that is
// missing or invalid keeps the base (the documented default unless a base is given); `rates.X: null` clears X.
import { DEFAULT_FILES, DEFAULT_SETTINGS, type ServerSettings } from './lsp-contract';

/** Reads one key below `iobench.` (`rates.mkdirPerSec`); undefined when unset. */
export type Lookup = (key: string) => unknown;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A Lookup over a nested plain object (`{ inlayHints: { enabled: false } }`), flat dotted keys, or both. */
export function objectLookup(obj: unknown): Lookup {
  return (key) => {
    if (!isObj(obj)) return undefined;
    if (key in obj) return obj[key];
    let cur: unknown = obj;
    for (const part of key.split('.')) {
      if (!isObj(cur)) return undefined;
      cur = cur[part];
    }
    return cur;
  };
}

export function defaultSettings(): ServerSettings {
  return JSON.parse(JSON.stringify(DEFAULT_SETTINGS)) as ServerSettings;
}

const bool = (v: unknown, d: boolean) => (typeof v === 'boolean' ? v : d);
const positive = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined);

export const DEBOUNCE_MAX_MS = 10_000;

export function parseServerSettings(get: Lookup, base: ServerSettings = defaultSettings()): ServerSettings {
  const files = get('files');
  const globs = Array.isArray(files)
    ? files.filter((g): g is string => typeof g === 'string' && g.trim() !== '').map((g) => g.trim())
    : undefined;
  const rates = { ...base.rates };
  for (const k of ['mkdirPerSec', 'createsPerSec', 'bytesPerSec'] as const) {
    const v = get(`rates.${k}`);
    if (v === null) delete rates[k];
    const n = positive(v);
    if (n !== undefined) rates[k] = n;
  }
  const verbosity = get('inlayHints.verbosity');
  const debounce = get('diagnostics.debounceMs');
  const enabled = (key: 'codeLens' | 'hover' | 'completion' | 'codeActions') => ({
    enabled: bool(get(`${key}.enabled`), base[key].enabled),
  });
  return {
    files: globs && globs.length ? globs : base.files.length ? [...base.files] : [...DEFAULT_FILES],
    rates,
    inlayHints: {
      enabled: bool(get('inlayHints.enabled'), base.inlayHints.enabled),
      verbosity: verbosity === 'short' || verbosity === 'full' ? verbosity : base.inlayHints.verbosity,
    },
    codeLens: enabled('codeLens'),
    hover: enabled('hover'),
    completion: enabled('completion'),
    codeActions: enabled('codeActions'),
    diagnostics: {
      enabled: bool(get('diagnostics.enabled'), base.diagnostics.enabled),
      debounceMs:
        typeof debounce === 'number' &&
        Number.isInteger(debounce) &&
        debounce >= 0 &&
        debounce <= DEBOUNCE_MAX_MS
          ? debounce
          : base.diagnostics.debounceMs,
    },
  };
}
