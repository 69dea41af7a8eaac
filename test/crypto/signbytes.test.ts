import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { bytesToHex } from '@noble/hashes/utils.js';
import { signBytes, precommitSignBytes } from '../../src/crypto/signbytes.ts';
import type { ConsensusMessage } from '../../src/core/types.ts';

const base = { type: 'PRECOMMIT', height: 7, round: 2, value: 'v1', validRound: -1 } as const;

describe('crypto/signbytes', () => {
  it('pins the worked example of docs/crypto.md byte for byte', () => {
    assert.equal(bytesToHex(signBytes('entity-1', base)),
      '4859425249442d4246542f434f4e53454e535553' + '01' + '08656e746974792d31' + '03' +
      '0000000000000007' + '00000002' + '01' + '0002' + '7631' + '00000000');
    assert.deepEqual(precommitSignBytes('entity-1', 7, 2, 'v1'), signBytes('entity-1', base));
  });

  it('every field changes the bytes (domain separation by chain, type, height, round, value, validRound)', () => {
    const ref = bytesToHex(signBytes('entity-1', base));
    const variants: [string, Parameters<typeof signBytes>[1]][] = [
      ['entity-2', base], ['entity-1', { ...base, type: 'PREVOTE' }], ['entity-1', { ...base, height: 8 }],
      ['entity-1', { ...base, round: 3 }], ['entity-1', { ...base, value: 'v2' }], ['entity-1', { ...base, value: 'nil' }],
      ['entity-1', { ...base, type: 'PROPOSAL', validRound: -1 }], ['entity-1', { ...base, type: 'PROPOSAL', validRound: 0 }],
    ];
    const seen = new Set([ref]);
    for (const [chain, m] of variants) {
      const hex = bytesToHex(signBytes(chain, m));
      assert.ok(!seen.has(hex), `${chain} ${JSON.stringify(m)} collides`);
      seen.add(hex);
    }
  });

  it('nil is a tag, not the string "nil": a value cannot collide with a nil vote', () => {
    const nil = signBytes('e', { ...base, value: 'nil' });
    assert.equal(nil[nil.length - 5], 0, 'nil tag byte');
  });

  it('rejects out-of-range fields with a precise message', () => {
    assert.throws(() => signBytes('e', { ...base, height: -1 }), /signBytes: height must be an integer in 0\.\.\d+, got -1/);
    assert.throws(() => signBytes('e', { ...base, round: 1.5 }), /signBytes: round must be an integer in 0\.\.4294967295, got 1.5/);
    assert.throws(() => signBytes('e', { ...base, validRound: -2 }), /validRound must be an integer in -1\.\./);
    assert.throws(() => signBytes('', base), /chainId must be 1\.\.255 UTF-8 bytes, got 0/);
    assert.throws(() => signBytes('e'.repeat(256), base), /chainId must be 1\.\.255 UTF-8 bytes, got 256/);
    assert.throws(() => signBytes('e', { ...base, value: '' }), /value must be 1\.\.65535 UTF-8 bytes, got 0/);
    assert.throws(() => signBytes('e', { ...base, type: 'PROPOSAL', value: 'nil' }), /a PROPOSAL cannot carry nil/);
    assert.throws(() => signBytes('e', { ...base, type: 'VOTE' as ConsensusMessage['type'] }), /unreachable/);
  });

  it('property: two messages have equal sign-bytes iff all signed fields are equal (injective encoding)', () => {
    const msgArb = fc.record({
      chain: fc.constantFrom('e', 'entity-1', 'é'),
      type: fc.constantFrom('PREVOTE', 'PRECOMMIT'),
      height: fc.nat(3), round: fc.nat(3),
      value: fc.constantFrom('nil', 'v1', 'v', '1', 'v1\u0000', 'niL'),
    });
    fc.assert(fc.property(msgArb, msgArb, (a, b) => {
      const enc = (m: typeof a) => bytesToHex(signBytes(m.chain, { type: m.type as 'PREVOTE', height: m.height, round: m.round, value: m.value, validRound: -1 }));
      const same = a.chain === b.chain && a.type === b.type && a.height === b.height && a.round === b.round && a.value === b.value;
      assert.equal(enc(a) === enc(b), same);
    }), { numRuns: 2000 });
  });
});
