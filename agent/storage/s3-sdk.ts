// The AWS SDK, loaded on first use: an agent that never sees an s3:// target does not pay for evaluating it
// at start-up (measured: +16 MB RSS and ~0.1 s for `node dist/agent.js` when imported eagerly). esbuild keeps
// the bundled package behind a lazy wrapper that only this require() enters.
import type * as S3 from '@aws-sdk/client-s3';

let mod: typeof S3 | undefined;

export function sdk(): typeof S3 {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  mod ??= require('@aws-sdk/client-s3') as typeof S3;
  return mod;
}
