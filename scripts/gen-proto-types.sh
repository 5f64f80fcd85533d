#!/bin/sh
# Regenerates the TypeScript types of proto/iobench.proto into proto/generated/ (committed).
# Options must match proto/index.ts LOADER_OPTIONS: longs as Number, enums as numbers, defaults filled, oneofs.
set -e
cd "$(dirname "$0")/.."
rm -rf proto/generated
npx proto-loader-gen-types --longs=Number --enums=Number --defaults --oneofs --keepCase \
  --grpcLib=@grpc/grpc-js --outDir=proto/generated proto/iobench.proto
# The empty `Empty` message becomes an empty interface, which the lint rules forbid in hand-written code.
sed -i '1i /* eslint-disable @typescript-eslint/no-empty-object-type */' proto/generated/iobench/Empty.ts
npx prettier --log-level warn --write proto/generated
