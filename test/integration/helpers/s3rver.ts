// A real S3-compatible server for tests and benchmarks: s3rver (npm) in a child process on 127.0.0.1, with its
// own temp folder and buckets, credentials S3RVER / S3RVER. The child runs with --openssl-legacy-provider:
// s3rver encrypts ListObjectsV2 continuation tokens with DES, which Node 20's OpenSSL 3 refuses otherwise
// (every truncated listing would answer HTTP 500). s3rver 3.7.1 checks the access key id but not
// SigV4 signatures ("Signature version 4 calculation is unimplemented"), so a front on the same port
// recomputes each request's signature with the AWS signer (@smithy/signature-v4) and answers
// SignatureDoesNotMatch as S3 does — a wrong secret then fails as it would against a real store.
import { createHash, createHmac } from 'node:crypto';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { SignatureV4 } from '@smithy/signature-v4';
import S3rver from 's3rver';

export const S3RVER_KEY = 'S3RVER';
export const S3RVER_SECRET = 'S3RVER';

export interface S3Server {
  endpoint: string; // http://127.0.0.1:PORT
  hostPort: string; // 127.0.0.1:PORT
  dir: string;
  stop(): Promise<void>;
}

const READY = /^s3rver listening on (127\.0\.0\.1:\d+)$/m;

const bytes = (d: string | ArrayBuffer | ArrayBufferView): string | Uint8Array =>
  typeof d === 'string'
    ? d
    : d instanceof ArrayBuffer
      ? new Uint8Array(d)
      : new Uint8Array(d.buffer, d.byteOffset, d.byteLength);

class Sha256 {
  private readonly h;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.h = secret ? createHmac('sha256', bytes(secret)) : createHash('sha256');
  }
  update(d: string | ArrayBuffer | ArrayBufferView): void {
    this.h.update(bytes(d));
  }
  async digest(): Promise<Uint8Array> {
    return this.h.digest();
  }
}

/** Does the request's SigV4 Authorization header match the one our secret gives? (header auth only) */
async function signatureMatches(req: http.IncomingMessage): Promise<boolean> {
  const auth = req.headers.authorization ?? '';
  const m =
    /Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, *SignedHeaders=([^,]+), *Signature=([0-9a-f]+)/.exec(
      auth,
    );
  if (!m) return true; // unsigned or presigned: left to s3rver
  const [, , , region, signed, provided] = m;
  const url = new URL(req.url ?? '/', 'http://x');
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = v;
  const headers: Record<string, string> = {};
  for (const h of signed.split(';')) headers[h] = String(req.headers[h] ?? '');
  const amzDate = headers['x-amz-date'];
  const signingDate = new Date(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  );
  const signer = new SignatureV4({
    credentials: { accessKeyId: S3RVER_KEY, secretAccessKey: S3RVER_SECRET },
    region,
    service: 's3',
    sha256: Sha256,
    uriEscapePath: false,
    applyChecksum: false,
  });
  const out = await signer.sign(
    { method: req.method ?? 'GET', protocol: 'http:', hostname: 'x', path: url.pathname, query, headers },
    { signingDate },
  );
  return String(out.headers.authorization ?? '').endsWith(`Signature=${provided}`);
}

/** In the child: serve `buckets` from `dir` on 127.0.0.1:0 and print the READY line. */
export async function serveS3rver(dir: string, buckets: string[]): Promise<void> {
  const s3 = new S3rver({
    silent: true,
    directory: dir,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  await s3.configureBuckets();
  const handle = s3.callback();
  const server = http.createServer((req, res) => {
    signatureMatches(req).then(
      (ok) => {
        if (ok) return handle(req, res);
        req.resume();
        res.writeHead(403, { 'content-type': 'application/xml' });
        res.end(
          '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message></Error>',
        );
      },
      (e: Error) => {
        res.writeHead(500);
        res.end(e.message);
      },
    );
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  console.log(`s3rver listening on 127.0.0.1:${(server.address() as { port: number }).port}`);
}

/** Start s3rver in a child process with its own temp folder; resolves once it listens. */
export function startS3rver(buckets: string[]): Promise<S3Server> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iobench-s3rver-'));
  const main = path.join(__dirname, 's3rver-main.ts');
  const proc = spawn(
    process.execPath,
    ['--openssl-legacy-provider', '--import', 'tsx', main, dir, ...buckets],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  proc.stderr!.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = READY.exec(out);
      if (!m) return;
      resolve({
        endpoint: `http://${m[1]}`,
        hostPort: m[1],
        dir,
        stop: () =>
          new Promise<void>((r) => {
            const done = () => {
              fs.rmSync(dir, { recursive: true, force: true });
              r();
            };
            if (proc.exitCode !== null || proc.signalCode) return done();
            proc.once('exit', done);
            proc.kill('SIGKILL');
          }),
      });
    });
    proc.once('exit', (code) => {
      fs.rmSync(dir, { recursive: true, force: true });
      reject(new Error(`s3rver exited ${code}: ${err}`));
    });
  });
}
