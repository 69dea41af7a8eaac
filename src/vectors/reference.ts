// The project's own TypeScript implementation (src/crypto/) seen through VectorImpl:
// what `hybrid-bft vectors` checks by default. It only adapts shapes and maps the
// crypto layer's typed errors to outcome codes: combine is threshold.combine, collect is
// SignatureCollector + SignatureAggregator, certificates are certificateProblem.
import { verify } from '../crypto/bls.ts';
import { CollectError, SignatureAggregator, SignatureCollector } from '../crypto/collector.ts';
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
 * The vector's partials offered to SignatureCollector in the vector's order (the source
 * answers index i with the partial the vector lists for i); the good ones then go through
 * SignatureAggregator, which verifies the combination under the group key.
 */
export async function referenceCollect(t: number, n: number, message: Uint8Array, groupPublicKey: Uint8Array,
  shares: SharePublicKey[], partials: PartialSig[]): Promise<CollectOutcome> {
  const pub = { t, n, groupPublicKey, sharePublicKeys: shares.map((s) => s.publicKey) };
  const byIndex = new Map(partials.map((p) => [p.index, p]));
  const source = { requestPartial: async (i: number) => byIndex.get(i) as PartialSig };
  try {
    const got = await new SignatureCollector(pub, source).collect(message, partials.map((p) => p.index));
    const rejected = got.bad.map((b) => b.index);
    const out = combineOutcome(() => new SignatureAggregator(pub).aggregate(message, got.partials));
    return out.ok ? { ok: true, signature: out.signature, rejected } : { ok: false, error: out.error, rejected, ...(out.detail === undefined ? {} : { detail: out.detail }) };
  } catch (e) {
    if (e instanceof CollectError) return { ok: false, error: e.code, rejected: e.bad.map((b) => b.index), detail: e.message };
    if (e instanceof ThresholdError) return { ok: false, error: e.code, rejected: [], detail: e.message };
    throw e;
  }
}

export const referenceImpl: VectorImpl = Object.freeze({
  name: 'typescript (src/crypto)',
  verify: async (pk: Uint8Array, msg: Uint8Array, sig: Uint8Array, dst: string) => verify(pk, msg, sig, dst),
  verifyPartial: async (pk: Uint8Array, msg: Uint8Array, p: PartialSig) => verifyPartial(pk, msg, p),
  combine: async (t: number, n: number, _msg: Uint8Array, ps: PartialSig[]) => combineOutcome(() => combine(t, n, ps)),
  collect: referenceCollect,
  verifyCertificate: async (input) => checkCertificateVector(input),
} satisfies VectorImpl);
