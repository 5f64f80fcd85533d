// The four value grammars of sai3-bench configs (spec §1.2), plus formatting for people.
// Each parser returns either a value or an error message that says what is accepted.

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(error: string): Parsed<T> => ({ ok: false, error });

const SIZE_SUFFIX: Record<string, bigint> = {
  K: 1000n,
  KB: 1000n,
  M: 1000n ** 2n,
  MB: 1000n ** 2n,
  G: 1000n ** 3n,
  GB: 1000n ** 3n,
  T: 1000n ** 4n,
  TB: 1000n ** 4n,
  KI: 1024n,
  KIB: 1024n,
  MI: 1024n ** 2n,
  MIB: 1024n ** 2n,
  GI: 1024n ** 3n,
  GIB: 1024n ** 3n,
  TI: 1024n ** 4n,
  TIB: 1024n ** 4n,
};
export const SIZE_SUFFIXES = Object.keys(SIZE_SUFFIX);
const U64_MAX = 2n ** 64n - 1n;

/** Size strings (§1.2a): only the min/max/mean/std_dev fields of a size distribution. Bytes as BigInt. */
export function parseSize(v: unknown): Parsed<bigint> {
  if (typeof v === 'bigint') return v < 0n ? fail('a size cannot be negative') : ok(v);
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 0)
      return fail(`expected a whole number of bytes or a size string like 8MiB, got ${v}`);
    return ok(BigInt(v));
  }
  if (typeof v !== 'string')
    return fail('expected a size: bytes as an integer, or a string like 8MiB or 1.5GB');
  const s = v.trim();
  if (/^\d+$/.test(s)) {
    const b = BigInt(s);
    return b > U64_MAX ? fail('size exceeds 2^64-1 bytes') : ok(b);
  }
  const m = /^([0-9.]*)(.*)$/s.exec(s)!;
  const [, num, rawSuffix] = m;
  if (s.startsWith('-')) return fail(`negative size '${v}'`);
  if (!num || !/^\d*\.?\d*$/.test(num) || num === '.')
    return fail(`'${v}' is not a size: write a number then a unit, e.g. 8MiB, 512KB, 1.5GiB`);
  if (/^\s/.test(rawSuffix))
    return fail(`'${v}': sai3-bench rejects a space before the unit; write '${num}${rawSuffix.trim()}'`);
  const suffix = rawSuffix.toUpperCase();
  const mult = SIZE_SUFFIX[suffix];
  if (mult === undefined) {
    const hint = suffix === 'B' ? ' (a bare B is not accepted: use an integer for bytes)' : '';
    return fail(
      `unknown size unit '${rawSuffix}' in '${v}'${hint}; use K, KB, M, MB, G, GB, T, TB, KiB, MiB, GiB or TiB`,
    );
  }
  // value × multiplier, rounded, done exactly: split the decimal into integer and fraction parts.
  const [ip, fp = ''] = num.split('.');
  const scale = 10n ** BigInt(fp.length);
  const scaled = BigInt(ip || '0') * scale + BigInt(fp || '0');
  const bytes = (scaled * mult * 2n + scale) / (2n * scale);
  return bytes > U64_MAX ? fail('size exceeds 2^64-1 bytes') : ok(bytes);
}

const htUnit: Record<string, number> = {};
const addUnits = (names: string[], ms: number) => names.forEach((n) => (htUnit[n] = ms));
addUnits(['nanos', 'nsec', 'ns'], 1e-6);
addUnits(['usec', 'us', 'µs'], 1e-3);
addUnits(['millis', 'msec', 'ms'], 1);
addUnits(['seconds', 'second', 'secs', 'sec', 's'], 1000);
addUnits(['minutes', 'minute', 'min', 'mins', 'm'], 60_000);
addUnits(['hours', 'hour', 'hr', 'hrs', 'h'], 3_600_000);
addUnits(['days', 'day', 'd'], 86_400_000);
addUnits(['weeks', 'week', 'wk', 'wks', 'w'], 7 * 86_400_000);
addUnits(['months', 'month', 'M'], 30.44 * 86_400_000);
addUnits(['years', 'year', 'yr', 'yrs', 'y'], 365.25 * 86_400_000);
export const HUMANTIME_UNITS = Object.keys(htUnit);

/** humantime durations (§1.2b): `5m`, `1h 30m`, `1.5s`, `0`. Result in milliseconds. */
export function parseHumantime(v: unknown): Parsed<number> {
  if (v === 0 || v === '0') return ok(0);
  if (typeof v === 'number')
    return fail(`a bare number is not a duration (sai3-bench rejects it); write '${v}s'`);
  if (typeof v !== 'string') return fail("expected a duration string such as '30s', '5m' or '1h 30m'");
  const s = v.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return fail(`'${v}' needs a time unit, e.g. '${s}s' or '${s}ms'`);
  const re = /\s*(\d+(?:\.\d+)?)\s*([A-Za-zµ]+)/y;
  let total = 0;
  let pos = 0;
  let spans = 0;
  while (pos < s.length) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m)
      return fail(`'${v}' is not a duration: use spans like 30s, 5m, 1h30m (units ns us ms s m h d w M y)`);
    const unit = htUnit[m[2]];
    if (unit === undefined)
      return fail(
        `unknown time unit '${m[2]}' in '${v}'; use ns, us, ms, s, m (minutes), h, d, w, M (months) or y`,
      );
    total += Number(m[1]) * unit;
    pos = re.lastIndex;
    spans++;
  }
  if (!spans) return fail(`'${v}' is empty; write a duration such as '30s'`);
  return ok(total);
}

/** humantime's canonical form, as a sai3 controller serializes durations (`1m 30s`, `0s`, `1s 500ms`). */
export function formatHumantime(ms: number): string {
  if (ms <= 0) return '0s';
  const parts: string[] = [];
  let rest = Math.round(ms * 1e6); // ns
  const units: [string, number][] = [
    ['d', 86_400e9],
    ['h', 3_600e9],
    ['m', 60e9],
    ['s', 1e9],
    ['ms', 1e6],
    ['us', 1e3],
    ['ns', 1],
  ];
  for (const [u, ns] of units) {
    const n = Math.floor(rest / ns);
    if (n > 0) parts.push(`${n}${u}`);
    rest -= n * ns;
  }
  return parts.join(' ');
}

/** "seconds" fields (§1.2c): integer, or one integer with one unit s|m|h|d. Result in seconds. */
export function parseSeconds(v: unknown): Parsed<number> {
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 0) return fail(`expected a whole number of seconds, got ${v}`);
    return ok(v);
  }
  if (typeof v !== 'string')
    return fail("expected seconds: an integer, or a value like '30s', '5m', '2h', '1d'");
  const s = v.trim();
  const m = /^(\d+)\s*([smhd])?$/.exec(s);
  if (!m) {
    if (/^\d+\.\d+/.test(s))
      return fail(`'${v}': this field takes whole numbers only (sai3-bench rejects decimals)`);
    if (/^\d+\s*[a-z]+\s*\d/i.test(s))
      return fail(
        `'${v}': this field takes one unit only (s, m, h or d); compound values like 1m30s are rejected`,
      );
    return fail(`'${v}' is not a seconds value; write an integer or one unit: '30s', '5m', '2h', '1d'`);
  }
  const mult = { s: 1, m: 60, h: 3600, d: 86400 }[m[2] ?? 's']!;
  return ok(Number(m[1]) * mult);
}

/** Integers with thousands separators (§1.2d): `64,032,768`, `64_032_768`. BigInt, exact. */
export function parseCount(v: unknown): Parsed<bigint> {
  if (typeof v === 'bigint') return v < 0n ? fail('must not be negative') : ok(v);
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) return fail(`expected a whole number, got ${v}`);
    if (v < 0) return fail(`must not be negative (got ${v})`);
    if (!Number.isSafeInteger(v))
      return fail(`${v} is too large to be exact; write it as a string with separators`);
    return ok(BigInt(v));
  }
  if (typeof v !== 'string') return fail('expected a whole number (thousands separators , or _ are allowed)');
  const s = v.replace(/[,_ ]/g, '');
  if (!/^\d+$/.test(s)) return fail(`'${v}' is not a whole number; write e.g. 64032768 or 64,032,768`);
  const n = BigInt(s);
  return n > U64_MAX ? fail(`'${v}' exceeds 2^64-1`) : ok(n);
}

// ---------- formatting for people ----------

/** 64032768 → "64,032,768" */
export function formatCount(n: bigint | number): string {
  if (typeof n === 'number' && !Number.isFinite(n)) return n > 0 ? '∞' : '-∞';
  const s = (typeof n === 'bigint' ? n : BigInt(Math.round(n))).toString();
  const neg = s.startsWith('-');
  const d = neg ? s.slice(1) : s;
  // Past 10^24 nobody reads the digits (a width-10^6 depth-60 tree has 366 of them): 3 significant digits.
  if (d.length > 24) return (neg ? '-' : '') + scientific(d);
  return (neg ? '-' : '') + d.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "1234567…" (decimal digits, no sign) → "1.23e+366", exact from the digits (no Number overflow). */
function scientific(digits: string): string {
  const lead = BigInt(digits.slice(0, 4).padEnd(4, '0'));
  let m = (lead + 5n) / 10n; // 3 significant digits, rounded
  let exp = digits.length - 1;
  if (m >= 1000n) {
    m /= 10n;
    exp++;
  }
  const t = m.toString();
  return `${t[0]}.${t.slice(1)}e+${exp}`;
}

/** A magnitude as decimal digits, for numbers too large for the unit tables. */
function digitsOf(v: bigint | number): string {
  return (typeof v === 'bigint' ? (v < 0n ? -v : v) : BigInt(Math.round(Math.abs(v)))).toString();
}

/** 64032768 → "64M" (short, for lenses and status items) */
export function formatCountShort(n: bigint | number): string {
  const v = Number(n);
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [div, u] of units) if (v >= div) return `${trim3(v / div)}${u}`;
  return String(Math.round(v));
}

function trim3(x: number): string {
  if (x >= 100) return x.toFixed(0);
  if (x >= 10) return x.toFixed(1).replace(/\.0$/, '');
  return x.toFixed(2).replace(/\.?0+$/, '');
}

/** Decimal units, as storage is sold: 5.37e14 → "537 TB". */
export function formatBytes(b: bigint | number): string {
  const v = Number(b);
  if (!Number.isFinite(v) && typeof b === 'number') return '∞';
  if (v >= 1e21) return `${scientific(digitsOf(b))} B`; // past 1000 EB: no unit left
  const units: [number, string][] = [
    [1e18, 'EB'],
    [1e15, 'PB'],
    [1e12, 'TB'],
    [1e9, 'GB'],
    [1e6, 'MB'],
    [1e3, 'kB'],
  ];
  for (const [div, u] of units) if (v >= div) return `${trim3(v / div)} ${u}`;
  return `${Math.round(v)} B`;
}

/** Binary units: 5.37e14 → "489 TiB". */
export function formatBytesBinary(b: bigint | number): string {
  const v = Number(b);
  if (!Number.isFinite(v) && typeof b === 'number') return '∞';
  if (v >= 2 ** 70) return `${scientific(digitsOf(b))} B`;
  const units: [number, string][] = [
    [2 ** 60, 'EiB'],
    [2 ** 50, 'PiB'],
    [2 ** 40, 'TiB'],
    [2 ** 30, 'GiB'],
    [2 ** 20, 'MiB'],
    [2 ** 10, 'KiB'],
  ];
  for (const [div, u] of units) if (v >= div) return `${trim3(v / div)} ${u}`;
  return `${Math.round(v)} B`;
}

/** Seconds for people: 0.4 → "< 1 s", 69 → "69 s", 4000 → "1 h 7 m", 200000 → "2 d 7 h". */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '∞';
  if (s < 1) return '< 1 s';
  if (s < 120) return `${Math.round(s)} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  const d = Math.floor(h / 24);
  if (d < 730) return `${d} d ${h % 24} h`;
  // Past two years, days stop meaning anything: years, then k/M/G/T years, then powers of ten.
  const y = s / (365.25 * 86_400);
  if (y < 1000) return `${trim3(y)} years`;
  if (y < 1e15) return `${formatCountShort(y)} years`;
  return `${scientific(digitsOf(y))} years`;
}
