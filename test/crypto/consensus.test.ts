import { strict as assert } from 'node:assert';
import { blsConsensusCrypto } from '../../src/crypto/consensus.ts';
import { decodeCertificate, encodeCertificate } from '../../src/crypto/certificate.ts';
import { sign } from '../../src/crypto/bls.ts';
import { precommitSignBytes } from '../../src/crypto/signbytes.ts';
import { validatorSet } from '../../src/crypto/validators.ts';
import type { Certificate, ConsensusMessage } from '../../src/core/types.ts';
import { INF_G2, testKeys } from './helpers.ts';

const { entries, secretKeys } = testKeys(4);
const set = validatorSet(entries);
const chain = 'entity-1';
const cryptoOf = (id: string) => blsConsensusCrypto(set, id, secretKeys.get(id)!, chain);
const c1 = cryptoOf('c1');
function precommit(src: string, value = 'v1', round = 0): ConsensusMessage {
  const m: ConsensusMessage = { type: 'PRECOMMIT', src, height: 1, round, value, validRound: -1 };
  return { ...m, signature: cryptoOf(src).sign(m) };
}
const pcs = ['c1', 'c2', 'c3'].map((s) => precommit(s));
const cert = c1.certify(1, 0, 'v1', pcs);

describe('crypto/consensus (BLS ConsensusCrypto)', () => {
  it('signs and verifies messages; tampering with any field or the sender fails', () => {
    const m = pcs[1]!;
    assert.ok(c1.verify(m));
    assert.ok(!c1.verify({ ...m, value: 'v2' }));
    assert.ok(!c1.verify({ ...m, round: 1 }));
    assert.ok(!c1.verify({ ...m, type: 'PREVOTE' }));
    assert.ok(!c1.verify({ ...m, src: 'c3' }), 'signature of c2 presented as c3');
    assert.ok(!c1.verify({ ...m, src: 'b9' }), 'unknown sender');
    const { signature: _s, ...unsigned } = m;
    assert.ok(!c1.verify(unsigned), 'no signature');
    assert.ok(!c1.verify({ ...m, height: -1 }), 'malformed field is not validly signed');
    assert.ok(!blsConsensusCrypto(set, 'c1', secretKeys.get('c1')!, 'entity-2').verify(m), 'other chain');
  });

  it('refuses to sign for someone else, and a key that is not the admitted one', () => {
    assert.throws(() => c1.sign({ ...pcs[1]!, signature: undefined }), /c1 asked to sign a message from c2/);
    assert.throws(() => blsConsensusCrypto(set, 'c1', secretKeys.get('c2')!, chain), /secret key does not match the public key of c1/);
    assert.throws(() => blsConsensusCrypto(set, 'x', secretKeys.get('c2')!, chain), /x is not a validator/);
  });

  it('certify aggregates the precommits for the value (sorted signers) and the certificate checks', () => {
    assert.deepEqual(cert.signers, ['c1', 'c2', 'c3']);
    assert.equal(cert.aggregate!.length, 96);
    assert.equal(c1.checkCertificate(1, 0, 'v1', cert), null);
    const withOther = c1.certify(1, 0, 'v1', [...pcs, precommit('c4', 'v2'), precommit('c4', 'v1', 1)]);
    assert.deepEqual(withOther.signers, ['c1', 'c2', 'c3'], 'other value / round ignored');
  });

  it('checkCertificate gives a precise reason for each defect', () => {
    const reason = (c: Certificate, h = 1, r = 0, v = 'v1') => c1.checkCertificate(h, r, v, c);
    assert.equal(reason({ ...cert, signers: ['c1', 'c2'] }), 'certificate has 2 signers, needs 3');
    assert.equal(reason({ ...cert, signers: ['c1', 'c2', 'b7'] }), 'certificate signer b7 is not a validator');
    assert.equal(reason({ ...cert, signers: ['c1', 'c2', 'c2'] }), 'certificate lists signer c2 twice');
    assert.equal(reason({ signers: cert.signers }), 'certificate has no aggregate signature');
    assert.equal(reason({ ...cert, aggregate: cert.aggregate!.slice(0, 95) }), 'certificate aggregate: expected 96 bytes, got 95');
    assert.equal(reason({ ...cert, aggregate: INF_G2 }), 'certificate aggregate: point at infinity');
    const offCurve = cert.aggregate!.slice(); offCurve[95]! ^= 1;
    assert.match(reason({ ...cert, aggregate: offCurve })!, /certificate aggregate: not a valid G2 point/);
    assert.match(reason({ ...cert, signers: ['c1', 'c2', 'c4'] })!, /aggregate does not verify/);
    assert.match(reason(cert, 1, 1)!, /aggregate does not verify for PRECOMMIT\(1, 1, v1\)/);
    assert.match(reason(cert, 1, 0, 'v2')!, /does not verify/);
    assert.equal(reason(cert, 1, 0, 'nil'), 'a certificate cannot commit nil');
    assert.match(reason({ signers: 'c1' } as unknown as Certificate)!, /malformed/);
    // A signer's signature on the wrong bytes (a prevote) does not fit into a precommit certificate.
    const wrong = sign(secretKeys.get('c3')!, precommitSignBytes(chain, 1, 0, 'v2'));
    const forged = c1.certify(1, 0, 'v1', [pcs[0]!, pcs[1]!, { ...pcs[2]!, signature: wrong }]);
    assert.match(reason(forged)!, /does not verify/);
  });

  it('wire form: bitmap over validator order + aggregate, round-trips; bad lengths and stray bits refused', () => {
    const bytes = encodeCertificate(set, cert);
    assert.equal(bytes.length, 1 + 96);
    assert.equal(bytes[0], 0b1110_0000);
    assert.deepEqual(decodeCertificate(set, bytes), cert);
    assert.throws(() => decodeCertificate(set, bytes.slice(0, 96)), /expected 97 bytes for 4 validators, got 96/);
    const stray = bytes.slice(); stray[0]! |= 0b0000_1000;
    assert.throws(() => decodeCertificate(set, stray), /bit 4 set but there are only 4 validators/);
    assert.throws(() => encodeCertificate(set, { ...cert, signers: ['c1', 'x'] }), /signer x is not a validator/);
  });
});
