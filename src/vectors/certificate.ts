// Commit-certificate check in the vectors' terms: the signer list, the validator set,
// the quorum and the aggregate over the PRECOMMIT sign-bytes. Each refusal has a code
// (CertificateReason) so a vector can require the right one.
import { fastAggregateVerify } from '../crypto/bls.ts';
import { DecodeError, decodeSignature } from '../crypto/points.ts';
import type { CertificateInput, CertificateOutcome } from './impl.ts';

/**
 * Signers distinct, all validators, at least `quorum` of them, the aggregate a valid
 * non-infinity G2 point, and FastAggregateVerify of the signers' keys over `message`.
 * Sound only for keys whose proofs of possession were checked when admitted (the vector
 * files carry each validator's `pop`).
 */
export function checkCertificateVector(c: CertificateInput): CertificateOutcome {
  const keys = new Map(c.validators.map((v) => [v.id, v.publicKey]));
  if (new Set(c.signers).size !== c.signers.length) return { valid: false, reason: 'duplicate-signer' };
  const unknown = c.signers.find((s) => !keys.has(s));
  if (unknown !== undefined) return { valid: false, reason: 'unknown-signer', detail: `${unknown} is not a validator` };
  if (c.signers.length < c.quorum) return { valid: false, reason: 'too-few', detail: `${c.signers.length} signers, need ${c.quorum}` };
  try {
    decodeSignature(c.aggregate, 'certificate aggregate');
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    return { valid: false, reason: e.code === 'infinity' ? 'infinity' : 'malformed', detail: e.message };
  }
  const pks = c.signers.map((s) => keys.get(s) as Uint8Array);
  return fastAggregateVerify(pks, c.message, c.aggregate) ? { valid: true } : { valid: false, reason: 'bad-aggregate' };
}
