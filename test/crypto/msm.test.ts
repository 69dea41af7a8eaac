import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { msm, msmWindow, signedDigits } from '../../src/crypto/msm.ts';
import { G1, G2 } from '../../src/crypto/points.ts';

const fromDigits = (ds: Int32Array, c: number) => [...ds].reduceRight((a, d) => (a << BigInt(c)) + BigInt(d), 0n);
const naive = <P extends { add(o: P): P; multiply(k: bigint): P }>(zero: P, ps: readonly P[], ks: readonly bigint[]) =>
  ps.reduce((a, p, i) => (ks[i] === 0n ? a : a.add(p.multiply(ks[i]!))), zero);
const g1s = Array.from({ length: 20 }, (_, i) => G1.BASE.multiply(BigInt(1000 + 7 * i)));
const g2s = Array.from({ length: 5 }, (_, i) => G2.BASE.multiply(BigInt(31 + i)));

describe('crypto/msm', () => {
  it('signed digits: |d| ≤ 2^(c−1) and they sum back to k, carries at the window edges included', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: (1n << 255n) - 1n }), fc.integer({ min: 1, max: 12 }), (k, c) => {
      const ds = signedDigits(k, c, Math.ceil(256 / c));
      assert.equal(fromDigits(ds, c), k);
      for (const d of ds) assert.ok(Math.abs(d) <= 1 << (c - 1));
    }), { numRuns: 300 });
    for (const k of [0n, 16n, 17n, 31n, (1n << 64n) - 1n]) assert.equal(fromDigits(signedDigits(k, 5, 13), 5), k);
  });

  it('Σ k_i·P_i equals the sum of separate multiplications, for 64-bit and 255-bit scalars, zeros and maxima', () => {
    fc.assert(fc.property(fc.array(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), { minLength: 20, maxLength: 20 }), (ks) => {
      ks[0] = 0n;
      ks[1] = (1n << 64n) - 1n;
      assert.ok(msm(G1.ZERO, g1s, ks, 64).equals(naive(G1.ZERO, g1s, ks)));
    }), { numRuns: 5, endOnFailure: true });
    const big = [1n, 2n, (1n << 200n) + 12345n, 0n, (1n << 254n) + 1n];
    assert.ok(msm(G2.ZERO, g2s, big, 255).equals(naive(G2.ZERO, g2s, big)));
    assert.ok(msm(G1.ZERO, [], [], 64).equals(G1.ZERO));
  });

  it('refuses scalars out of range and mismatched lists', () => {
    assert.throws(() => msm(G1.ZERO, g1s.slice(0, 1), [1n << 64n], 64), RangeError);
    assert.throws(() => msm(G1.ZERO, g1s.slice(0, 1), [-1n], 64), RangeError);
    assert.throws(() => msm(G1.ZERO, g1s.slice(0, 2), [1n], 64), RangeError);
  });

  it('the window grows with the number of points (the cost model)', () => {
    assert.ok(msmWindow(4, 64) < msmWindow(100, 64));
    assert.ok(msmWindow(100, 64) <= msmWindow(10_000, 64));
  });
});
