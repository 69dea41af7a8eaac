// The project's own TypeScript implementation (src/crypto/) seen through VectorImpl:
// what `hybrid-bft vectors` checks by default. It only adapts shapes and maps the
// crypto layer's typed errors to outcome codes: combine is threshold.combine, collect is
// SignatureCollector + SignatureAggregator, certificates are certificateProblem. With
// a backend (backend.ts), verification under DST_SIG, the collector's batch check and
// certificates run on it; DST_POP and combining stay on noble (blst has no such calls).
import type { BlsBackend } from '../crypto/backend.ts';
import { DST_SIG, verify } from '../crypto/bls.ts';
import { CollectError, SignatureAggregator, SignatureCollector } from '../crypto/collector.ts';
import { DecodeError } from '../crypto/points.ts';
import { backendByName } from '../crypto/select-backend.ts';
import { combine, ThresholdError } from '../crypto/threshold.ts';
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
  shares: SharePublicKey[], partials: PartialSig[], backend: BlsBackend = backendByName('noble')): Promise<CollectOutcome> {
  const pub = { t, n, groupPublicKey, sharePublicKeys: shares.map((s) => s.publicKey) };
  const byIndex = new Map(partials.map((p) => [p.index, p]));
  const source = { requestPartial: async (i: number) => byIndex.get(i) as PartialSig };
  try {
    const got = await new SignatureCollector(pub, source, backend).collect(message, partials.map((p) => p.index));
    const rejected = got.bad.map((b) => b.index);
    const out = combineOutcome(() => new SignatureAggregator(pub, backend).aggregate(message, got.partials));
    return out.ok ? { ok: true, signature: out.signature, rejected } : { ok: false, error: out.error, rejected, ...(out.detail === undefined ? {} : { detail: out.detail }) };
  } catch (e) {
    if (e instanceof CollectError) return { ok: false, error: e.code, rejected: e.bad.map((b) => b.index), detail: e.message };
    if (e instanceof ThresholdError) return { ok: false, error: e.code, rejected: [], detail: e.message };
    throw e;
  }
}

/** verify on `backend` under DST_SIG (false for an unusable key, as bls.verify); other tags on noble. */
function verifyOn(backend: BlsBackend, pk: Uint8Array, msg: Uint8Array, sig: Uint8Array, dst: string): boolean {
  if (backend.name === 'noble' || dst !== DST_SIG) return verify(pk, msg, sig, dst);
  if (!(msg instanceof Uint8Array)) throw new TypeError('verify: expected message to be a Uint8Array');
  try {
    return backend.verify(backend.prepareKey(pk), msg, sig);
  } catch (e) {
    if (e instanceof DecodeError && e.code !== 'type') return false;
    throw e;
  }
}

/** The reference implementation with its curve work on `backend`. */
export function referenceImplOn(backend: BlsBackend): VectorImpl {
  return Object.freeze({
    name: backend.name === 'noble' ? 'typescript (src/crypto)' : `typescript (src/crypto, ${backend.name} backend)`,
    verify: async (pk: Uint8Array, msg: Uint8Array, sig: Uint8Array, dst: string) => verifyOn(backend, pk, msg, sig, dst),
    verifyPartial: async (pk: Uint8Array, msg: Uint8Array, p: PartialSig) => verifyOn(backend, pk, msg, p.signature, DST_SIG),
    combine: async (t: number, n: number, _msg: Uint8Array, ps: PartialSig[]) => combineOutcome(() => combine(t, n, ps)),
    collect: (t, n, m, g, sh, ps) => referenceCollect(t, n, m, g, sh, ps, backend),
    verifyCertificate: async (input) => checkCertificateVector(input, backend),
  } satisfies VectorImpl);
}

/** The reference on noble (the default backend of the reference). */
export const referenceImpl: VectorImpl = referenceImplOn(backendByName('noble'));
