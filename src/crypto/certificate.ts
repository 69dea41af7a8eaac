// Commit certificates: the 2f+1 (or more) precommit signatures for one (height, round,
// value), aggregated into one 96-byte signature, with the list of signers. In memory the
// signers are ids (sorted, as in the model); on the wire they are a bitmap over the
// validator order followed by the aggregate (docs/crypto.md, "Certificates").
import type { BlsBackend } from './backend.ts';
import { DecodeError, SIGNATURE_BYTES } from './points.ts';
import { defaultBackend } from './select-backend.ts';
import { precommitSignBytes } from './signbytes.ts';
import { NIL, type Certificate, type Value } from '../core/types.ts';
import type { ValidatorSet } from './validators.ts';
import { powerOf } from '../core/power.ts';

/**
 * null when `cert` is a valid commit certificate for (height, round, value) under `set`,
 * otherwise a one-sentence reason. Never throws on peer data. Keys are not re-checked
 * here: the set admitted only valid, non-infinity keys with a proof of possession.
 * `backend` checks the aggregate (default: defaultBackend(), i.e. $HYBRID_BFT_BLS or noble).
 */
export function certificateProblem(set: ValidatorSet, chainId: string, height: number, round: number, value: Value,
  cert: Certificate, backend: BlsBackend = defaultBackend()): string | null {
  if (value === NIL) return 'a certificate cannot commit nil';
  if (cert === null || typeof cert !== 'object' || !Array.isArray(cert.signers)) return 'certificate is malformed: no signer list';
  const seen = new Set<string>();
  for (const s of cert.signers) {
    if (typeof s !== 'string') return 'certificate is malformed: a signer is not a string';
    if (seen.has(s)) return `certificate lists signer ${s} twice`;
    if (!set.has(s)) return `certificate signer ${s} is not a validator`;
    seen.add(s);
  }
  const held = powerOf(set.power, seen);
  if (held < set.quorum) return set.totalPower === set.n
    ? `certificate has ${seen.size} signers, needs ${set.quorum}`
    : `certificate's signers hold power ${held}, needs ${set.quorum}`;
  if (!(cert.aggregate instanceof Uint8Array)) return 'certificate has no aggregate signature';
  try {
    backend.checkSignature(cert.aggregate, 'certificate aggregate');
  } catch (e) {
    if (e instanceof DecodeError) return e.message;
    throw e;
  }
  let msg: Uint8Array;
  try {
    msg = precommitSignBytes(chainId, height, round, value);
  } catch (e) {
    return `certificate is for a malformed precommit: ${(e as Error).message}`;
  }
  const keys = cert.signers.map((s) => set.preparedKeyOf(s, backend));
  if (!backend.fastAggregateVerify(keys, msg, cert.aggregate))
    return `certificate aggregate does not verify for PRECOMMIT(${height}, ${round}, ${value}) by ${cert.signers.join(',')}`;
  return null;
}

/** Wire form: ceil(n/8)-byte bitmap (bit 7 of byte 0 = validator ids[0]) ‖ 96-byte aggregate. */
export function encodeCertificate(set: ValidatorSet, cert: Certificate): Uint8Array {
  if (!(cert.aggregate instanceof Uint8Array) || cert.aggregate.length !== SIGNATURE_BYTES)
    throw new Error(`encodeCertificate: expected ${SIGNATURE_BYTES}-byte aggregate, got ${cert.aggregate?.length ?? 'none'}`);
  const bitmapLen = Math.ceil(set.n / 8);
  const out = new Uint8Array(bitmapLen + SIGNATURE_BYTES);
  for (const s of cert.signers) {
    const i = set.indexOf(s);
    if (i < 0) throw new Error(`encodeCertificate: signer ${s} is not a validator`);
    if (out[i >> 3]! & (0x80 >> (i & 7))) throw new Error(`encodeCertificate: signer ${s} listed twice`);
    out[i >> 3]! |= 0x80 >> (i & 7);
  }
  out.set(cert.aggregate, bitmapLen);
  return out;
}

/**
 * Inverse of encodeCertificate; signers come back sorted. Throws on a wrong length or a
 * bit set past the last validator (one certificate, one encoding). Does not verify.
 */
export function decodeCertificate(set: ValidatorSet, bytes: Uint8Array): Certificate {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('decodeCertificate: expected Uint8Array');
  const bitmapLen = Math.ceil(set.n / 8);
  if (bytes.length !== bitmapLen + SIGNATURE_BYTES)
    throw new Error(`decodeCertificate: expected ${bitmapLen + SIGNATURE_BYTES} bytes for ${set.n} validators, got ${bytes.length}`);
  const signers: string[] = [];
  for (let i = 0; i < bitmapLen * 8; i++) {
    if (!(bytes[i >> 3]! & (0x80 >> (i & 7)))) continue;
    if (i >= set.n) throw new Error(`decodeCertificate: bit ${i} set but there are only ${set.n} validators`);
    signers.push(set.ids[i]!);
  }
  return { signers: signers.sort(), aggregate: bytes.slice(bitmapLen) };
}
