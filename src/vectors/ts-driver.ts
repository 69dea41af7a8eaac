// The TypeScript implementation as a driver process (protocol in docs/vectors.md):
//   hybrid-bft vectors --driver "node --loader ts-node/esm/transpile-only --no-warnings src/vectors/ts-driver.ts"
import { serveDriver } from './driver-server.ts';
import { referenceImpl } from './reference.ts';

await serveDriver(referenceImpl, process.stdin, process.stdout);
