// The project's own TypeScript implementation (src/crypto/) seen through VectorImpl:
// what `hybrid-bft vectors` checks by default. Only adapts shapes and maps thrown
// ThresholdError/DecodeError to outcome codes; it adds no cryptography of its own
// except the collector loop (verify each partial, skip the bad, combine the rest).
import { verify } from '../crypto/bls.ts';
import { DecodeError } from '../crypto/points.ts';
import { combine, ThresholdError, verifyPartial } from '../crypto/threshold.ts';
import { checkCertificateVector } from './certificate.ts';
import type { CollectOutcome, CombineOutcome, PartialSig, SharePublicKey, VectorImpl } from './impl.ts';

/** Runs `f`, mapping the crypto layer's typed errors to a refusal; anything else propagates. */
export function combineOutcome(f: () => Uint8Array): CombineOutcome {
  try {
    return { ok: true, signature: f() };
  } catch (e) {
    if (e instanceof ThresholdError) {
      return e.index === undefined ? { ok: false, error: e.code, detail: e.message } : { ok: false, error: e.code, index: e.index, detail: e.message };
    }
    if (e instanceof DecodeError) return { ok: false, error: e.code === 'infinity' ? 'infinity' : 'malformed', detail: e.message };
    throw e;
  }
}

/**
 * The collector: a partial whose index has no share key or that fails verifyPartial is
 * rejected (named, in input order) and skipped; the rest are combined.
 */
export function collectWith(
  verifyOne: (pk: Uint8Array, msg: Uint8Array, p: PartialSig) => boolean,
  combineAll: (t: number, n: number, ps: PartialSig[]) => Uint8Array,
  t: number, n: number, message: Uint8Array, shares: SharePublicKey[], partials: PartialSig[],
): CollectOutcome {
  const keys = new Map(shares.map((s) => [s.index, s.publicKey]));
  const rejected: number[] = [];
  const accepted: PartialSig[] = [];
  for (const p of partials) {
    const pk = keys.get(p.index);
    if (pk !== undefined && verifyOne(pk, message, p)) accepted.push(p);
    else rejected.push(p.index);
  }
  const out = combineOutcome(() => combineAll(t, n, accepted));
  return out.ok ? { ok: true, signature: out.signature, rejected } : { ok: false, error: out.error, rejected, ...(out.detail === undefined ? {} : { detail: out.detail }) };
}

export const referenceImpl: VectorImpl = Object.freeze({
  name: 'typescript (src/crypto)',
  verify: async (pk: Uint8Array, msg: Uint8Array, sig: Uint8Array, dst: string) => verify(pk, msg, sig, dst),
  verifyPartial: async (pk: Uint8Array, msg: Uint8Array, p: PartialSig) => verifyPartial(pk, msg, p),
  combine: async (t: number, n: number, _msg: Uint8Array, ps: PartialSig[]) => combineOutcome(() => combine(t, n, ps)),
  collect: async (t: number, n: number, msg: Uint8Array, shares: SharePublicKey[], ps: PartialSig[]) =>
    collectWith(verifyPartial, combine, t, n, msg, shares, ps),
  verifyCertificate: async (input) => checkCertificateVector(input),
} satisfies VectorImpl);
