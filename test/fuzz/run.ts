// `npm run fuzz [-- --inputs N --seed S]`: N (default 1,000,000) inputs into a running
// node, with a progress line, then the readers (N/10 each), the driver protocol server
// (N/10 lines), the threshold and certificate APIs (N/100 each; BLS is slow) and the
// signature collector (N/1000). Exit 1 on any finding (printed).
import { parseArgs } from 'node:util';
import { seededRng } from '../../src/node/rng.ts';
import { fuzzCertificate, fuzzCollector, fuzzThreshold } from './crypto-target.ts';
import { DriverFuzzer, fuzzDriverStream } from './driver-target.ts';
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

/** Runs `count` inputs of one target with a progress line (every `every` inputs); returns the rate. */
async function phase(name: string, count: number, every: number, one: (k: number) => Promise<Finding | null> | Finding | null): Promise<string> {
  const start = Date.now();
  for (let k = 1; k <= count; k++) {
    const x = await one(k);
    if (x) findings.push(x);
    if (k % every === 0 || k === count) {
      const line = `${name} ${k}/${count}  findings ${findings.length}  ${Math.round(k / Math.max(0.001, (Date.now() - start) / 1000))} inputs/s`;
      if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${line}`); else if (k % (every * 10) === 0 || k === count) console.error(line);
    }
  }
  if (process.stderr.isTTY) process.stderr.write('\n');
  return `${name} ${count} (${Math.round(count / Math.max(0.001, (Date.now() - start) / 1000))}/s)`;
}

let f = new NodeFuzzer(seed);
const done = [await phase('node inputs', total, 10_000, (k) => {
  const x = f.feed(rng);
  if (k % 20_000 === 0) {
    const live = f.stillDecides();
    if (live) findings.push(live);
    f.stop();
    f = new NodeFuzzer(seed + k);
  }
  return x;
})];
f.stop();
const tenth = Math.max(1, Math.floor(total / 10));
done.push(await phase('readers (WAL, TLA+ value, ITF)', tenth, 1000, () => {
  const xs = [fuzzWal(rng), fuzzTlaValue(rng), fuzzItf(rng)].filter((x) => x !== null);
  findings.push(...xs.slice(1));
  return xs[0] ?? null;
}));
let d = new DriverFuzzer();
done.push(await phase('driver lines', tenth, 1000, async (k) => {
  const x = await d.feed(rng);
  if (k % 1000 === 0) {
    for (const y of [await d.stillAnswers(k % 10_000 === 0), k % 10_000 === 0 ? await fuzzDriverStream(rng, 200) : null]) if (y) findings.push(y);
    d = new DriverFuzzer();
  }
  return x;
}));
const hundredth = Math.max(1, Math.floor(total / 100));
done.push(await phase('threshold', hundredth, 100, () => fuzzThreshold(rng)));
done.push(await phase('certificate', hundredth, 100, () => fuzzCertificate(rng)));
done.push(await phase('collector', Math.max(1, Math.floor(total / 1000)), 10, () => fuzzCollector(rng)));
for (const x of findings.slice(0, 20)) console.log(`${x.target}: ${x.why}\n  input: ${x.input.slice(0, 300)}`);
console.log(`${done.join(', ')}: ${findings.length} finding(s) in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
process.exit(findings.length === 0 ? 0 : 1);
