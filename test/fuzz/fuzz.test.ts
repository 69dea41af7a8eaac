// Fuzzing in the test suite: 10,000 inputs into a running node, and the WAL, TLA+
// value and ITF readers. `npm run fuzz` runs 1,000,000 node inputs (test/fuzz/run.ts).
import { strict as assert } from 'node:assert';
import { seededRng } from '../../src/node/rng.ts';
import { NodeFuzzer, fuzzItf, fuzzTlaValue, fuzzWal, type Finding } from './targets.ts';

describe('fuzz', function () {
  this.timeout(300_000);

  it('10,000 arbitrary and wrong messages into a running node: no exception, every rejection has a reason, it still decides', () => {
    const rng = seededRng(20261129);
    const f = new NodeFuzzer(1);
    const findings: Finding[] = [];
    for (let k = 0; k < 10_000; k++) { const x = f.feed(rng); if (x) findings.push(x); }
    const live = f.stillDecides();
    if (live) findings.push(live);
    f.stop();
    assert.deepEqual(findings.slice(0, 3), []);
    assert.ok(f.rejections > 5000, `only ${f.rejections} rejections for ${f.inputs} inputs`);
  });

  it('the WAL reader on 5,000 damaged logs: a prefix of the records, or an error naming the offset', () => {
    const rng = seededRng(7);
    const findings = Array.from({ length: 5000 }, () => fuzzWal(rng)).filter((x) => x !== null);
    assert.deepEqual(findings.slice(0, 3), []);
  });

  it('the TLA+ value and ITF readers on 5,000 inputs each: no crash', () => {
    const rng = seededRng(3);
    const findings = [...Array.from({ length: 5000 }, () => fuzzTlaValue(rng)), ...Array.from({ length: 5000 }, () => fuzzItf(rng))]
      .filter((x) => x !== null);
    assert.deepEqual(findings.slice(0, 3), []);
  });
});
