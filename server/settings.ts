// iobench.* settings: the one parser of core/settings.ts (the VS Code client uses it too), over what the client
// sends — nested objects as `workspace/configuration` returns them, or flat dotted keys such as `rates.mkdirPerSec`.
import type { ServerSettings } from '../core/lsp-contract';
import { defaultSettings, objectLookup, parseServerSettings } from '../core/settings';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `raw` may be the `iobench` section itself or an object holding it under `iobench`. */
export function parseSettings(raw: unknown, base: ServerSettings = cloneDefaults()): ServerSettings {
  if (!isObj(raw)) return base;
  return parseServerSettings(objectLookup(isObj(raw.iobench) ? raw.iobench : raw), base);
}

export function cloneDefaults(): ServerSettings {
  return defaultSettings();
}
