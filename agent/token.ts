// Bearer tokens: where they come from and how they are compared. A token on the command line is visible to
// every local user in `ps`, so it may also come from a file (--token-file) or the IOBENCH_TOKEN environment
// variable; an empty token is a usage error (it would silently turn authentication off). Comparison is
// constant-time over SHA-256 digests, so neither the content nor the length leaks through timing.
import { createHash, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import { TOKEN_ENV, tokenProblem } from '../core/token';

export { TOKEN_ENV };

export class TokenError extends Error {}

export interface TokenFlags {
  token?: string;
  tokenFile?: string;
}

/** The token from --token, --token-file or $IOBENCH_TOKEN (in that order), or undefined for none. */
export function resolveToken(o: TokenFlags, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (o.token !== undefined && o.tokenFile !== undefined)
    throw new TokenError('give the token once: --token or --token-file, not both');
  let token: string | undefined;
  let from: string;
  if (o.token !== undefined) {
    token = o.token;
    from = '--token';
  } else if (o.tokenFile !== undefined) {
    try {
      token = fs.readFileSync(o.tokenFile, 'utf8').replace(/\r?\n$/, '');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new TokenError(
        `--token-file ${o.tokenFile}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
      );
    }
    from = `--token-file ${o.tokenFile}`;
  } else if (env[TOKEN_ENV] !== undefined) {
    token = env[TOKEN_ENV];
    from = `$${TOKEN_ENV}`;
  } else return undefined;
  const problem = tokenProblem(token ?? '', from);
  if (problem) throw new TokenError(problem);
  return token;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Does the `authorization` header carry `Bearer <token>`? Constant-time in the header's content and length. */
export function bearerMatches(header: unknown, token: string): boolean {
  const got = typeof header === 'string' ? header : '';
  return timingSafeEqual(digest(got), digest(`Bearer ${token}`));
}
