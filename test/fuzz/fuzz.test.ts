// Fuzzing in the test suite: 10,000 inputs into a running node and into the driver
// protocol server; the WAL, TLA+ value and ITF readers; the threshold and certificate
// APIs (fewer inputs: BLS is slow). `npm run fuzz` runs 1,000,000 node inputs and more
// of the others (test/fuzz/run.ts). test/fuzz/controls.test.ts shows each harness
// reporting a broken target.
import { strict as assert } from 'node:assert';
import type { Readable, Writable } from 'node:stream';
import type { DriverBackend } from '../../src/conformance/driver-protocol.ts';
import { seededRng } from '../../src/node/rng.ts';
import { serveDriver } from '../../src/vectors/driver-server.ts';
import { referenceImpl } from '../../src/vectors/reference.ts';
import { fuzzCertificate, fuzzCollector, fuzzThreshold } from './crypto-target.ts';
import { DriverFuzzer, fuzzDriverStream, referenceBackend } from './driver-target.ts';
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

  it('10,000 arbitrary, wrong-shaped and damaged request lines into the driver protocol server: one JSON answer each with its id, a named error for every refusal, good requests still answered right', async () => {
    const rng = seededRng(11);
    const f = new DriverFuzzer();
    const findings: Finding[] = [];
    for (let k = 1; k <= 10_000; k++) {
      const x = await f.feed(rng);
      if (x) findings.push(x);
      if (k % 1000 === 0) { const g = await f.stillAnswers(k % 5000 === 0); if (g) findings.push(g); }
    }
    for (let k = 0; k < 5; k++) { const x = await fuzzDriverStream(rng, 200); if (x) findings.push(x); }
    const vectorsOnly = (_b: DriverBackend, input: Readable, output: Writable) => serveDriver(referenceImpl, input, output);
    for (let k = 0; k < 3; k++) { const x = await fuzzDriverStream(rng, 200, referenceBackend(), vectorsOnly, true); if (x) findings.push(x); }
    assert.deepEqual(findings.slice(0, 3), []);
    assert.ok(f.refusals > 5000 && f.refusals < f.inputs, `${f.refusals} refusals for ${f.inputs} inputs`);
  });

  it('the threshold API (combine, lagrangeAtZero, deal, partialSign) on 2,000 damaged inputs, and certificates on 1,500: a documented error or a correct result', () => {
    const rng = seededRng(5);
    const findings = [...Array.from({ length: 2000 }, () => fuzzThreshold(rng)), ...Array.from({ length: 1500 }, () => fuzzCertificate(rng))]
      .filter((x) => x !== null);
    assert.deepEqual(findings.slice(0, 3), []);
  });

  it('SignatureCollector and SignatureAggregator on 200 damaged parameters and answers: t genuine partials and the group signature, or a ThresholdError', async () => {
    const rng = seededRng(9);
    const findings: Finding[] = [];
    for (let k = 0; k < 200; k++) { const x = await fuzzCollector(rng); if (x) findings.push(x); }
    assert.deepEqual(findings.slice(0, 3), []);
  });
});
