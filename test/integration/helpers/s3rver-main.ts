// Child-process entry of the test S3 server: `s3rver-main.ts DIR BUCKET...` (see s3rver.ts).
import { serveS3rver } from './s3rver';

const [dir, ...buckets] = process.argv.slice(2);
serveS3rver(dir, buckets).catch((e: Error) => {
  console.error(e.message);
  process.exit(1);
});
