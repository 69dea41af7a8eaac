// Negative controls for the fuzz harnesses of test/fuzz/: each one, given a target with a
// planted fault, reports it. Without these a harness that checks nothing would pass.
import { strict as assert } from 'node:assert';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { certificateProblem } from '../../src/crypto/certificate.ts';
import { SignatureCollector } from '../../src/crypto/collector.ts';
import { combine, type Partial } from '../../src/crypto/threshold.ts';
import { answerLine, serveConsensusDriver, type DriverBackend } from '../../src/conformance/driver-protocol.ts';
import type { ConsensusSut } from '../../src/conformance/replay.ts';
import { seededRng } from '../../src/node/rng.ts';
import { cryptoFixture, fuzzCertificate, fuzzCollector, fuzzThreshold } from './crypto-target.ts';
import { DriverFuzzer, fuzzDriverStream, referenceBackend } from './driver-target.ts';
import type { Finding } from './targets.ts';

async function firstFinding(feed: () => Promise<Finding | null> | Finding | null, inputs: number): Promise<Finding | null> {
  for (let k = 0; k < inputs; k++) { const x = await feed(); if (x) return x; }
  return null;
}

describe('fuzz harnesses: negative controls', function () {
  this.timeout(120_000);

  it('driver: a server that throws on the combine op is reported', async () => {
    const rng = seededRng(1);
    const f = new DriverFuzzer(referenceBackend, (s, line) => (/"op":"combine"/.test(line) ? Promise.reject(new TypeError('boom')) : answerLine(s, line)));
    const x = await firstFinding(() => f.feed(rng), 2000);
    assert.match(x?.why ?? '', /exception escaped: boom/);
  });

  it('driver: a server that refuses with a runtime error as detail, or drops the id, is reported', async () => {
    const rng = seededRng(2);
    const runtime = new DriverFuzzer(referenceBackend, async (s, line) => {
      const a = await answerLine(s, line);
      return a.ok === false ? { ...a, detail: "Cannot read properties of null (reading 'index')" } : a;
    });
    assert.match((await firstFinding(() => runtime.feed(rng), 100))?.why ?? '', /detail is a JavaScript runtime error/);
    const noId = new DriverFuzzer(referenceBackend, async (s, line) => ({ ...(await answerLine(s, line)), id: null }));
    assert.match((await firstFinding(() => noId.feed(rng), 100))?.why ?? '', /the answer carries id null, the request/);
  });

  it('driver: a core that breaks after 50 steps is caught by the good requests afterwards', async () => {
    const rng = seededRng(3);
    const broken = (): DriverBackend => {
      const b = referenceBackend();
      let steps = 0; // each backend its own count: the fresh server of stillAnswers is right
      const sut: ConsensusSut = { ...b.sut, reset: (p) => b.sut.reset(p), close: () => b.sut.close(),
        step: async (p, e) => { const r = await b.sut.step(p, e); return ++steps > 50 ? { ...r, outputs: [] } : r; } };
      return { ...b, sut };
    };
    const f = new DriverFuzzer(broken);
    for (let k = 0; k < 3000; k++) assert.equal(await f.feed(rng), null);
    assert.match((await f.stillAnswers())?.why ?? '', /after the fuzz inputs a good request is answered/);
  });

  it('driver stream: a server that answers nothing for hello is reported', async () => {
    const rng = seededRng(4);
    const silentOnHello = (b: DriverBackend, input: Readable, output: Writable) => {
      const filtered = new PassThrough();
      input.on('data', (d: Buffer) => filtered.write(d.toString().split('\n').filter((l) => !/"op":"hello"/.test(l)).join('\n')));
      input.on('end', () => filtered.end());
      return serveConsensusDriver(b, filtered, output);
    };
    const x = await firstFinding(() => fuzzDriverStream(rng, 200, referenceBackend(), silentOnHello), 5);
    assert.match(x?.why ?? '', /request lines, \d+ answer lines|answer line \d+: the answer carries id/);
  });

  it('threshold: a combine that throws a TypeError on a null partial, or ignores the partials\' order, is reported', async () => {
    const rng = seededRng(5);
    const throwing = { combine: (t: number, n: number, ps: readonly Partial[]) => (ps.includes(null as never) ? ps[99]!.signature : combine(t, n, ps)) };
    assert.match((await firstFinding(() => fuzzThreshold(rng, throwing), 2000))?.why ?? '', /not a ThresholdError: TypeError/);
    const wrong = { combine: (t: number, n: number, ps: readonly Partial[]) => combine(t, n, [...ps].reverse()) };
    assert.match((await firstFinding(() => fuzzThreshold(rng, wrong), 2000))?.why ?? '', /genuine partials combine to something other|intact input/);
  });

  it('certificate: a check that does not verify the aggregate is reported', async () => {
    const rng = seededRng(6);
    const lax = { certificateProblem: (...a: Parameters<typeof certificateProblem>) => {
      const p = certificateProblem(...a);
      return p !== null && /does not verify|G2 point|infinity|expected 96 bytes/.test(p) ? null : p;
    } };
    assert.match((await firstFinding(() => fuzzCertificate(rng, lax), 1000))?.why ?? '', /a damaged certificate is accepted/);
  });

  it('collector: a collector that does not verify the partials it collects is reported', async () => {
    const rng = seededRng(7);
    const fx = cryptoFixture();
    class Trusting extends SignatureCollector {
      override async collect(msg: Uint8Array): Promise<{ partials: Partial[]; bad: [] }> {
        void msg;
        return { partials: fx.partials.slice(0, 2).concat([{ index: 3, signature: fx.partials[3]!.signature }]), bad: [] };
      }
    }
    assert.match((await firstFinding(() => fuzzCollector(rng, Trusting), 20))?.why ?? '', /accepted a partial that is not index 3's/);
  });
});
