// One analysis per (uri, version): detection, the loaded config and its estimate, computed lazily and cached.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { loadConfig, type LoadedConfig } from '../core/config';
import { estimate, type Estimate, type TimeModelInput } from '../core/estimate';
import type { BenchModel } from '../core/model';
import { detectConfig, type DetectReason } from '../core/detect';
import type { ServerSettings } from '../core/lsp-contract';

/** Past this size (parsing costs ≈ 0.75 s per MB on the 2-core box) we do not parse: real configs are a few kB. */
export const MAX_DOC_CHARS = 262_144;

export interface Analysis {
  uri: string;
  version: number;
  doc: TextDocument;
  ours: DetectReason | undefined;
  tooBig: boolean;
  /** undefined when not ours or too big */
  loaded(): LoadedConfig | undefined;
  estimate(): Estimate | undefined;
  /** what the calibration history measured for this config (undefined: settings or default rates) */
  timeModel(): TimeModelInput | undefined;
}

export class AnalysisCache {
  private readonly byUri = new Map<string, Analysis>();
  /** `settings(uri)`: the settings for that document (they may differ per workspace folder). */
  constructor(
    private readonly settings: (uri: string) => ServerSettings,
    private readonly measured?: (model: BenchModel) => TimeModelInput | undefined,
  ) {}

  get(doc: TextDocument): Analysis {
    const hit = this.byUri.get(doc.uri);
    if (hit && hit.version === doc.version && hit.doc === doc) return hit;
    const a = this.create(doc);
    this.byUri.set(doc.uri, a);
    return a;
  }

  drop(uri: string): void {
    this.byUri.delete(uri);
  }

  /** Settings changed: detection globs and rates may differ. */
  clear(): void {
    this.byUri.clear();
  }

  private create(doc: TextDocument): Analysis {
    const text = doc.getText();
    const tooBig = text.length > MAX_DOC_CHARS;
    const ours = detectConfig(doc.uri, tooBig ? text.slice(0, 65536) : text, this.settings(doc.uri).files);
    let loaded: LoadedConfig | undefined | null = null;
    let est: Estimate | undefined | null = null;
    const settings = this.settings;
    const measured = this.measured;
    let tm: TimeModelInput | undefined | null = null;
    return {
      uri: doc.uri,
      version: doc.version,
      doc,
      ours,
      tooBig,
      loaded() {
        if (loaded === null) {
          loaded = undefined;
          if (ours && !tooBig) {
            try {
              loaded = loadConfig(text);
            } catch {
              loaded = undefined;
            }
          }
        }
        return loaded;
      },
      estimate() {
        if (est === null) {
          est = undefined;
          const model = this.loaded()?.model;
          if (model) {
            try {
              const timeModel = this.timeModel();
              est = estimate(model, { rates: settings(doc.uri).rates, ...(timeModel ? { timeModel } : {}) });
            } catch {
              est = undefined;
            }
          }
        }
        return est;
      },
      timeModel() {
        if (tm === null) {
          const model = this.loaded()?.model;
          try {
            tm = model && measured ? measured(model) : undefined;
          } catch {
            tm = undefined;
          }
        }
        return tm;
      },
    };
  }
}
