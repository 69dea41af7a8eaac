// The reference implementation as a driver process (docs/driver-protocol.md): the
// consensus ops over the reference core (src/core/ via coreSut) and the vector ops
// over the TypeScript crypto (src/vectors/reference.ts). Started by
// conformance/drivers/ts/driver.ts (from source) or the package's `hybrid-bft-driver`.
import { coreSut } from './core-sut.ts';
import { serveConsensusDriver } from './driver-protocol.ts';
import { referenceImpl } from '../vectors/reference.ts';

await serveConsensusDriver({
  name: 'hybrid-bft reference core (conformance/drivers/ts)', sut: coreSut(), vectors: referenceImpl,
  conventions: { proposer: ['round-robin', 'table'], votingPower: ['equal', 'weighted'] },
}, process.stdin, process.stdout);
