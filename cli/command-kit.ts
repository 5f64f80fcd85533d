// What every command's action shares: usage errors (exit 2), flushing output before exit, one wrapper.
const complain = (s: string) => process.stderr.write(`${s}\n`);

export class UsageError extends Error {}

export async function exitWith(code: number): Promise<never> {
  await new Promise<void>((r) => process.stdout.write('', () => r()));
  await new Promise<void>((r) => process.stderr.write('', () => r()));
  process.exit(code);
}

/** A command's action: run it, print a thrown error as `iobench NAME: message`, exit 2 for usage errors. */
export function commandAction<O>(
  name: string,
  fn: (file: string, o: O) => Promise<number>,
): (file: string, o: O) => Promise<void> {
  return async (file, o) => {
    let code: number;
    try {
      code = await fn(file, o);
    } catch (e) {
      complain(`iobench ${name}: ${(e as Error).message}`);
      code = e instanceof UsageError ? 2 : 1;
    }
    await exitWith(code);
  };
}
