import { strict as assert } from 'node:assert';
import {
  DST_POP, DST_SIG, aggregatePublicKeys, fastAggregateVerifyAdmitted, verifyAdmitted, aggregateSignatures, aggregateVerify, fastAggregateVerify,
  popProve, popVerify, publicKey, secretKeyFromSeed, sign, verify,
} from '../../src/crypto/bls.ts';
import { G1, decodePublicKey, decodeSignature } from '../../src/crypto/points.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const seed = (b: number) => new Uint8Array(32).fill(b);
const sks = [1, 2, 3].map((b) => secretKeyFromSeed(seed(b)));
const pks = sks.map(publicKey);
const msg = enc('hybrid-bft');
const flip = (b: Uint8Array, i: number) => { const c = b.slice(); c[i]! ^= 1; return c; };
const INF_G1 = (() => { const b = new Uint8Array(48); b[0] = 0xc0; return b; })();
const INF_G2 = (() => { const b = new Uint8Array(96); b[0] = 0xc0; return b; })();

describe('crypto/bls', () => {
  it('DSTs are the POP ciphersuite tags', () => {
    assert.equal(DST_SIG, 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_');
    assert.equal(DST_POP, 'BLS_POP_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_');
  });

  it('sign/verify round-trips; wrong message, wrong key, flipped bit fail', () => {
    const sig = sign(sks[0]!, msg);
    assert.equal(sig.length, 96);
    assert.equal(pks[0]!.length, 48);
    assert.ok(verify(pks[0]!, msg, sig));
    assert.ok(!verify(pks[0]!, enc('hybrid-bfu'), sig));
    assert.ok(!verify(pks[1]!, msg, sig));
    assert.ok(!verify(pks[0]!, msg, flip(sig, 50)));
    assert.ok(!verify(pks[0]!, msg, sig, DST_POP), 'other DST');
  });

  it('verify returns false (not throw) on malformed peer bytes, infinity included', () => {
    const sig = sign(sks[0]!, msg);
    assert.equal(verify(pks[0]!, msg, sig.slice(0, 95)), false);
    assert.equal(verify(pks[0]!.slice(0, 47), msg, sig), false);
    assert.equal(verify(INF_G1, msg, INF_G2), false);
    assert.equal(verify(pks[0]!, msg, INF_G2), false);
    assert.throws(() => verify(pks[0]!, 'x' as unknown as Uint8Array, sig), TypeError);
  });

  it('secret keys: KeyGen is deterministic, short seeds and out-of-range keys are refused', () => {
    assert.deepEqual(secretKeyFromSeed(seed(1)), sks[0]);
    assert.throws(() => secretKeyFromSeed(new Uint8Array(31)), /expected at least 32-byte seed, got 31/);
    assert.throws(() => sign(new Uint8Array(32), msg), /secret key must be in 1\.\.r-1/);
    assert.throws(() => sign(new Uint8Array(32).fill(0xff), msg), /secret key must be in 1\.\.r-1/);
    assert.throws(() => publicKey(new Uint8Array(31)), /expected 32-byte secret key, got 31/);
  });

  it('proof of possession: verifies for its key only, and is not a plain signature', () => {
    const pop = popProve(sks[0]!);
    assert.ok(popVerify(pks[0]!, pop));
    assert.ok(!popVerify(pks[1]!, pop));
    assert.ok(!popVerify(pks[0]!, sign(sks[0]!, pks[0]!)), 'signature under DST_SIG is not a PoP');
    assert.ok(!popVerify(INF_G1, INF_G2));
  });

  it('aggregate + fastAggregateVerify; missing or extra signer fails', () => {
    const agg = aggregateSignatures(sks.map((k) => sign(k, msg)));
    assert.ok(fastAggregateVerify(pks, msg, agg));
    assert.ok(!fastAggregateVerify(pks.slice(0, 2), msg, agg));
    assert.ok(!fastAggregateVerify([...pks, publicKey(secretKeyFromSeed(seed(9)))], msg, agg));
    assert.ok(!fastAggregateVerify(pks, enc('other'), agg));
    assert.ok(!fastAggregateVerify([], msg, agg));
    assert.ok(!fastAggregateVerify([...pks, INF_G1], msg, agg), 'infinity key refused');
  });

  it('aggregateSignatures refuses empty, infinity, malformed, and an infinity sum', () => {
    const s = sign(sks[0]!, msg);
    assert.throws(() => aggregateSignatures([]), /expected at least one signature, got 0/);
    assert.throws(() => aggregateSignatures([s, INF_G2]), /signature 1: point at infinity/);
    assert.throws(() => aggregateSignatures([s.slice(0, 95)]), /signature 0: expected 96 bytes, got 95/);
    const neg = decodeSignature(s).negate().toBytes(true);
    assert.throws(() => aggregateSignatures([s, neg]), /aggregate is the point at infinity/);
    assert.throws(() => aggregatePublicKeys([pks[0]!, decodePublicKey(pks[0]!).negate().toBytes(true)]), /point at infinity/);
  });

  it('aggregateVerify over distinct messages', () => {
    const msgs = [enc('a'), enc('b'), enc('c')];
    const agg = aggregateSignatures(sks.map((k, i) => sign(k, msgs[i]!)));
    assert.ok(aggregateVerify(pks, msgs, agg));
    assert.ok(!aggregateVerify(pks, [msgs[1]!, msgs[0]!, msgs[2]!], agg));
    assert.ok(!aggregateVerify(pks.slice(0, 2), msgs, agg));
  });

  it('point decoding: precise errors', () => {
    assert.throws(() => decodeSignature(new Uint8Array(95)), /decodeSignature: expected 96 bytes, got 95/);
    assert.throws(() => decodeSignature(INF_G2), /decodeSignature: point at infinity/);
    assert.throws(() => decodePublicKey(INF_G1), /decodePublicKey: point at infinity/);
    assert.throws(() => decodePublicKey(flip(pks[0]!, 47)), /decodePublicKey: not a valid G1 point/);
  });

  it('verifyAdmitted / fastAggregateVerifyAdmitted (pre-decoded keys) agree with the byte versions', () => {
    const keys = pks.map((p) => decodePublicKey(p));
    const sig = sign(sks[0]!, msg);
    assert.ok(verifyAdmitted(keys[0]!, msg, sig));
    assert.ok(!verifyAdmitted(keys[1]!, msg, sig));
    assert.ok(!verifyAdmitted(G1.ZERO, msg, INF_G2), 'infinity key');
    assert.ok(!verifyAdmitted(keys[0]!, msg, sig.slice(1)), 'short signature');
    const agg = aggregateSignatures(sks.map((k) => sign(k, msg)));
    assert.ok(fastAggregateVerifyAdmitted(keys, msg, agg));
    assert.ok(!fastAggregateVerifyAdmitted(keys.slice(1), msg, agg));
    assert.ok(!fastAggregateVerifyAdmitted([], msg, agg));
    assert.ok(!fastAggregateVerifyAdmitted([keys[0]!, keys[0]!.negate()], msg, agg), 'keys summing to infinity');
    assert.ok(!fastAggregateVerifyAdmitted(keys, msg, INF_G2));
  });
});
