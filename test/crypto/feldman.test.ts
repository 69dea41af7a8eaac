import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import {
  badSharePublicKeys, checkShare, evalCommitments, verifiableDeal, type FeldmanDealt,
} from '../../src/crypto/feldman.ts';
import { G1, encodeG1 } from '../../src/crypto/points.ts';
import { deal } from '../../src/crypto/threshold.ts';
import { INF_G1, shifted } from './helpers.ts';

const seed = new Uint8Array(32).fill(7);
const d = verifiableDeal(3, 5, seed);

/** The dealing with commitment k replaced by C_k + G1 (all else unchanged). */
function lyingIn(k: number, dealt: FeldmanDealt = d): FeldmanDealt {
  const commitments = dealt.commitments.slice();
  commitments[k] = encodeG1(G1.fromBytes(commitments[k]!).add(G1.BASE));
  return { ...dealt, commitments };
}

describe('crypto/feldman: verifiable dealing (Feldman 1987)', () => {
  it('is the Shamir dealing of threshold.ts plus commitments; C_0 is the group key', () => {
    const plain = deal(3, 5, seed);
    assert.deepEqual(d.shares, plain.shares);
    assert.deepEqual(d.sharePublicKeys, plain.sharePublicKeys);
    assert.deepEqual(d.groupPublicKey, plain.groupPublicKey);
    assert.equal(d.commitments.length, 3);
    assert.deepEqual(d.commitments[0], d.groupPublicKey);
  });

  it('every honest share checks against the commitments, and the public share keys too', () => {
    for (const s of d.shares) assert.equal(checkShare(d, s), null, `share ${s.index}`);
    assert.deepEqual(badSharePublicKeys(d), []);
  });

  it('refuses a corrupted share with a complaint naming its index (and only that one)', () => {
    const c = checkShare(d, shifted(d.shares[3]!));
    assert.deepEqual(c, { index: 4, reason: "share 4 does not match the dealer's commitments (s·G ≠ Σ C_k·4^k)" });
    // A good share presented under another index is refused too.
    assert.equal(checkShare(d, { index: 2, secretKey: d.shares[0]!.secretKey })?.index, 2);
  });

  it('catches a dealer that lies in one commitment: every share is refused', () => {
    for (const k of [1, 2]) {
      const lie = lyingIn(k);
      for (const s of lie.shares) assert.match(checkShare(lie, s)?.reason ?? 'accepted', /does not match the dealer's commitments/, `C_${k}, share ${s.index}`);
    }
    // A lie in C_0 alone: C_0 is no longer the group key.
    assert.equal(checkShare(lyingIn(0), d.shares[0]!)?.reason, 'share 1: commitment C_0 is not the group public key');
    // A lie in C_0 and the group key alike: the shares do not match.
    const both = lyingIn(0);
    const consistent = { ...both, groupPublicKey: both.commitments[0]! };
    assert.match(checkShare(consistent, d.shares[0]!)?.reason ?? 'accepted', /does not match/);
  });

  it('names a published share key that does not follow from the commitments', () => {
    const keys = d.sharePublicKeys.slice();
    keys[1] = d.sharePublicKeys[2]!;
    assert.deepEqual(badSharePublicKeys({ ...d, sharePublicKeys: keys }), [2]);
    keys[4] = INF_G1;
    assert.deepEqual(badSharePublicKeys({ ...d, sharePublicKeys: keys }), [2, 5]);
  });

  it('refuses unusable commitments and indices with one sentence, not an exception', () => {
    const s = d.shares[0]!;
    assert.match(checkShare({ ...d, commitments: d.commitments.slice(0, 2) }, s)!.reason, /expected 3 commitments \(one per coefficient\), got 2/);
    assert.match(checkShare({ ...d, commitments: [INF_G1, ...d.commitments.slice(1)] }, s)!.reason, /commitment C_0: point at infinity/);
    const bad = d.commitments.slice();
    bad[2] = new Uint8Array(48).fill(0x9f);
    assert.match(checkShare({ ...d, commitments: bad }, s)!.reason, /commitment C_2: not a valid G1 point/);
    assert.match(checkShare(d, { index: 6, secretKey: s.secretKey })!.reason, /share index 6 is not in 1..5/);
    assert.match(checkShare(d, { index: 1, secretKey: new Uint8Array(32) })!.reason, /secret key must be in 1..r-1/);
  });

  it('evaluates Σ C_k·x^k as the share key f(x)·G1 (Horner in the exponent)', () => {
    const points = d.commitments.map((c) => G1.fromBytes(c));
    for (let i = 1; i <= 5; i++) assert.deepEqual(encodeG1(evalCommitments(points, i)), d.sharePublicKeys[i - 1]);
    assert.throws(() => evalCommitments(points, 0), /expected x in 1..r-1/);
  });

  it('property: over t ≤ n ≤ 5 and seeds, exactly the corrupted share is refused', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 5 }).chain((n) => fc.tuple(fc.integer({ min: 1, max: n }), fc.constant(n), fc.integer({ min: 1, max: n }))),
      fc.uint8Array({ minLength: 32, maxLength: 32 }),
      fc.bigInt({ min: 1n, max: bls12_381.fields.Fr.ORDER - 1n }),
      ([t, n, bad], sd, delta) => {
        const dealt = verifiableDeal(t, n, sd);
        const refused = dealt.shares.map((s) => (s.index === bad ? shifted(s, delta) : s)).filter((s) => checkShare(dealt, s) !== null).map((s) => s.index);
        assert.deepEqual(refused, [bad]);
      },
    ), { numRuns: 12 });
  });
});
