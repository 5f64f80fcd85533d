// iobench.* settings: defaults from core/lsp-contract, merged with what the client sends (nested objects as
// `workspace/configuration` returns them, or flat dotted keys such as `rates.mkdirPerSec`).
import { DEFAULT_SETTINGS, type ServerSettings } from '../core/lsp-contract';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function lookup(o: Obj, key: string): unknown {
  if (key in o) return o[key];
  let cur: unknown = o;
  for (const part of key.split('.')) {
    if (!isObj(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

const bool = (v: unknown, d: boolean) => (typeof v === 'boolean' ? v : d);
const posNum = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined);

/** `raw` may be the `iobench` section itself or an object holding it under `iobench`. */
export function parseSettings(raw: unknown, base: ServerSettings = cloneDefaults()): ServerSettings {
  if (!isObj(raw)) return base;
  const o = isObj(raw.iobench) ? raw.iobench : raw;
  const get = (k: string) => lookup(o, k);
  const files = get('files');
  const globs = Array.isArray(files)
    ? files.filter((g): g is string => typeof g === 'string' && g.trim() !== '').map((g) => g.trim())
    : undefined;
  const rates = { ...base.rates };
  for (const k of ['mkdirPerSec', 'createsPerSec', 'bytesPerSec'] as const) {
    const v = get(`rates.${k}`);
    if (v === null) delete rates[k];
    const n = posNum(v);
    if (n !== undefined) rates[k] = n;
  }
  const verbosity = get('inlayHints.verbosity');
  const debounce = get('diagnostics.debounceMs');
  return {
    files: globs && globs.length ? globs : base.files,
    rates,
    inlayHints: {
      enabled: bool(get('inlayHints.enabled'), base.inlayHints.enabled),
      verbosity: verbosity === 'short' || verbosity === 'full' ? verbosity : base.inlayHints.verbosity,
    },
    codeLens: { enabled: bool(get('codeLens.enabled'), base.codeLens.enabled) },
    hover: { enabled: bool(get('hover.enabled'), base.hover.enabled) },
    completion: { enabled: bool(get('completion.enabled'), base.completion.enabled) },
    codeActions: { enabled: bool(get('codeActions.enabled'), base.codeActions.enabled) },
    diagnostics: {
      enabled: bool(get('diagnostics.enabled'), base.diagnostics.enabled),
      debounceMs:
        typeof debounce === 'number' && debounce >= 0 && debounce < 10_000
          ? debounce
          : base.diagnostics.debounceMs,
    },
  };
}

export function cloneDefaults(): ServerSettings {
  return JSON.parse(JSON.stringify(DEFAULT_SETTINGS)) as ServerSettings;
}
