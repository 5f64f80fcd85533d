// What varies between production and tests: timers and the clock (debounce), and initial settings.
import type { ServerSettings } from '../core/lsp-contract';

export interface Disposable {
  dispose(): void;
}

export interface Runtime {
  timer: { setTimeout(fn: () => void, ms: number): Disposable };
  now(): number;
  /** settings used before (and when) the client answers workspace/configuration */
  settings?: Partial<ServerSettings>;
}

export const nodeRuntime = (settings?: Partial<ServerSettings>): Runtime => ({
  timer: {
    setTimeout(fn, ms) {
      const h = setTimeout(fn, ms);
      return { dispose: () => clearTimeout(h) };
    },
  },
  now: () => performance.now(),
  settings,
});
