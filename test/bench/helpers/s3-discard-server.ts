// A minimal S3 endpoint that stores nothing, for client-side benchmarks (the server must not be the
// bottleneck): PUT and UploadPart read the body and discard it (the size is remembered per key), GET answers
// that many bytes from one preallocated buffer, HEAD the length, ListObjectsV2 an empty page, DeleteObjects
// an empty result, multipart create/complete minimal XML. No signature check. Run as a child process:
// `node --import tsx s3-discard-server.ts` prints `discard listening on 127.0.0.1:PORT`.
import * as http from 'node:http';

const sizes = new Map<string, number>();
const BODY = Buffer.alloc(64 << 20, 0x5a);
let uploads = 0;

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const key = url.pathname;
  const q = url.searchParams;
  const xml = (body: string) => {
    res.writeHead(200, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
  if (req.method === 'PUT') {
    let n = 0;
    req.on('data', (c: Buffer) => (n += c.length));
    req.on('end', () => {
      if (!q.has('partNumber')) sizes.set(key, n);
      else sizes.set(key, (sizes.get(key) ?? 0) + n);
      res.writeHead(200, { etag: '"d41d8cd98f00b204e9800998ecf8427e"', 'content-length': 0 });
      res.end();
    });
    return;
  }
  req.resume();
  req.on('end', () => {
    if (req.method === 'POST' && q.has('uploads')) {
      sizes.set(key, 0);
      return xml(
        `<InitiateMultipartUploadResult><UploadId>u${++uploads}</UploadId></InitiateMultipartUploadResult>`,
      );
    }
    if (req.method === 'POST' && q.has('uploadId'))
      return xml('<CompleteMultipartUploadResult><ETag>"x"</ETag></CompleteMultipartUploadResult>');
    if (req.method === 'POST' && q.has('delete')) return xml('<DeleteResult></DeleteResult>');
    if (req.method === 'DELETE') {
      res.writeHead(204);
      return res.end();
    }
    if (req.method === 'GET' && q.get('list-type') === '2')
      return xml(
        '<ListBucketResult><KeyCount>0</KeyCount><IsTruncated>false</IsTruncated></ListBucketResult>',
      );
    const n = sizes.get(key);
    if (n === undefined) {
      res.writeHead(404, { 'content-type': 'application/xml' });
      return res.end('<Error><Code>NoSuchKey</Code><Message>no such key</Message></Error>');
    }
    res.writeHead(200, { 'content-length': n, etag: '"x"' });
    if (req.method === 'HEAD') return res.end();
    // Larger than the buffer: write it in slices.
    let left = n;
    while (left > BODY.length) {
      res.write(BODY);
      left -= BODY.length;
    }
    res.end(BODY.subarray(0, left));
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () =>
  console.log(`discard listening on 127.0.0.1:${(server.address() as { port: number }).port}`),
);
