// JSON for results files and event lines: bigint and NaN must not throw or silently become something else.

/** JSON that survives bigint and NaN (NaN → null, bigint → number when safe, else decimal string). */
export function toJson(v: unknown, indent?: number): string {
  return JSON.stringify(
    v,
    (_k, x) =>
      typeof x === 'bigint' ? (x <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(x) : x.toString()) : x,
    indent,
  );
}
