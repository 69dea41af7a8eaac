// The reference implementation as a driver process (docs/driver-protocol.md): the
// consensus ops over the reference core (src/core/ via coreSut) and the vector ops
// over the TypeScript crypto (src/vectors/reference.ts). Run it as
//   node --loader ts-node/esm/transpile-only --no-warnings conformance/drivers/ts/driver.ts
import { coreSut } from '../../../src/conformance/core-sut.ts';
import { serveConsensusDriver } from '../../../src/conformance/driver-protocol.ts';
import { referenceImpl } from '../../../src/vectors/reference.ts';

await serveConsensusDriver({ name: 'hybrid-bft reference core (conformance/drivers/ts)', sut: coreSut(), vectors: referenceImpl },
  process.stdin, process.stdout);
