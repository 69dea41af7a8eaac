import { strict as assert } from 'node:assert';
import { verify } from '../../src/crypto/bls.ts';
import { CollectError, SignatureAggregator, SignatureCollector, type PartialSource } from '../../src/crypto/collector.ts';
import { ThresholdError, deal, partialSign, type Partial } from '../../src/crypto/threshold.ts';
import { INF_G2 } from './helpers.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const d = deal(3, 5, new Uint8Array(32).fill(5));
const msg = enc('state #1');

/** Honest validators answer with their partial; `misbehave` overrides some indices. */
function source(misbehave: Record<number, (msg: Uint8Array) => Promise<Partial>> = {}): PartialSource & { asked: number[] } {
  const asked: number[] = [];
  return {
    asked,
    requestPartial(index: number, m: Uint8Array) {
      asked.push(index);
      const bad = misbehave[index];
      return bad ? bad(m) : Promise.resolve(partialSign(d.shares[index - 1]!, m));
    },
  };
}

describe('crypto/collector', () => {
  it('stops at t good partials (asks exactly t when all are honest) and they aggregate', async () => {
    const src = source();
    const { partials, bad } = await new SignatureCollector(d, src).collect(msg);
    assert.deepEqual(partials.map((p) => p.index), [1, 2, 3]);
    assert.deepEqual(src.asked, [1, 2, 3]);
    assert.deepEqual(bad, []);
    assert.ok(verify(d.groupPublicKey, msg, new SignatureAggregator(d).aggregate(msg, partials)));
  });

  it('skips and reports bad partials (which index, why) and asks the next validators', async () => {
    const src = source({
      1: async () => partialSign(d.shares[0]!, enc('other')),
      2: async (m) => partialSign(d.shares[3]!, m), // index 4's partial, sent by 2
    });
    const { partials, bad } = await new SignatureCollector(d, src).collect(msg);
    assert.deepEqual(partials.map((p) => p.index), [3, 4, 5]);
    assert.deepEqual(src.asked, [1, 2, 3, 4, 5]);
    assert.deepEqual(bad, [
      { index: 1, reason: 'partial from index 1 does not verify' },
      { index: 2, reason: 'partial from index 2 claims index 4' },
    ]);
    assert.ok(verify(d.groupPublicKey, msg, new SignatureAggregator(d).aggregate(msg, partials)));
  });

  it('reports clearly when t cannot be reached: how many good, which bad and why', async () => {
    const src = source({
      1: async () => ({ index: 1, signature: INF_G2 }),
      2: () => Promise.reject(new Error('timeout after 2000 ms')),
      3: async () => ({ index: 3, signature: INF_G2.slice(0, 95) }),
    });
    await assert.rejects(new SignatureCollector(d, src).collect(msg), (e: unknown) => {
      assert.ok(e instanceof CollectError && e instanceof ThresholdError);
      assert.equal(e.code, 'too-few');
      assert.deepEqual(e.good, [4, 5]);
      assert.deepEqual(e.bad.map((b) => b.index), [1, 2, 3]);
      assert.equal(e.message, 'collect: need 3 valid partials, got 2 [4,5] and 3 bad: ' +
        '1 (partial from index 1: point at infinity); 2 (request to index 2 failed: timeout after 2000 ms); ' +
        '3 (partial from index 3: expected 96 bytes, got 95)');
      return true;
    });
  });

  it('asks only the given validators, in the given order; refuses bad index lists', async () => {
    const src = source();
    const { partials } = await new SignatureCollector(d, src).collect(msg, [5, 2, 4, 1]);
    assert.deepEqual(partials.map((p) => p.index), [5, 2, 4]);
    await assert.rejects(new SignatureCollector(d, source()).collect(msg, [1, 2]), /need 3 valid partials, got 2 \[1,2\] and 0 bad: none/);
    await assert.rejects(new SignatureCollector(d, source()).collect(msg, [1, 6]), /collect: share index 6 out of range 1\.\.5/);
    await assert.rejects(new SignatureCollector(d, source()).collect(msg, [1, 1, 2]), /collect: duplicate share index 1/);
    assert.throws(() => new SignatureCollector({ ...d, sharePublicKeys: d.sharePublicKeys.slice(1) }, source()), /expected 5 share public keys, got 4/);
  });

  it('SignatureAggregator refuses to return a combined signature that does not verify', () => {
    const good = [1, 2].map((i) => partialSign(d.shares[i - 1]!, msg));
    const wrong = partialSign(d.shares[2]!, enc('other'));
    assert.throws(() => new SignatureAggregator(d).aggregate(msg, [...good, wrong]), (e: unknown) =>
      e instanceof ThresholdError && e.code === 'bad-partial' &&
      e.message === 'aggregate: combined signature of indices 1,2,3 does not verify under the group key');
    assert.throws(() => new SignatureAggregator(d).aggregate(msg, good), /combine: need 3 partials, got 2/);
  });
});
