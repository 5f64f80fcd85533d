// S3 clients as sai3-bench configures its store: endpoint and credentials from AWS_* (the agent's own
// environment first, then what the controller forwarded in `distributed_env`, which never overrides a local
// value — sai3's rule), path-style addressing for custom endpoints, and a keep-alive HTTP agent sized to the
// run's concurrency (the SDK's default pool of 50 sockets would cap concurrency 64+ runs). Checksums only
// where S3 requires them: the benchmark measures the store, not CRC32 in JavaScript. Secrets never leave
// this module: describeCredentials names the source only.
import * as http from 'node:http';
import * as https from 'node:https';
import type { S3Client } from '@aws-sdk/client-s3';
import { sdk } from './s3-sdk';

/** The AWS_* keys the S3 backend reads (and the only ones taken from distributed_env). */
export const S3_ENV_KEYS = [
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_S3',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_PROFILE',
  'AWS_S3_FORCE_PATH_STYLE',
] as const;
export type S3Env = Partial<Record<(typeof S3_ENV_KEYS)[number], string>>;

/** Local environment first; a forwarded key only fills what the agent's own environment leaves unset. */
export function s3Env(local: NodeJS.ProcessEnv, forwarded: Record<string, string> = {}): S3Env {
  const out: S3Env = {};
  for (const k of S3_ENV_KEYS) {
    const v = local[k] || forwarded[k];
    if (v) out[k] = v;
  }
  return out;
}

export interface ClientOptions {
  /** `host:port` named by the URI itself (multi_endpoint entries); wins over AWS_ENDPOINT_URL. */
  endpointHost?: string;
  /** sockets per endpoint (the run's concurrency) */
  sockets: number;
  /** 1 for pre-flight (fail fast and say why); the SDK's default (3) for runs */
  maxAttempts?: number;
  /** ms for connect and for a request without progress; none by default */
  timeoutMs?: number;
}

/** The endpoint URL a client talks to, or undefined for AWS itself. */
export function endpointOf(env: S3Env, endpointHost?: string): string | undefined {
  const fromEnv = env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  if (endpointHost) {
    const secure = endpointHost.endsWith(':443') || /^https:/i.test(fromEnv ?? '');
    return `${secure ? 'https' : 'http'}://${endpointHost}`;
  }
  return fromEnv?.replace(/\/+$/, '');
}

export function regionOf(env: S3Env): string {
  return env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
}

/** Where the credentials come from, for messages (never the values). */
export function describeCredentials(env: S3Env, local: NodeJS.ProcessEnv): string | undefined {
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY)
    return local.AWS_ACCESS_KEY_ID
      ? `AWS_ACCESS_KEY_ID from the agent's environment${env.AWS_SESSION_TOKEN ? ' (with a session token)' : ''}`
      : 'AWS_ACCESS_KEY_ID forwarded by the controller (distributed_env)';
  if (env.AWS_PROFILE) return `AWS profile '${env.AWS_PROFILE}'`;
  return undefined;
}

export function makeS3Client(env: S3Env, o: ClientOptions): S3Client {
  const endpoint = endpointOf(env, o.endpointHost);
  const agentOpts = { keepAlive: true, maxSockets: Math.max(1, o.sockets), maxFreeSockets: o.sockets };
  const creds =
    env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? {
          credentials: {
            accessKeyId: env.AWS_ACCESS_KEY_ID,
            secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
            ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
          },
        }
      : env.AWS_PROFILE
        ? { profile: env.AWS_PROFILE }
        : {};
  return new (sdk().S3Client)({
    region: regionOf(env),
    ...(endpoint ? { endpoint } : {}),
    forcePathStyle: !!endpoint || env.AWS_S3_FORCE_PATH_STYLE === 'true',
    ...creds,
    maxAttempts: o.maxAttempts ?? 3,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: {
      httpAgent: new http.Agent(agentOpts),
      httpsAgent: new https.Agent(agentOpts),
      ...(o.timeoutMs ? { connectionTimeout: o.timeoutMs, requestTimeout: o.timeoutMs } : {}),
    },
  });
}
