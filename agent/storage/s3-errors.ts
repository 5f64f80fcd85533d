// What an S3 failure means, in words a person can act on. The SDK's errors carry the S3 error code as
// `name` and the HTTP status in `$metadata`; a connection failure carries a Node errno `code` instead.
import { ErrorType } from '../../proto';

export interface S3Problem {
  status?: number;
  code: string;
  message: string;
  suggestion: string;
  type: number;
}

type SdkError = Error & { code?: string; $metadata?: { httpStatusCode?: number } };

const NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
]);

export function classifyS3Error(e: unknown, bucket = ''): S3Problem {
  const x = e as SdkError;
  const status = x?.$metadata?.httpStatusCode;
  const errno = x?.code ?? (x as { cause?: { code?: string } })?.cause?.code;
  const code = (errno && NETWORK.has(errno) ? errno : x?.name) || 'Error';
  const raw = x?.message || String(e);
  const b = bucket ? `bucket '${bucket}'` : 'the bucket';
  if (errno && NETWORK.has(errno))
    return {
      code,
      message: `cannot reach the endpoint (${errno})`,
      suggestion:
        'Check AWS_ENDPOINT_URL (or the host:port in the URI), that the server runs and that no firewall blocks it',
      type: ErrorType.NETWORK,
    };
  if (code === 'TimeoutError' || code === 'RequestTimeout' || /timed? ?out/i.test(raw))
    return {
      code,
      message: `the endpoint did not answer in time (${raw})`,
      suggestion: 'Check the endpoint address and the network path to it',
      type: ErrorType.NETWORK,
    };
  if (
    code === 'NoSuchBucket' ||
    (status === 404 && /bucket/i.test(code + raw)) ||
    (status === 404 && code === 'NotFound' && !!bucket)
  )
    return {
      status,
      code,
      message: `${b} does not exist`,
      suggestion: `Create it first (e.g. aws s3 mb s3://${bucket || 'BUCKET'} --endpoint-url …) or fix the bucket in the target URI`,
      type: ErrorType.CONFIGURATION,
    };
  if (
    code === 'SignatureDoesNotMatch' ||
    code === 'InvalidAccessKeyId' ||
    status === 401 ||
    code === 'ExpiredToken' ||
    code === 'InvalidToken'
  )
    return {
      status,
      code,
      message: `the credentials were rejected (${code})`,
      suggestion:
        code === 'InvalidAccessKeyId'
          ? 'Check AWS_ACCESS_KEY_ID (agent environment, profile, or the distributed_env the controller forwards)'
          : code === 'SignatureDoesNotMatch'
            ? 'Check AWS_SECRET_ACCESS_KEY: the server computed a different signature with its secret for this key id'
            : 'Refresh the credentials (AWS_SESSION_TOKEN expired?)',
      type: ErrorType.AUTHENTICATION,
    };
  if (code === 'RequestTimeTooSkewed')
    return {
      status,
      code,
      message: "the agent's clock is too far from the server's",
      suggestion: 'Synchronise the clock (chrony / systemd-timesyncd)',
      type: ErrorType.SYSTEM,
    };
  if (code === 'AccessDenied' || status === 403)
    return {
      status,
      code,
      message: `access denied to ${b} (${code})`,
      suggestion:
        'Grant the credentials s3:ListBucket, s3:GetObject, s3:PutObject and s3:DeleteObject on the bucket and prefix',
      type: ErrorType.PERMISSION,
    };
  if (status === 404 && (code === 'NotFound' || code === 'NoSuchKey'))
    return {
      status,
      code,
      message: 'no such object (HTTP 404)',
      suggestion: 'Check the key, or prepare the objects first',
      type: ErrorType.SYSTEM,
    };
  return {
    status,
    code,
    message: `${code}${status ? ` (HTTP ${status})` : ''}: ${raw}`,
    suggestion: 'Check the endpoint, bucket and credentials',
    type: ErrorType.SYSTEM,
  };
}

/** One line for logs and run errors (no secrets: the SDK never puts them in messages). */
export function s3ErrorText(e: unknown, bucket = ''): string {
  const p = classifyS3Error(e, bucket);
  const raw = (e as Error)?.message;
  return p.type === ErrorType.SYSTEM || !raw || raw === 'UnknownError' ? p.message : `${p.message}: ${raw}`;
}
