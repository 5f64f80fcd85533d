// The calibration probe of pre-flight: a few hundred small files and dozens of directories in a temporary
// folder inside the target (then removed), timed, so estimates can use this agent's real rates.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ErrorType, ResultLevel, type ValidationResult } from '../proto';
import { errText, r } from './preflight-result';
import { directBuffer } from './storage/direct-io';

const CAL_DIRS = 24;
const CAL_FILES = 240;
const CAL_FILE_BYTES = 4096;
const CAL_BIG_BYTES = 256 << 10;
const CAL_BIG_FILES = 4;

/**
 * A short probe in a temp folder inside the target: mkdir/s, creates/s (4 KiB files), write MB/s — through
 * O_DIRECT for direct:// targets, since that is how their files will be written.
 */
export function calibrate(base: string, direct: boolean): ValidationResult {
  const dir = path.join(base, `.iobench_calibration_${process.pid}_${Date.now()}`);
  const ns = () => Number(process.hrtime.bigint());
  try {
    fs.mkdirSync(dir);
    let t = ns();
    for (let i = 0; i < CAL_DIRS; i++) fs.mkdirSync(path.join(dir, `d${i}`));
    const mkdirS = (ns() - t) / 1e9;
    const flags =
      fs.constants.O_WRONLY |
      fs.constants.O_CREAT |
      fs.constants.O_EXCL |
      (direct ? fs.constants.O_DIRECT : 0);
    const buffer = (size: number, fill: number) =>
      direct ? directBuffer(dir, size, fill) : Buffer.alloc(size, fill);
    const small = buffer(CAL_FILE_BYTES, 0x61);
    t = ns();
    for (let i = 0; i < CAL_FILES; i++) {
      const fd = fs.openSync(path.join(dir, `d${i % CAL_DIRS}`, `f${i}`), flags, 0o644);
      fs.writeSync(fd, small);
      fs.closeSync(fd);
    }
    const createS = (ns() - t) / 1e9;
    const big = buffer(CAL_BIG_BYTES, 0x62);
    t = ns();
    for (let i = 0; i < CAL_BIG_FILES; i++) {
      const fd = fs.openSync(path.join(dir, `big${i}`), flags, 0o644);
      fs.writeSync(fd, big);
      fs.fsyncSync(fd);
      fs.closeSync(fd);
    }
    const bigS = (ns() - t) / 1e9;
    const details = {
      mkdirPerSec: Math.round(CAL_DIRS / Math.max(mkdirS, 1e-6)),
      createsPerSec: Math.round(CAL_FILES / Math.max(createS, 1e-6)),
      bytesPerSec: Math.round((CAL_BIG_FILES * CAL_BIG_BYTES) / Math.max(bigS, 1e-6)),
    };
    return r(
      ResultLevel.INFO,
      'calibration',
      `Measured: ${details.mkdirPerSec} mkdir/s, ${details.createsPerSec} creates/s, ${(details.bytesPerSec / 1e6).toFixed(1)} MB/s (${direct ? 'O_DIRECT' : "fsync'd"})`,
      'Estimates use these rates for this agent',
      ErrorType.UNKNOWN,
      JSON.stringify(details),
    );
  } catch (e) {
    return r(
      ResultLevel.WARNING,
      'calibration',
      `Calibration probe failed: ${errText(e)}`,
      'Estimates fall back to the default rates',
      ErrorType.SYSTEM,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
