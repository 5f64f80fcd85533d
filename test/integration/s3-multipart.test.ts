// Multipart upload through the agent's S3 backend against a small S3 endpoint on 127.0.0.1 that records what it
// receives (s3rver cannot hold parts back or fail one on purpose): parts go up in parallel, and a part that keeps
// failing aborts the upload (AbortMultipartUpload) so nothing is left behind.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { MULTIPART_PART_SIZE } from '../../core/object-store';
import { S3Backend } from '../../agent/storage/s3';

interface Seen {
  parts: number[];
  peak: number;
  completed: boolean;
  aborted: boolean;
}

function server(failPart?: number): Promise<{ endpoint: string; seen: Seen; close: () => void }> {
  const seen: Seen = { parts: [], peak: 0, completed: false, aborted: false };
  let inFlight = 0;
  const held: (() => void)[] = [];
  const srv = http.createServer((req, res) => {
    const q = new URL(req.url ?? '/', 'http://x').searchParams;
    const xml = (s: string) => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(s);
    };
    if (req.method === 'PUT' && q.has('partNumber')) {
      const part = Number(q.get('partNumber'));
      inFlight++;
      seen.peak = Math.max(seen.peak, inFlight);
      if (seen.peak >= 2) for (const h of held.splice(0)) h();
      req.resume();
      req.on('end', () => {
        const answer = () => {
          inFlight--;
          if (part === failPart) {
            res.writeHead(500, { 'content-type': 'application/xml' });
            return res.end('<Error><Code>InternalError</Code><Message>injected</Message></Error>');
          }
          seen.parts.push(part);
          res.writeHead(200, { etag: `"p${part}"` });
          res.end();
        };
        // Hold parts until two were in flight at once: a sequential uploader never gets its first answer.
        if (seen.peak >= 2 || failPart) answer();
        else held.push(answer);
      });
      return;
    }
    req.resume();
    req.on('end', () => {
      if (req.method === 'POST' && q.has('uploads'))
        return xml(
          '<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><UploadId>u1</UploadId></InitiateMultipartUploadResult>',
        );
      if (req.method === 'POST' && q.has('uploadId')) {
        seen.completed = true;
        return xml('<CompleteMultipartUploadResult><ETag>"x"</ETag></CompleteMultipartUploadResult>');
      }
      if (req.method === 'DELETE' && q.has('uploadId')) {
        seen.aborted = true;
        res.writeHead(204);
        return res.end();
      }
      res.writeHead(400);
      res.end();
    });
  });
  return new Promise((resolve) =>
    srv.listen(0, '127.0.0.1', () =>
      resolve({
        endpoint: `http://127.0.0.1:${(srv.address() as { port: number }).port}`,
        seen,
        close: () => {
          srv.closeAllConnections();
          srv.close();
        },
      }),
    ),
  );
}

const closers: (() => void)[] = [];
after(() => closers.forEach((c) => c()));
const backend = (endpoint: string) => {
  const b = new S3Backend(
    { AWS_ENDPOINT_URL: endpoint, AWS_ACCESS_KEY_ID: 'k', AWS_SECRET_ACCESS_KEY: 's' },
    4,
  );
  closers.push(() => b.close());
  return b;
};

test(
  'an object above the threshold goes up as parts in parallel, then is completed',
  { timeout: 60000 },
  async () => {
    const s = await server();
    closers.push(s.close);
    const size = 3 * MULTIPART_PART_SIZE + 1;
    assert.equal(await backend(s.endpoint).put('s3://bench/big.bin', size), size);
    assert.deepEqual([...s.seen.parts].sort(), [1, 2, 3, 4]);
    assert.ok(s.seen.peak >= 2, `peak ${s.seen.peak} parts in flight`);
    assert.equal(s.seen.completed, true);
    assert.equal(s.seen.aborted, false);
  },
);

test('a part that keeps failing aborts the upload: nothing is left behind, the put fails', async () => {
  const s = await server(2);
  closers.push(s.close);
  await assert.rejects(
    backend(s.endpoint).put('s3://bench/big.bin', 2 * MULTIPART_PART_SIZE + 1),
    /injected/,
  );
  assert.equal(s.seen.aborted, true);
  assert.equal(s.seen.completed, false);
});
