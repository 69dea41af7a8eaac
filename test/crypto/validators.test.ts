import { strict as assert } from 'node:assert';
import { fastAggregateVerify, popProve, publicKey, secretKeyFromSeed, sign } from '../../src/crypto/bls.ts';
import { decodePublicKey } from '../../src/crypto/points.ts';
import { validatorSet } from '../../src/crypto/validators.ts';
import { INF_G1, INF_G2, testKeys } from './helpers.ts';

const { entries } = testKeys(4);

describe('crypto/validators', () => {
  it('admits keys with valid proofs of possession, in order, with f and quorum', () => {
    const set = validatorSet(entries);
    assert.deepEqual(set.ids, ['c1', 'c2', 'c3', 'c4']);
    assert.equal(set.n, 4); assert.equal(set.f, 1); assert.equal(set.quorum, 3);
    assert.equal(set.indexOf('c3'), 2); assert.equal(set.indexOf('x'), -1);
    assert.deepEqual(set.publicKeyOf('c2'), entries[1]!.publicKey);
    assert.throws(() => set.publicKeyOf('x'), /unknown validator x/);
    assert.equal(validatorSet(testKeys(7).entries).quorum, 5);
  });

  it('refuses a rogue key: the attack works without PoP, and the set refuses the key', () => {
    // Rogue key pk' = x·G − pk_c1: then pk_c1 + pk' = x·G, so x alone "co-signs" with c1.
    const x = secretKeyFromSeed(new Uint8Array(32).fill(9));
    const roguePoint = decodePublicKey(publicKey(x)).subtract(decodePublicKey(entries[0]!.publicKey));
    const rogueKey = roguePoint.toBytes(true);
    const msg = new TextEncoder().encode('both of us signed this');
    assert.ok(fastAggregateVerify([entries[0]!.publicKey, rogueKey], msg, sign(x, msg)), 'forgery verifies without PoP');
    // The attacker does not know the discrete log of pk', so it can offer no valid proof.
    for (const proof of [popProve(x), entries[0]!.proofOfPossession])
      assert.throws(() => validatorSet([...entries, { id: 'b1', publicKey: rogueKey, proofOfPossession: proof }]),
        /validator b1: proof of possession does not verify/);
  });

  it('refuses infinity and malformed keys, duplicate ids and duplicate keys, and empty sets', () => {
    assert.throws(() => validatorSet([...entries, { id: 'z', publicKey: INF_G1, proofOfPossession: INF_G2 }]), /validator z public key: point at infinity/);
    assert.throws(() => validatorSet([...entries, { id: 'z', publicKey: INF_G1.slice(0, 47), proofOfPossession: INF_G2 }]), /validator z public key: expected 48 bytes, got 47/);
    assert.throws(() => validatorSet([...entries, { ...entries[0]! }]), /validator c1 is listed twice/);
    assert.throws(() => validatorSet([...entries, { ...entries[0]!, id: 'c9' }]), /validator c9 has the same public key as c1/);
    assert.throws(() => validatorSet([]), /expected at least one validator, got 0/);
    const sk = secretKeyFromSeed(new Uint8Array(32).fill(3));
    assert.ok(validatorSet([{ id: 'solo', publicKey: publicKey(sk), proofOfPossession: popProve(sk) }]));
  });
});
