// CPU use between two samples, as percentages of the whole machine: /proc/stat (user, system, iowait) where it
// exists, else this process's own cpuUsage.
import * as fs from 'node:fs';
import * as os from 'node:os';

export interface CpuPercent {
  user: number;
  system: number;
  iowait: number;
  total: number;
}

interface Sample {
  user: number;
  system: number;
  iowait: number;
  all: number;
}

function read(): Sample | undefined {
  try {
    const line = fs.readFileSync('/proc/stat', 'latin1').split('\n', 1)[0];
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = v;
    return {
      user: user + nice,
      system: system + irq + softirq,
      iowait,
      all: user + nice + system + idle + iowait + irq + softirq + (steal || 0),
    };
  } catch {
    return undefined;
  }
}

export class CpuSampler {
  private last = read();
  private lastProc = process.cpuUsage();
  private lastT = Date.now();

  sample(): CpuPercent {
    const s = read();
    if (s && this.last && s.all > this.last.all) {
      const d = s.all - this.last.all;
      const r = {
        user: (100 * (s.user - this.last.user)) / d,
        system: (100 * (s.system - this.last.system)) / d,
        iowait: (100 * (s.iowait - this.last.iowait)) / d,
        total: 0,
      };
      r.total = r.user + r.system + r.iowait;
      this.last = s;
      return r;
    }
    const p = process.cpuUsage(this.lastProc);
    const now = Date.now();
    const cap = Math.max(1, (now - this.lastT) * 1000 * os.cpus().length);
    this.lastProc = process.cpuUsage();
    this.lastT = now;
    const user = (100 * p.user) / cap;
    const system = (100 * p.system) / cap;
    return { user, system, iowait: 0, total: user + system };
  }
}
