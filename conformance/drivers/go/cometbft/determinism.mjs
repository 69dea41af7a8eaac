// Measures that the CometBFT driver gives the same answers to the same requests: replays a
// recorded request stream (one JSON request per line, e.g. the oracle's, recorded with
// --driver "tee REQ | conformance/drivers/go/cometbft/bin/cometbft-driver") through the
// driver twice and compares the two answer streams byte for byte.
//   node conformance/drivers/go/cometbft/determinism.mjs REQ
// Prints {requests, answers, identical, firstDifference?}; exits 0 if identical, 1 if not,
// 2 if the stream cannot be read or the driver cannot run.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [file] = process.argv.slice(2);
if (file === undefined) {
  console.error('usage: determinism.mjs <recorded requests, one JSON line each>');
  process.exit(2);
}
let input;
try {
  input = readFileSync(file);
} catch (e) {
  console.error(`cannot read the request stream ${file}: ${e.message}`);
  process.exit(2);
}
const driver = join(dirname(fileURLToPath(import.meta.url)), 'bin', 'cometbft-driver');
const run = () => {
  const r = spawnSync(driver, [], { input, maxBuffer: 2 ** 31 });
  if (r.error !== undefined || r.status !== 0) {
    console.error(`the driver ${driver} did not run to the end (${r.error?.message ?? `exit ${r.status}`}); build it with npm run build:cometbft`);
    process.exit(2);
  }
  return r.stdout.toString('utf8').split('\n');
};
const a = run();
const b = run();
const i = a.findIndex((line, k) => line !== b[k]);
const same = i < 0 && a.length === b.length;
const requests = input.toString('utf8').split('\n').filter((l) => l.trim() !== '').length;
console.log(JSON.stringify({ requests, answers: a.length - 1, identical: same, ...(same ? {} : { firstDifference: { line: i + 1, first: a[i], second: b[i] } }) }));
process.exit(same ? 0 : 1);
