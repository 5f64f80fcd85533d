// The data path of the s3:// backend: PUT, GET, HEAD, DELETE and UploadPart as plain keep-alive HTTP requests
// signed with SigV4 by `aws4`, the payload sent as UNSIGNED-PAYLOAD (no SHA-256 over every body). Measured
// against the SDK's own send() on the same discard server: ≈ 0.1 ms of CPU per 4 KiB PUT instead of ≈ 1.7 ms
// (BENCHMARKS.md) — the SDK's middleware stack, not the network, was the limit. Listing, DeleteObjects,
// multipart create/complete and pre-flight stay on the SDK (XML in, XML out); the credentials come from the
// SDK's provider chain (environment, distributed_env, profiles, instance roles), resolved and cached by it.
import * as http from 'node:http';
import * as https from 'node:https';
import aws4 from 'aws4';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** An S3 failure shaped like the SDK's (name = S3 error code, $metadata.httpStatusCode) for classifyS3Error. */
export class S3HttpError extends Error {
  readonly $metadata: { httpStatusCode: number };
  constructor(code: string, message: string, status: number) {
    super(message || code);
    this.name = code;
    this.$metadata = { httpStatusCode: status };
  }
}

const RETRY_STATUS = new Set([500, 502, 503, 504]);
const RETRY_ERRNO = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);
const ATTEMPTS = 3;
const tag = (xml: string, t: string) => new RegExp(`<${t}>([^<]*)</${t}>`).exec(xml)?.[1] ?? '';
const encodeKey = (key: string) => key.split('/').map(encodeURIComponent).join('/');

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  bytes: number;
}

export class S3Fast {
  private readonly agent: http.Agent;
  private readonly mod: typeof http | typeof https;
  private readonly host: string;
  private readonly port: number | undefined;
  private readonly pathStyle: boolean;

  constructor(
    endpoint: string | undefined,
    private readonly region: string,
    sockets: number,
    private readonly credentials: () => Promise<Credentials>,
  ) {
    const url = new URL(endpoint ?? `https://s3.${region}.amazonaws.com`);
    const secure = url.protocol === 'https:';
    this.mod = secure ? https : http;
    const opts = { keepAlive: true, maxSockets: Math.max(1, sockets), maxFreeSockets: sockets };
    this.agent = secure ? new https.Agent(opts) : new http.Agent(opts);
    this.host = url.hostname;
    this.port = url.port ? Number(url.port) : undefined;
    this.pathStyle = !!endpoint; // custom endpoints: path-style; AWS itself: virtual-hosted
  }

  private async request(
    method: string,
    bucket: string,
    key: string,
    query = '',
    body?: Buffer,
    sink = false,
  ): Promise<Reply> {
    const host = this.pathStyle ? this.host : `${bucket}.${this.host}`;
    const path = `${this.pathStyle ? `/${bucket}` : ''}/${encodeKey(key)}${query}`;
    for (let attempt = 1; ; attempt++) {
      const creds = await this.credentials();
      const signed = aws4.sign(
        {
          host: this.port ? `${host}:${this.port}` : host,
          path,
          method,
          service: 's3',
          region: this.region,
          headers: {
            'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD',
            ...(body ? { 'Content-Length': body.length } : {}),
          },
        },
        creds,
      );
      try {
        const r = await this.send(method, host, path, signed.headers as http.OutgoingHttpHeaders, body, sink);
        if (r.status < 300) return r;
        if (!RETRY_STATUS.has(r.status) || attempt >= ATTEMPTS) throw this.failure(r, method);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? '';
        if (e instanceof S3HttpError || !RETRY_ERRNO.has(code) || attempt >= ATTEMPTS) throw e;
      }
      await new Promise((res) => setTimeout(res, 25 * 2 ** attempt));
    }
  }

  private failure(r: Reply & { text?: string }, method: string): S3HttpError {
    const text = r.text ?? '';
    const code = tag(text, 'Code') || (r.status === 404 ? 'NotFound' : `HTTP${r.status}`);
    return new S3HttpError(code, tag(text, 'Message') || `${method} answered HTTP ${r.status}`, r.status);
  }

  /** One HTTP exchange; the body of a success is counted (`sink`) or ignored, an error body is kept. */
  private send(
    method: string,
    host: string,
    path: string,
    headers: http.OutgoingHttpHeaders,
    body: Buffer | undefined,
    sink: boolean,
  ): Promise<Reply & { text?: string }> {
    return new Promise((resolve, reject) => {
      const req = this.mod.request(
        { host, port: this.port, path, method, headers, agent: this.agent },
        (res) => {
          const status = res.statusCode ?? 0;
          let bytes = 0;
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => {
            bytes += c.length;
            if (status >= 300 && chunks.length < 16) chunks.push(c);
          });
          res.on('end', () =>
            resolve({
              status,
              headers: res.headers,
              bytes: sink ? bytes : 0,
              ...(status >= 300 ? { text: Buffer.concat(chunks).toString('utf8') } : {}),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  async put(bucket: string, key: string, body: Buffer): Promise<void> {
    await this.request('PUT', bucket, key, '', body);
  }
  async uploadPart(
    bucket: string,
    key: string,
    uploadId: string,
    part: number,
    body: Buffer,
  ): Promise<string> {
    const r = await this.request(
      'PUT',
      bucket,
      key,
      `?partNumber=${part}&uploadId=${encodeURIComponent(uploadId)}`,
      body,
    );
    return String(r.headers.etag ?? '');
  }
  /** Bytes received. */
  async get(bucket: string, key: string): Promise<number> {
    return (await this.request('GET', bucket, key, '', undefined, true)).bytes;
  }
  /** Content-Length of the object. */
  async head(bucket: string, key: string): Promise<number> {
    return Number((await this.request('HEAD', bucket, key)).headers['content-length'] ?? 0);
  }
  async delete(bucket: string, key: string): Promise<void> {
    await this.request('DELETE', bucket, key);
  }

  close(): void {
    this.agent.destroy();
  }
}
