#!/usr/bin/env node
// Entry for `npx iobench`: runs the bundled CLI (build first with `npm run build`).
const path = require('node:path');
const fs = require('node:fs');
const bundle = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(bundle)) {
  process.stderr.write(
    'iobench: dist/cli.js is missing; run `npm run build` in the repository root first.\n',
  );
  process.exit(2);
}
require(bundle);
