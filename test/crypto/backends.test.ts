// Both backends behind one interface (src/crypto/backend.ts): the Ethereum BLS vectors
// through the interface on each, and a property test holding blst to noble, the
// reference, on random valid and invalid inputs (non-canonical encodings, infinity,
// points off the curve and off the subgroup).
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { BACKEND_NAMES, BackendError, backendNameFrom, type BlsBackend, type PreparedKey } from '../../src/crypto/backend.ts';
import { verifyBatch } from '../../src/crypto/batch.ts';
import { publicKey, secretKeyFromSeed, sign } from '../../src/crypto/bls.ts';
import { DecodeError, G1, G2 } from '../../src/crypto/points.ts';
import { backendByName } from '../../src/crypto/select-backend.ts';

const root = fileURLToPath(new URL('../fixtures/eth-bls/', import.meta.url));
const h = (s: string) => hexToBytes(s.replace(/^0x/, ''));
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Case = { name: string; input: any; output: any };
const cases = (op: string): Case[] => readdirSync(root + op).filter((f) => f.endsWith('.json')).sort()
  .map((f) => ({ name: f, ...JSON.parse(readFileSync(root + op + '/' + f, 'utf8')) }));

/** The prepared key, or null when the backend refuses the bytes (a DecodeError; anything else is a bug). */
function keyOrNull(b: BlsBackend, bytes: Uint8Array): PreparedKey | null {
  try { return b.prepareKey(bytes); } catch (e) { if (e instanceof DecodeError) return null; throw e; }
}
function sigOk(b: BlsBackend, bytes: Uint8Array): boolean {
  try { b.checkSignature(bytes); return true; } catch (e) { if (e instanceof DecodeError) return false; throw e; }
}
/** verify from bytes, false for an unusable key: the Ethereum `verify` semantics. */
const verifyBytes = (b: BlsBackend, pk: Uint8Array, msg: Uint8Array, sig: Uint8Array) => {
  const k = keyOrNull(b, pk);
  return k !== null && b.verify(k, msg, sig);
};

for (const name of BACKEND_NAMES) {
  describe(`crypto/backends: Ethereum vectors on ${name}`, () => {
    const b = backendByName(name);
    it('sign', () => {
      for (const c of cases('sign')) {
        if (c.output === null) assert.throws(() => b.sign(h(c.input.privkey), h(c.input.message)), /secret key must be in 1\.\.r-1/, c.name);
        else assert.equal('0x' + bytesToHex(b.sign(h(c.input.privkey), h(c.input.message))), c.output, c.name);
      }
    });
    it('verify', () => {
      for (const c of cases('verify')) assert.equal(verifyBytes(b, h(c.input.pubkey), h(c.input.message), h(c.input.signature)), c.output, c.name);
    });
    it('fast_aggregate_verify', () => {
      for (const c of cases('fast_aggregate_verify')) {
        const keys = (c.input.pubkeys as string[]).map((p) => keyOrNull(b, h(p)));
        const got = !keys.includes(null) && b.fastAggregateVerify(keys as PreparedKey[], h(c.input.message), h(c.input.signature));
        assert.equal(got, c.output, c.name);
      }
    });
    it('aggregate (infinity refused, as bls.ts)', () => {
      for (const c of cases('aggregate')) {
        const sigs = (c.input as string[]).map(h);
        if (c.output === null) assert.throws(() => b.aggregateSignatures(sigs), /expected at least one signature/, c.name);
        else if (c.name === 'aggregate_infinity_signature.json') assert.throws(() => b.aggregateSignatures(sigs), /point at infinity/, c.name);
        else assert.equal('0x' + bytesToHex(b.aggregateSignatures(sigs)), c.output, c.name);
      }
    });
    it('batch_verify through the batched path (verifyBatch): all valid, or the bad ones named', () => {
      for (const c of cases('batch_verify')) {
        const { pubkeys, messages, signatures } = c.input as { pubkeys: string[]; messages: string[]; signatures: string[] };
        const keys = pubkeys.map((p) => keyOrNull(b, h(p)));
        const got = !keys.includes(null)
          && verifyBatch(b, keys.map((key, i) => ({ key: key!, message: h(messages[i]!), signature: h(signatures[i]!) }))).every((v) => v === null);
        assert.equal(got, c.output, c.name);
      }
    });
    it('deserialization_G1 (as keys: infinity refused) and _G2 (as signatures: infinity refused)', () => {
      for (const c of cases('deserialization_G1')) {
        const inf = /infinity/.test(c.name);
        assert.equal(keyOrNull(b, h(c.input.pubkey)) !== null, c.output && !inf, c.name);
      }
      for (const c of cases('deserialization_G2')) {
        const inf = /infinity/.test(c.name);
        assert.equal(sigOk(b, h(c.input.signature)), c.output && !inf, c.name);
      }
    });
  });
}

describe('crypto/backends: selection', () => {
  it('flag, then HYBRID_BFT_BLS, then noble; anything else is a usage error naming its source', () => {
    assert.equal(backendNameFrom(undefined, {}), 'noble');
    assert.equal(backendNameFrom(undefined, { HYBRID_BFT_BLS: 'blst' }), 'blst');
    assert.equal(backendNameFrom('noble', { HYBRID_BFT_BLS: 'blst' }), 'noble');
    assert.throws(() => backendNameFrom('mcl', {}), (e: unknown) => e instanceof BackendError && /--bls-backend: expected noble or blst, got 'mcl'/.test(e.message));
    assert.throws(() => backendNameFrom(undefined, { HYBRID_BFT_BLS: 'x' }), /HYBRID_BFT_BLS: expected noble or blst, got 'x'/);
  });
});

describe('crypto/backends: blst agrees with noble (fast-check)', function () {
  this.timeout(300_000);
  const noble = backendByName('noble');
  const blst = backendByName('blst');
  const sks = Array.from({ length: 4 }, (_, i) => secretKeyFromSeed(new Uint8Array(32).fill(70 + i)));
  const pks = sks.map(publicKey);
  const Fp = bls12_381.fields.Fp;
  // Points with a component outside the prime-order subgroup: on the curve, not in G1 / G2.
  const Fp2 = bls12_381.fields.Fp2;
  const sqrtOrNull = <T>(f: () => T): T | null => { try { return f(); } catch { return null; } };
  /** The first point of E(Fp) (y² = x³ + 4) with x = 1, 2, … that is not in G1. */
  const offG1 = (() => {
    for (let x = 1n; ; x++) {
      const y = sqrtOrNull(() => Fp.sqrt(Fp.add(Fp.pow(x, 3n), 4n)));
      if (y !== null) { const p = G1.fromAffine({ x, y }); if (!p.isTorsionFree()) return p; }
    }
  })();
  /** The first point of E'(Fp2) (y² = x³ + 4(1+i)) with x = i + u, u = 1, 2, … that is not in G2. */
  const offG2 = (() => {
    for (let u = 1n; ; u++) {
      const x = Fp2.create({ c0: u, c1: 1n });
      const y = sqrtOrNull(() => Fp2.sqrt(Fp2.add(Fp2.pow(x, 3n), Fp2.create({ c0: 4n, c1: 4n }))));
      if (y !== null) { const p = G2.fromAffine({ x, y }); if (!p.isTorsionFree()) return p; }
    }
  })();
  /** Compressed encodings written by hand (noble's toBytes refuses points off the subgroup); either y will do. */
  const be48 = (x: bigint) => hexToBytes(x.toString(16).padStart(96, '0'));
  const offG1Bytes = (() => { const b = be48(offG1.toAffine().x); b[0]! |= 0x80; return b; })();
  const offG2Bytes = (() => { const { x } = offG2.toAffine(); const b = new Uint8Array(96); b.set(be48(x.c1)); b.set(be48(x.c0), 48); b[0]! |= 0x80; return b; })();
  const nonCanonical = (bytes: Uint8Array) => { const b = bytes.slice(); b[0] = (b[0]! & 0xe0) | 0x1a; b[1] = 0x0f; return b; }; // x ≥ p
  const sigArb = fc.oneof(
    fc.record({ k: fc.integer({ min: 0, max: 3 }), m: fc.string({ maxLength: 8 }) }).map(({ k, m }) => sign(sks[k]!, new TextEncoder().encode(m))),
    fc.constant((() => { const b = new Uint8Array(96); b[0] = 0xc0; return b; })()), // infinity
    fc.constant((() => { const b = new Uint8Array(96); b[0] = 0xc0; b[95] = 1; return b; })()), // non-canonical infinity
    fc.constant(offG2Bytes), // on the curve, off the subgroup
    fc.uint8Array({ minLength: 96, maxLength: 96 }), // mostly off the curve or flags wrong
    fc.constant(nonCanonical(sign(sks[0]!, new Uint8Array([1])))),
    fc.uint8Array({ minLength: 0, maxLength: 100 }).filter((b) => b.length !== 96),
  );
  const keyArb = fc.oneof(
    fc.integer({ min: 0, max: 3 }).map((k) => pks[k]!),
    fc.constant((() => { const b = new Uint8Array(48); b[0] = 0xc0; return b; })()),
    fc.constant(offG1Bytes),
    fc.uint8Array({ minLength: 48, maxLength: 48 }),
    fc.constant(nonCanonical(pks[1]!)),
    fc.uint8Array({ minLength: 0, maxLength: 60 }).filter((b) => b.length !== 48),
  );
  const msgArb = fc.string({ maxLength: 8 }).map((m) => new TextEncoder().encode(m));

  it('the off-subgroup points are on their curves and not in the subgroup; both backends refuse them', () => {
    const a = offG1.toAffine(); const b = offG2.toAffine();
    assert.ok(Fp.eql(Fp.sqr(a.y), Fp.add(Fp.pow(a.x, 3n), 4n)));
    assert.ok(Fp2.eql(Fp2.sqr(b.y), Fp2.add(Fp2.pow(b.x, 3n), Fp2.create({ c0: 4n, c1: 4n }))));
    assert.ok(!offG1.isTorsionFree() && !offG2.isTorsionFree());
    for (const be of [noble, blst]) {
      assert.throws(() => be.prepareKey(offG1Bytes), DecodeError, be.name);
      assert.throws(() => be.checkSignature(offG2Bytes), DecodeError, be.name);
    }
  });

  it('same accept/refuse on keys and signatures, same DecodeError code, same verify answers', () => {
    fc.assert(fc.property(keyArb, msgArb, sigArb, (pk, msg, sig) => {
      const code = (f: () => unknown) => { try { f(); return 'ok'; } catch (e) { if (e instanceof DecodeError) return e.code; throw e; } };
      assert.equal(code(() => blst.prepareKey(pk)), code(() => noble.prepareKey(pk)), `key ${bytesToHex(pk)}`);
      assert.equal(code(() => blst.checkSignature(sig)), code(() => noble.checkSignature(sig)), `signature ${bytesToHex(sig)}`);
      assert.equal(verifyBytes(blst, pk, msg, sig), verifyBytes(noble, pk, msg, sig));
    }), { numRuns: 150 });
  });

  it('the batched path gives the same verdicts (valid or not) on both, item by item', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), msgArb, sigArb), { minLength: 1, maxLength: 6 }), (rows) => {
      const verdicts = (b: BlsBackend) => verifyBatch(b, rows.map(([k, msg, sig]) => ({ key: b.prepareKey(pks[k]!), message: msg, signature: sig })))
        .map((v) => v === null);
      assert.deepEqual(verdicts(blst), verdicts(noble));
    }), { numRuns: 30 });
  });
});
