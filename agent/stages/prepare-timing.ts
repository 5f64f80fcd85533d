// Where a prepare stage spent its time, for the time model (core/estimate/time-model.ts): the start-up, each
// tree level, and the files phase as a completion curve. Cheap: one entry per level and per file batch,
// thinned to at most 64 points when the stage ends.
import type { PrepareTiming } from '../../core/estimate/time-model';

const MAX_POINTS = 64;

export class PrepareTimer {
  private readonly t0 = performance.now();
  private mark = this.t0;
  private filesStart = 0;
  private readonly levels: [number, number][] = [];
  private readonly curve: [number, number, number][] = [];
  private files = 0;
  private bytes = 0;
  private startS = 0;

  constructor(private readonly concurrency: number) {}

  private now(): number {
    return performance.now();
  }

  /** The base folders exist; the tree starts. */
  started(): void {
    this.mark = this.now();
    this.startS = (this.mark - this.t0) / 1000;
  }

  /** A tree level is complete (every batch drained). */
  level(dirs: number): void {
    const t = this.now();
    if (dirs > 0) this.levels.push([dirs, (t - this.mark) / 1000]);
    this.mark = t;
  }

  filesStarted(): void {
    this.filesStart = this.mark = this.now();
  }

  batch(files: number, bytes: number): void {
    this.files += files;
    this.bytes += bytes;
    this.curve.push([(this.now() - this.filesStart) / 1000, this.files, this.bytes]);
  }

  finish(): PrepareTiming {
    const end = this.now();
    const step = Math.max(1, Math.ceil(this.curve.length / MAX_POINTS));
    const curve = this.curve.filter((_, i) => i % step === 0 || i === this.curve.length - 1);
    return {
      v: 1,
      concurrency: this.concurrency,
      startS: this.startS,
      levels: this.levels,
      files: this.files,
      bytes: this.bytes,
      filesS: this.filesStart ? (end - this.filesStart) / 1000 : 0,
      curve,
      wallS: (end - this.t0) / 1000,
    };
  }
}
