// Verifiable secret sharing by Feldman's scheme (P. Feldman, "A practical scheme for
// non-interactive verifiable secret sharing", FOCS 1987, §3): with the Shamir
// polynomial f(x) = a_0 + a_1·x + … + a_{t−1}·x^{t−1} of threshold.ts, the dealer
// publishes the commitments C_k = a_k·G (k = 0..t−1) in G1, the group of this project's
// public keys (bls.ts: min-pk, keys in G1, signatures in G2). Share i = f(i) is then
// checkable by its holder alone: f(i)·G = Σ_k C_k·i^k, and C_0 = a_0·G is the group key.
// The commitments reveal a_k·G, not a_k (discrete log), so secrecy is computational.
import { DecodeError, G1, decodePublicKey, deserializeG1, encodeG1, type G1Point } from './points.ts';
import { evalPoly, sharingPolynomial, ThresholdError, checkParams, type Dealt, type Share } from './threshold.ts';
import { CURVE_ORDER, scalarToSecretKey, secretKeyFromSeed, secretKeyToScalar } from './bls.ts';

/** A Dealt with the dealer's commitments: commitments[k] = a_k·G1, 48 bytes, k = 0..t−1. */
export interface FeldmanDealt extends Dealt { commitments: Uint8Array[] }

/** What a validator needs to check its share: the public part of a Feldman dealing. */
export interface FeldmanPublic { t: number; n: number; groupPublicKey: Uint8Array; commitments: readonly Uint8Array[] }

/** A share refused by its holder: `index` is the share's (the complaining validator's). */
export interface Complaint { index: number; reason: string }

/** C_k = a_k·G1 for every coefficient (Feldman 1987, §3: the dealer's broadcast). */
export function commit(coeffs: readonly bigint[]): G1Point[] {
  return coeffs.map((a) => (a === 0n ? G1.ZERO : G1.BASE.multiply(a)));
}

/**
 * Σ_k C_k·x^k, by Horner's rule in the exponent: (…(C_{t−1}·x + C_{t−2})·x + …)·x + C_0.
 * Share indices are small, so each step is a short scalar multiplication (not constant
 * time: commitments and indices are public). x must be an integer in 1..r−1.
 */
export function evalCommitments(commitments: readonly G1Point[], x: number | bigint): G1Point {
  const k = BigInt(x);
  if (k <= 0n || k >= CURVE_ORDER) throw new RangeError(`evalCommitments: expected x in 1..r-1, got ${k}`);
  let acc = G1.ZERO;
  for (let j = commitments.length - 1; j >= 0; j--) acc = (acc.is0() ? acc : acc.multiplyUnsafe(k)).add(commitments[j]!);
  return acc;
}

/**
 * Decodes t commitments (48-byte compressed G1 points, on the curve and in the subgroup).
 * The point at infinity is allowed (a coefficient may be 0) except for C_0, the group
 * key. Throws ThresholdError('malformed') naming the first bad one.
 */
export function decodeCommitments(where: string, t: number, commitments: readonly Uint8Array[]): G1Point[] {
  if (!Array.isArray(commitments) || commitments.length !== t)
    throw new ThresholdError('malformed', `${where}: expected ${t} commitments (one per coefficient), got ${Array.isArray(commitments) ? commitments.length : typeof commitments}`);
  return commitments.map((c, k) => {
    try {
      return k === 0 ? decodePublicKey(c, `${where}: commitment C_0`) : deserializeG1(c, `${where}: commitment C_${k}`);
    } catch (e) {
      if (e instanceof DecodeError) throw new ThresholdError('malformed', e.message);
      throw e;
    }
  });
}

/** The share public keys f(i)·G1 = Σ_k C_k·i^k for i = 1..n, from the commitments alone. */
export function sharePublicKeysFromCommitments(commitments: readonly G1Point[], n: number): Uint8Array[] {
  return Array.from({ length: n }, (_, i) => encodeG1(evalCommitments(commitments, i + 1)));
}

/**
 * Feldman dealing of `secretKey` t-of-n: the Shamir dealing of threshold.ts (same
 * polynomial as `dealFromSecret` for the same inputs) plus the commitments C_k = a_k·G1.
 * `coefficientSeed` must be secret and random (see dealFromSecret). Throws
 * ThresholdError('malformed') for bad t, n, key or seed, or a zero share.
 */
export function verifiableDealFromSecret(t: number, n: number, secretKey: Uint8Array, coefficientSeed: Uint8Array): FeldmanDealt {
  checkParams('verifiableDealFromSecret', t, n);
  const coeffs = sharingPolynomial('verifiableDealFromSecret', t, secretKey, coefficientSeed);
  const points = commit(coeffs);
  const shares: Share[] = [];
  for (let i = 1; i <= n; i++) {
    const s = evalPoly(coeffs, BigInt(i));
    if (s === 0n) throw new ThresholdError('malformed', `verifiableDealFromSecret: share ${i} is zero; use another coefficient seed`, i);
    shares.push({ index: i, secretKey: scalarToSecretKey(s) });
  }
  return {
    t, n, groupPublicKey: encodeG1(points[0]!), shares,
    sharePublicKeys: sharePublicKeysFromCommitments(points, n),
    commitments: points.map(encodeG1),
  };
}

/** Deterministic Feldman dealing from one ≥32-byte seed (sk = KeyGen(seed)), as `deal`: tests and vectors only. */
export function verifiableDeal(t: number, n: number, seed: Uint8Array): FeldmanDealt {
  checkParams('verifiableDeal', t, n);
  let sk: Uint8Array;
  try { sk = secretKeyFromSeed(seed); } catch (e) { throw new ThresholdError('malformed', (e as Error).message); }
  return verifiableDealFromSecret(t, n, sk, seed);
}

/** null when f(index)·G1 = Σ_k C_k·index^k for the secret share bytes, otherwise why not. */
export function shareMismatch(commitments: readonly G1Point[], index: number, secretKey: Uint8Array): string | null {
  let s: bigint;
  try { s = secretKeyToScalar(secretKey, `share ${index}`); } catch (e) { return (e as Error).message; }
  return G1.BASE.multiply(s).equals(evalCommitments(commitments, index))
    ? null
    : `share ${index} does not match the dealer's commitments (s·G ≠ Σ C_k·${index}^k)`;
}

/**
 * A validator's check of its share before it accepts it (Feldman 1987, §3): the
 * commitments decode (t of them, C_0 not infinity), C_0 is the published group key, the
 * index is in 1..n, and s·G1 = Σ_k C_k·index^k. Returns null when the share is good,
 * else a Complaint naming the index and the first failed check. Throws only on bad t/n.
 */
export function checkShare(pub: FeldmanPublic, share: Share): Complaint | null {
  checkParams('checkShare', pub.t, pub.n);
  const index = share?.index;
  if (typeof index !== 'number' || !Number.isSafeInteger(index) || index < 1 || index > pub.n)
    return { index: typeof index === 'number' ? index : NaN, reason: `share index ${String(index)} is not in 1..${pub.n}` };
  let points: G1Point[];
  try {
    points = decodeCommitments('checkShare', pub.t, pub.commitments);
  } catch (e) {
    return { index, reason: `share ${index}: the dealer's commitments are unusable: ${(e as Error).message}` };
  }
  if (!(pub.groupPublicKey instanceof Uint8Array) || !points[0]!.equals(safeKey(pub.groupPublicKey)))
    return { index, reason: `share ${index}: commitment C_0 is not the group public key` };
  const bad = shareMismatch(points, index, share.secretKey);
  return bad === null ? null : { index, reason: bad };
}

function safeKey(bytes: Uint8Array): G1Point {
  try { return decodePublicKey(bytes); } catch { return G1.ZERO; }
}

/**
 * The indices i in 1..n whose published share public key is not Σ_k C_k·i^k (empty when
 * every one matches): anyone can check a dealing's public keys against its commitments.
 * Throws ThresholdError('malformed') when the commitments do not decode or the list is
 * not n keys long.
 */
export function badSharePublicKeys(pub: FeldmanPublic & { sharePublicKeys: readonly Uint8Array[] }): number[] {
  checkParams('badSharePublicKeys', pub.t, pub.n);
  if (pub.sharePublicKeys.length !== pub.n)
    throw new ThresholdError('malformed', `badSharePublicKeys: expected ${pub.n} share public keys, got ${pub.sharePublicKeys.length}`);
  const points = decodeCommitments('badSharePublicKeys', pub.t, pub.commitments);
  const out: number[] = [];
  for (let i = 1; i <= pub.n; i++) {
    const key = safeKey(pub.sharePublicKeys[i - 1]!); // ZERO for bad bytes, which never matches a share key
    if (key.is0() || !key.equals(evalCommitments(points, i))) out.push(i);
  }
  return out;
}
