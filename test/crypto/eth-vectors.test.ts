// Ethereum consensus BLS vectors (test/fixtures/eth-bls/README.md): every case of every
// operation we implement, with its expected outcome, the invalid ones included.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hexToBytes, bytesToHex } from '@noble/hashes/utils.js';
import { aggregateSignatures, aggregateVerify, batchVerify, fastAggregateVerify, hashToG2, sign, verify } from '../../src/crypto/bls.ts';
import { DecodeError, deserializeG1, deserializeG2 } from '../../src/crypto/points.ts';

const root = fileURLToPath(new URL('../fixtures/eth-bls/', import.meta.url));
const h = (s: string) => hexToBytes(s.replace(/^0x/, ''));
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Case = { name: string; input: any; output: any };
function cases(op: string): Case[] {
  const files = readdirSync(root + op).filter((f) => f.endsWith('.json')).sort();
  assert.ok(files.length > 0, `no vectors for ${op}`);
  return files.map((f) => ({ name: f, ...JSON.parse(readFileSync(root + op + '/' + f, 'utf8')) }));
}
/** true iff decoding succeeds; any non-DecodeError is a bug. */
function decodes(fn: () => unknown): boolean {
  try { fn(); return true; } catch (e) { if (e instanceof DecodeError) return false; throw e; }
}

describe('crypto/eth-vectors (ethereum/bls12-381-tests @006855c)', () => {
  it('sign: every expected signature; the zero key is refused', () => {
    for (const c of cases('sign')) {
      if (c.output === null) assert.throws(() => sign(h(c.input.privkey), h(c.input.message)), /secret key must be in 1\.\.r-1/, c.name);
      else assert.equal('0x' + bytesToHex(sign(h(c.input.privkey), h(c.input.message))), c.output, c.name);
    }
  });

  it('verify: valid, tampered, wrong key, infinity', () => {
    for (const c of cases('verify'))
      assert.equal(verify(h(c.input.pubkey), h(c.input.message), h(c.input.signature)), c.output, c.name);
  });

  it('aggregate: sums; empty refused; [infinity] refused (deliberate departure, see docs/crypto.md)', () => {
    for (const c of cases('aggregate')) {
      const sigs = (c.input as string[]).map(h);
      if (c.output === null) assert.throws(() => aggregateSignatures(sigs), /expected at least one signature/, c.name);
      else if (c.name === 'aggregate_infinity_signature.json') {
        // Ethereum returns infinity here; an infinity signature is never useful to us.
        assert.throws(() => aggregateSignatures(sigs), /point at infinity/, c.name);
        assert.ok(deserializeG2(h(c.output)).is0(), 'expected output is infinity');
      } else assert.equal('0x' + bytesToHex(aggregateSignatures(sigs)), c.output, c.name);
    }
  });

  it('fast_aggregate_verify: valid, extra key, tampered, infinity key, empty', () => {
    for (const c of cases('fast_aggregate_verify'))
      assert.equal(fastAggregateVerify(c.input.pubkeys.map(h), h(c.input.message), h(c.input.signature)), c.output, c.name);
  });

  it('aggregate_verify: valid, tampered, infinity key, empty', () => {
    for (const c of cases('aggregate_verify'))
      assert.equal(aggregateVerify(c.input.pubkeys.map(h), c.input.messages.map(h), h(c.input.signature)), c.output, c.name);
  });

  it('batch_verify: valid sets, a forged set whose errors cancel, an infinity set', () => {
    for (const c of cases('batch_verify')) {
      const { pubkeys, messages, signatures } = c.input as { pubkeys: string[]; messages: string[]; signatures: string[] };
      const items = pubkeys.map((p, i) => ({ publicKey: h(p), message: h(messages[i]!), signature: h(signatures[i]!) }));
      assert.equal(batchVerify(items), c.output, c.name);
    }
  });

  it('deserialization_G1 and _G2: flags, lengths, modulus, curve, subgroup', () => {
    for (const c of cases('deserialization_G1')) assert.equal(decodes(() => deserializeG1(h(c.input.pubkey))), c.output, c.name);
    for (const c of cases('deserialization_G2')) assert.equal(decodes(() => deserializeG2(h(c.input.signature))), c.output, c.name);
  });

  it('hash_to_G2 under the RFC 9380 test DST', () => {
    const DST = 'QUUX-V01-CS02-with-BLS12381G2_XMD:SHA-256_SSWU_RO_';
    const fp = (x: bigint) => '0x' + x.toString(16).padStart(96, '0');
    for (const c of cases('hash_to_G2')) {
      const { x, y } = hashToG2(new TextEncoder().encode(c.input.msg), DST).toAffine();
      assert.equal(`${fp(x.c0)},${fp(x.c1)}`, c.output.x, c.name);
      assert.equal(`${fp(y.c0)},${fp(y.c1)}`, c.output.y, c.name);
    }
  });
});
