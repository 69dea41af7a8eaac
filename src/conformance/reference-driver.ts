// The reference implementation as a driver process (docs/driver-protocol.md): the
// consensus ops over the reference core (src/core/ via coreSut) and the vector ops
// over the TypeScript crypto (src/vectors/reference.ts). Started by
// conformance/drivers/ts/driver.ts (from source) or the package's `hybrid-bft-driver`.
import { CORE_CONVENTIONS, coreSut } from './core-sut.ts';
import { serveConsensusDriver } from './driver-protocol.ts';
import { referenceImpl } from '../vectors/reference.ts';

await serveConsensusDriver({
  name: 'hybrid-bft reference core (conformance/drivers/ts)', sut: coreSut(), vectors: referenceImpl,
  conventions: CORE_CONVENTIONS,
}, process.stdin, process.stdout);
