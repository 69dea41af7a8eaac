// Batched, randomized verification (src/crypto/batch.ts) on both backends: 0, 1, 2 and
// all bad signatures are named with a reason and the good ones accepted; a pair of bad
// signatures built to cancel passes the unrandomized sum and is refused by the
// randomized check.
import { strict as assert } from 'node:assert';
import { hashToG2, publicKey, secretKeyFromSeed, sign } from '../../src/crypto/bls.ts';
import { verifyBatch } from '../../src/crypto/batch.ts';
import { nobleBackend, randomCoefficients } from '../../src/crypto/noble-backend.ts';
import { backendByName } from '../../src/crypto/select-backend.ts';
import { BACKEND_NAMES, type BatchItem } from '../../src/crypto/backend.ts';
import { decodeSignature, encodeG2 } from '../../src/crypto/points.ts';
import { INF_G2 } from './helpers.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const K = 8;
const sks = Array.from({ length: K }, (_, i) => secretKeyFromSeed(new Uint8Array(32).fill(40 + i)));
const pks = sks.map(publicKey);
const msg = enc('PREVOTE h=3 r=0 v=blk');
const other = enc('PREVOTE h=3 r=0 v=nil');
const sigs = sks.map((sk) => sign(sk, msg));
/** σ_i + Δ and σ_j − Δ: each invalid, their sum equal to σ_i + σ_j. */
function cancellingPair(i: number, j: number): [Uint8Array, Uint8Array] {
  const delta = hashToG2(enc('any point of G2'));
  return [encodeG2(decodeSignature(sigs[i]!).add(delta)), encodeG2(decodeSignature(sigs[j]!).subtract(delta))];
}

for (const name of BACKEND_NAMES) {
  describe(`crypto/batch (${name})`, () => {
    const backend = backendByName(name);
    const keys = pks.map((pk) => backend.prepareKey(pk));
    const items = (overrides: Record<number, Uint8Array> = {}, messages: Uint8Array[] = []): BatchItem[] =>
      keys.map((key, i) => ({ key, message: messages[i] ?? msg, signature: overrides[i] ?? sigs[i]! }));
    const bad = (verdicts: (string | null)[]) => verdicts.flatMap((v, i) => (v === null ? [] : [i]));

    it('0 bad: one randomized check accepts the whole batch', () => {
      assert.equal(backend.verifyRandomized(items()), true);
      assert.deepEqual(verifyBatch(backend, items()), new Array(K).fill(null));
    });

    it('1 bad (another message\'s signature): named with a reason, the other 7 accepted', () => {
      const v = verifyBatch(backend, items({ 5: sign(sks[5]!, other) }));
      assert.deepEqual(bad(v), [5]);
      assert.match(v[5]!, /does not verify/);
    });

    it('2 bad (a swapped pair and an infinity signature): both named, with the decoding reason', () => {
      const v = verifyBatch(backend, items({ 1: sigs[2]!, 6: INF_G2 }));
      assert.deepEqual(bad(v), [1, 6]);
      assert.match(v[1]!, /does not verify/);
      assert.match(v[6]!, /infinity/);
    });

    it('all bad: every item named', () => {
      const all = Object.fromEntries(sks.map((sk, i) => [i, sign(sk, other)]));
      assert.deepEqual(bad(verifyBatch(backend, items(all))), [...Array(K).keys()]);
    });

    it('malformed bytes (wrong length, not a point) are named, not thrown', () => {
      const notPoint = new Uint8Array(96).fill(0xff);
      const v = verifyBatch(backend, items({ 0: new Uint8Array(95), 3: notPoint }));
      assert.deepEqual(bad(v), [0, 3]);
      assert.match(v[0]!, /expected 96 bytes, got 95/);
      assert.match(v[3]!, /not a valid G2 point/);
    });

    it('several messages: one multi-pairing check; a bad one among them is found', () => {
      const messages = keys.map((_, i) => enc(`update #${i % 3}`));
      const signed = Object.fromEntries(sks.map((sk, i) => [i, sign(sk, messages[i]!)]));
      assert.equal(backend.verifyRandomized(items(signed, messages)), true);
      const v = verifyBatch(backend, items({ ...signed, 4: sign(sks[4]!, other) }, messages));
      assert.deepEqual(bad(v), [4]);
    });

    it('a crafted pair that cancels in the plain sum is refused, both named', () => {
      const [a, b] = cancellingPair(2, 3);
      const v = verifyBatch(backend, items({ 2: a, 3: b }));
      assert.deepEqual(bad(v), [2, 3]);
      assert.equal(backend.verifyRandomized(items({ 2: a, 3: b })), false);
    });

    it('a key of the other backend is a caller bug (TypeError)', () => {
      const foreign = backendByName(name === 'noble' ? 'blst' : 'noble').prepareKey(pks[0]!);
      assert.throws(() => backend.verifyRandomized([{ key: foreign, message: msg, signature: sigs[0]! }, ...items()]), TypeError);
    });
  });
}

describe('crypto/batch: why the coefficients are random', () => {
  it('the UNrandomized sum (all coefficients 1) accepts the cancelling pair; random coefficients refuse it', () => {
    const ones = nobleBackend({ coefficients: (k) => new Array<bigint>(k).fill(1n) });
    const keys = pks.map((pk) => ones.prepareKey(pk));
    const [a, b] = cancellingPair(0, 1);
    const forged: BatchItem[] = keys.map((key, i) => ({ key, message: msg, signature: i === 0 ? a : i === 1 ? b : sigs[i]! }));
    assert.equal(ones.verify(keys[0]!, msg, a), false, 'each of the pair is invalid alone');
    assert.equal(ones.verify(keys[1]!, msg, b), false);
    assert.equal(ones.verifyRandomized(forged), true, 'the plain sum is fooled');
    assert.deepEqual(verifyBatch(ones, forged).filter((v) => v !== null), [], 'so an unrandomized batch accepts forgeries');
    const randomized = nobleBackend();
    assert.equal(randomized.verifyRandomized(forged.map((it) => ({ ...it, key: randomized.prepareKey(it.key.bytes) }))), false);
  });

  it('coefficients are 64-bit, nonzero, and not repeated', () => {
    const r = randomCoefficients(1000);
    assert.ok(r.every((x) => x > 0n && x < 1n << 64n));
    assert.equal(new Set(r).size, 1000);
    assert.ok(r.some((x) => x >= 1n << 63n), 'the top bit is used');
  });
});
