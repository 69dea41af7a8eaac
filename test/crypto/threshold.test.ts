import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { secretKeyFromSeed, sign, verify } from '../../src/crypto/bls.ts';
import {
  ThresholdError, combine, combineNaive, deal, dealFromSecret, lagrangeAtZero, partialSign, verifyPartial,
  type Partial,
} from '../../src/crypto/threshold.ts';

const Fr = bls12_381.fields.Fr;
const enc = (s: string) => new TextEncoder().encode(s);
const seed = new Uint8Array(32).fill(42);
const msg = enc('channel update');
const d35 = deal(3, 5, seed);
const partials = d35.shares.map((s) => partialSign(s, msg));
const code = (c: string, index?: number) => (e: unknown) =>
  e instanceof ThresholdError && e.code === c && (index === undefined || e.index === index);

/** All k-subsets of [0, n). */
function subsets(n: number, k: number): number[][] {
  if (k === 0) return [[]];
  if (n < k) return [];
  return [...subsets(n - 1, k), ...subsets(n - 1, k - 1).map((s) => [...s, n - 1])];
}

describe('crypto/threshold', () => {
  it('deal publishes the group key and one key per share, deterministically', () => {
    assert.equal(d35.shares.length, 5);
    assert.deepEqual(d35.shares.map((s) => s.index), [1, 2, 3, 4, 5]);
    assert.equal(d35.sharePublicKeys.length, 5);
    assert.deepEqual(deal(3, 5, seed), d35);
    assert.deepEqual(d35.groupPublicKey, dealFromSecret(3, 5, secretKeyFromSeed(seed), seed).groupPublicKey);
    assert.notDeepEqual(deal(3, 5, new Uint8Array(32).fill(43)).shares, d35.shares);
  });

  it('every partial verifies under its own share key only', () => {
    partials.forEach((p, i) => {
      assert.ok(verifyPartial(d35.sharePublicKeys[i]!, msg, p));
      assert.ok(!verifyPartial(d35.sharePublicKeys[(i + 1) % 5]!, msg, p));
      assert.ok(!verifyPartial(d35.sharePublicKeys[i]!, enc('other'), p));
    });
  });

  it('every 3-subset of 5 combines to the group key\'s own signature', () => {
    const direct = sign(secretKeyFromSeed(seed), msg);
    for (const s of subsets(5, 3)) {
      const sig = combine(3, 5, s.map((i) => partials[i]!));
      assert.deepEqual(sig, direct, `subset ${s}`);
      assert.ok(verify(d35.groupPublicKey, msg, sig));
    }
  });

  it('t-1 partials do not suffice; extra partials beyond t are ignored', () => {
    assert.throws(() => combine(3, 5, partials.slice(0, 2)), (e: unknown) =>
      code('too-few')(e) && (e as Error).message === 'combine: need 3 partials, got 2');
    assert.deepEqual(combine(3, 5, partials), combine(3, 5, partials.slice(0, 3)));
  });

  it('rejects duplicate, zero and too-large indices, infinity and malformed bytes', () => {
    const p = partials;
    assert.throws(() => combine(3, 5, [p[0]!, p[1]!, { ...p[1]! }]), (e: unknown) =>
      code('duplicate-index', 2)(e) && (e as Error).message === 'combine: duplicate share index 2');
    assert.throws(() => combine(3, 5, [{ ...p[0]!, index: 0 }, p[1]!, p[2]!]), (e: unknown) =>
      code('index-out-of-range', 0)(e) && (e as Error).message === 'combine: share index 0 out of range 1..5');
    assert.throws(() => combine(3, 5, [p[0]!, p[1]!, { ...p[2]!, index: 6 }]), code('index-out-of-range', 6));
    assert.throws(() => combine(3, 5, [p[0]!, p[1]!, { ...p[2]!, index: 2.5 }]), code('malformed'));
    const inf = new Uint8Array(96); inf[0] = 0xc0;
    assert.throws(() => combine(3, 5, [p[0]!, { index: 2, signature: inf }, p[2]!]), (e: unknown) =>
      code('infinity', 2)(e) && /point at infinity/.test((e as Error).message));
    assert.throws(() => combine(3, 5, [p[0]!, { index: 2, signature: inf.slice(0, 95) }, p[2]!]), (e: unknown) =>
      code('malformed', 2)(e) && /expected 96 bytes, got 95/.test((e as Error).message));
    assert.throws(() => combine(6, 5, p), code('malformed'));
    assert.throws(() => deal(0, 5, seed), /t must be an integer in 1\.\.5, got 0/);
    assert.throws(() => partialSign({ ...d35.shares[0]!, index: 0 }, msg), /partialSign: share index must be a positive integer, got 0/);
  });

  it('a wrong partial gives a signature that does not verify (combine does not check partials)', () => {
    const wrong: Partial = { index: 3, signature: partialSign(d35.shares[2]!, enc('other')).signature };
    const sig = combine(3, 5, [partials[0]!, partials[1]!, wrong]);
    assert.ok(!verify(d35.groupPublicKey, msg, sig));
  });

  it('lagrangeAtZero: Σ λ_i f(i) = f(0) for a known polynomial; one index gives λ = 1', () => {
    const f = (x: bigint) => Fr.add(Fr.add(7n, Fr.mul(3n, x)), Fr.mul(5n, Fr.mul(x, x)));
    const idx = [2, 5, 9];
    const l = lagrangeAtZero(idx);
    assert.equal(idx.reduce((acc, i, k) => Fr.add(acc, Fr.mul(l[k]!, f(BigInt(i)))), 0n), 7n);
    assert.deepEqual(lagrangeAtZero([4]), [1n]);
    assert.throws(() => lagrangeAtZero([]), code('too-few'));
    assert.throws(() => lagrangeAtZero([1, 1]), code('duplicate-index', 1));
  });

  it('property: random seed, t-of-n with n ≤ 4: EVERY t-subset combines to the direct signature, and combine = combineNaive', function () {
    this.timeout(90000);
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 4 }).chain((t) => fc.tuple(fc.constant(t), fc.integer({ min: t, max: 4 }))),
      fc.uint8Array({ minLength: 32, maxLength: 32 }),
      ([t, n], s) => {
        const d = deal(t, n, s);
        const direct = sign(secretKeyFromSeed(s), msg);
        const ps = d.shares.map((sh) => partialSign(sh, msg));
        for (const chosen of subsets(n, t)) {
          const sub = chosen.map((i) => ps[i]!);
          const sig = combine(t, n, sub);
          assert.deepEqual(sig, direct, `t=${t} n=${n} subset ${chosen}`);
          assert.deepEqual(combineNaive(t, n, sub), sig);
        }
      }), { numRuns: 8 });
  });
});
