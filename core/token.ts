// The bearer-token rule every layer shares (the agent checks it, the controller and the CLI pass it on): where
// it may come from and what makes it unusable. No I/O here; agent/token.ts reads files and the environment.

/** The environment variable a token may come from (argv is visible to every local user in `ps`). */
export const TOKEN_ENV = 'IOBENCH_TOKEN';

/** Why `token` (given by `from`: '--token', a file, the variable) cannot be used, or undefined. */
export function tokenProblem(token: string, from: string): string | undefined {
  if (!token.trim()) return `${from}: the token is empty (an empty token would turn authentication off)`;
  if (/[\r\n]/.test(token)) return `${from}: the token must be one line`;
  return undefined;
}
