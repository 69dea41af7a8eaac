// The reference implementation as a driver process (docs/driver-protocol.md), from
// source. Run it as
//   node --loader ts-node/esm/transpile-only --no-warnings conformance/drivers/ts/driver.ts
// The installed package has the same driver compiled, as the command `hybrid-bft-driver`.
import '../../../src/conformance/reference-driver.ts';
