// `npm run fuzz [-- --inputs N --seed S]`: N (default 1,000,000) inputs into a running
// node, with a progress line, then the readers. Exit 1 on any finding (printed).
import { parseArgs } from 'node:util';
import { seededRng } from '../../src/node/rng.ts';
import { NodeFuzzer, fuzzItf, fuzzTlaValue, fuzzWal, type Finding } from './targets.ts';

const { values } = parseArgs({ options: { inputs: { type: 'string' }, seed: { type: 'string' } } });
const total = Number(values.inputs ?? 1_000_000);
const seed = Number(values.seed ?? 1);
if (!Number.isSafeInteger(total) || total < 1 || !Number.isSafeInteger(seed)) {
  console.error('fuzz: expected --inputs N (>= 1) and --seed S (an integer)');
  process.exit(2);
}
const rng = seededRng(seed);
const findings: Finding[] = [];
const t0 = Date.now();
let f = new NodeFuzzer(seed);
for (let k = 1; k <= total; k++) {
  const x = f.feed(rng);
  if (x) findings.push(x);
  if (k % 20_000 === 0) {
    const live = f.stillDecides();
    if (live) findings.push(live);
    f.stop();
    f = new NodeFuzzer(seed + k);
  }
  if (k % 10_000 === 0 || k === total) {
    const line = `node inputs ${k}/${total}  findings ${findings.length}  ${Math.round(k / ((Date.now() - t0) / 1000))} inputs/s`;
    if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${line}`); else if (k % 100_000 === 0 || k === total) console.error(line);
  }
}
if (process.stderr.isTTY) process.stderr.write('\n');
for (let k = 0; k < total / 10; k++) {
  for (const x of [fuzzWal(rng), fuzzTlaValue(rng), fuzzItf(rng)]) if (x) findings.push(x);
}
for (const x of findings.slice(0, 20)) console.log(`${x.target}: ${x.why}\n  input: ${x.input.slice(0, 300)}`);
console.log(`${total} node inputs, ${Math.floor(total / 10)} each for the WAL, TLA+ value and ITF readers: ${findings.length} finding(s) in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
process.exit(findings.length === 0 ? 0 : 1);
