// t-of-n threshold BLS. The secret is shared with Shamir's scheme over Fr (Shamir,
// "How to share a secret", CACM 1979): a random polynomial f of degree t-1 with
// f(0) = sk, share i = f(i) for i = 1..n. A partial signature is an ordinary BLS
// signature under the share key, σ_i = f(i)·H(m); any t of them combine by Lagrange
// interpolation in the exponent, σ = Σ λ_i·σ_i = f(0)·H(m) (Boldyreva, PKC 2003, §5),
// which is a plain BLS signature under the group key sk·G1.
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { extract, expand } from '@noble/hashes/hkdf.js';
import { utf8ToBytes, concatBytes } from '@noble/hashes/utils.js';
import { CURVE_ORDER, DST_SIG, publicKey, scalarToSecretKey, secretKeyFromSeed, secretKeyToScalar, sign, verify } from './bls.ts';
import { msm } from './msm.ts';
import { G2, DecodeError, decodeSignature, encodeG2, type G2Point } from './points.ts';

const Fr = bls12_381.fields.Fr;
const FR_BITS = Fr.BITS; // 255

export interface Partial { index: number; signature: Uint8Array }
export interface Share { index: number; secretKey: Uint8Array }
export interface Dealt {
  t: number;
  n: number;
  groupPublicKey: Uint8Array;
  shares: Share[];
  /** sharePublicKeys[i-1] is the key of share index i. */
  sharePublicKeys: Uint8Array[];
}

export type ThresholdErrorCode = 'too-few' | 'duplicate-index' | 'index-out-of-range' | 'bad-partial' | 'infinity' | 'malformed';

export class ThresholdError extends Error {
  readonly code: ThresholdErrorCode;
  readonly index?: number;
  constructor(code: ThresholdErrorCode, message: string, index?: number) {
    super(message);
    this.name = 'ThresholdError';
    this.code = code;
    if (index !== undefined) this.index = index;
  }
}

/** Throws ThresholdError('malformed') unless 1 ≤ t ≤ n are integers. */
export function checkParams(where: string, t: number, n: number): void {
  if (!Number.isSafeInteger(n) || n < 1) throw new ThresholdError('malformed', `${where}: n must be a positive integer, got ${n}`);
  if (!Number.isSafeInteger(t) || t < 1 || t > n) throw new ThresholdError('malformed', `${where}: t must be an integer in 1..${n}, got ${t}`);
}

/** Runs `f` (a secret key or seed check of bls.ts); its Error becomes ThresholdError('malformed') with the same message. */
function malformedKey<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof Error) throw new ThresholdError('malformed', e.message);
    throw e;
  }
}

/** Coefficient j ≥ 1 of the sharing polynomial: HKDF-SHA256 over (sk ‖ seed), 48 bytes mod r. */
function coefficient(prk: Uint8Array, j: number): bigint {
  const info = concatBytes(utf8ToBytes('hybrid-bft/shamir/coefficient/v1'), new Uint8Array([j >>> 24, (j >>> 16) & 255, (j >>> 8) & 255, j & 255]));
  let x = 0n;
  for (const b of expand(sha256, prk, info, 48)) x = (x << 8n) | BigInt(b);
  return x % CURVE_ORDER; // 48 bytes mod r: bias below 2^-128 (the draft's KeyGen argument)
}

/** Horner evaluation of f at x over Fr: f(x) = Σ coeffs[j]·x^j. */
export function evalPoly(coeffs: readonly bigint[], x: bigint): bigint {
  let acc = 0n;
  for (let j = coeffs.length - 1; j >= 0; j--) acc = Fr.add(Fr.mul(acc, x), coeffs[j]!);
  return acc;
}

/**
 * The coefficients [a_0 = secretKey, a_1, ..., a_{t-1}] of a sharing polynomial of degree
 * t−1 over Fr, a_j (j ≥ 1) from HKDF-SHA256(secretKey ‖ coefficientSeed). Deterministic;
 * whoever knows them knows every share. Throws ThresholdError('malformed') for a secret
 * key that is not 32 bytes in 1..r-1 or a seed that is not bytes (`where` names the caller).
 */
export function sharingPolynomial(where: string, t: number, secretKey: Uint8Array, coefficientSeed: Uint8Array): bigint[] {
  const a0 = malformedKey(() => secretKeyToScalar(secretKey, where));
  if (!(coefficientSeed instanceof Uint8Array)) throw new ThresholdError('malformed', `${where}: expected coefficientSeed to be a Uint8Array`);
  const prk = extract(sha256, concatBytes(secretKey, coefficientSeed), utf8ToBytes('hybrid-bft/shamir/v1'));
  const coeffs = [a0];
  for (let j = 1; j < t; j++) coeffs.push(coefficient(prk, j));
  return coeffs;
}

/**
 * Shares `secretKey` t-of-n (Shamir 1979). The coefficients a_1..a_{t-1} derive from
 * HKDF(secretKey ‖ coefficientSeed): `coefficientSeed` must be secret, since anyone who
 * knows the coefficients and one share learns the secret. Deterministic (for vectors);
 * a dealer in production passes 32 CSPRNG bytes. Throws ThresholdError('malformed') for
 * bad t or n, a secret key that is not 32 bytes in 1..r-1, or a seed that is not bytes.
 */
export function dealFromSecret(t: number, n: number, secretKey: Uint8Array, coefficientSeed: Uint8Array): Dealt {
  checkParams('dealFromSecret', t, n);
  const coeffs = sharingPolynomial('dealFromSecret', t, secretKey, coefficientSeed);
  const shares: Share[] = [];
  for (let i = 1; i <= n; i++) {
    const s = evalPoly(coeffs, BigInt(i)); // share i = f(i)
    // f(i) = 0 has probability ~n/r; a zero share would have an infinity key, so refuse.
    if (s === 0n) throw new ThresholdError('malformed', `dealFromSecret: share ${i} is zero; use another coefficient seed`, i);
    shares.push({ index: i, secretKey: scalarToSecretKey(s) });
  }
  return { t, n, groupPublicKey: publicKey(secretKey), shares, sharePublicKeys: shares.map((s) => publicKey(s.secretKey)) };
}

/**
 * Deterministic dealing from one ≥32-byte seed: sk = KeyGen(seed), coefficients from seed.
 * Test/vector path. Throws ThresholdError('malformed') for bad t, n or seed.
 */
export function deal(t: number, n: number, seed: Uint8Array): Dealt {
  checkParams('deal', t, n);
  return dealFromSecret(t, n, malformedKey(() => secretKeyFromSeed(seed)), seed);
}

function checkIndex(where: string, index: unknown, n: number): number {
  if (typeof index !== 'number' || !Number.isSafeInteger(index))
    throw new ThresholdError('malformed', `${where}: share index must be an integer, got ${String(index)}`);
  if (index < 1 || index > n) throw new ThresholdError('index-out-of-range', `${where}: share index ${index} out of range 1..${n}`, index);
  return index;
}

/**
 * σ_i = s_i · H(msg) under DST_SIG: the partial verifies as a plain signature under the
 * share key. Throws ThresholdError('malformed') for an index that is not a positive
 * integer or a secret key that is not 32 bytes in 1..r-1.
 */
export function partialSign(share: Share, msg: Uint8Array): Partial {
  const index = share?.index;
  if (typeof index !== 'number' || !Number.isSafeInteger(index) || index < 1)
    throw new ThresholdError('malformed', `partialSign: share index must be a positive integer, got ${String(index)}`);
  malformedKey(() => secretKeyToScalar(share.secretKey, 'partialSign'));
  return { index, signature: sign(share.secretKey, msg, DST_SIG) };
}

/** true iff `p.signature` is the share key's signature over msg; false for bad bytes. */
export function verifyPartial(sharePublicKey: Uint8Array, msg: Uint8Array, p: Partial): boolean {
  return verify(sharePublicKey, msg, p.signature, DST_SIG);
}

/**
 * λ_i = Π_{j≠i} x_j / (x_j − x_i) over Fr: the Lagrange basis at 0 (Shamir 1979,
 * Boldyreva 2003 §5). The |S| denominators are inverted with ONE field inversion
 * (Montgomery's trick: invert the product, then peel off prefix products).
 * Throws ThresholdError for an empty list, a non-positive, duplicate or ≥ r index.
 */
export function lagrangeAtZero(indices: readonly number[]): bigint[] {
  if (indices.length === 0) throw new ThresholdError('too-few', 'lagrangeAtZero: need at least 1 index, got 0');
  const xs = indices.map((i) => BigInt(checkIndex('lagrangeAtZero', i, Number.MAX_SAFE_INTEGER)));
  const seen = new Set<bigint>();
  for (const x of xs) {
    if (seen.has(x)) throw new ThresholdError('duplicate-index', `lagrangeAtZero: duplicate share index ${x}`, Number(x));
    seen.add(x);
  }
  const num: bigint[] = [];
  const den: bigint[] = [];
  for (let i = 0; i < xs.length; i++) {
    let a = 1n;
    let b = 1n;
    for (let j = 0; j < xs.length; j++) {
      if (j === i) continue;
      a = Fr.mul(a, xs[j]!);
      b = Fr.mul(b, Fr.sub(xs[j]!, xs[i]!));
    }
    num.push(a);
    den.push(b);
  }
  // Montgomery's trick: prefix[i] = den_0 ⋯ den_{i-1}; one inversion of the full product.
  const prefix: bigint[] = [];
  let acc = 1n;
  for (const d of den) { prefix.push(acc); acc = Fr.mul(acc, d); }
  let inv = Fr.inv(acc);
  const out = new Array<bigint>(xs.length);
  for (let i = xs.length - 1; i >= 0; i--) {
    out[i] = Fr.mul(num[i]!, Fr.mul(inv, prefix[i]!)); // inv·prefix_i = 1/den_i
    inv = Fr.mul(inv, den[i]!);
  }
  return out;
}

/**
 * Validates EVERY partial (index in 1..n, distinct, a valid non-infinity G2 point) and
 * returns the first t, decoded: extra partials are not used, and not accepted unread
 * either. Throws ThresholdError.
 */
function prepare(where: string, t: number, n: number, partials: readonly Partial[]): { indices: number[]; points: G2Point[] } {
  checkParams(where, t, n);
  if (!Array.isArray(partials)) throw new ThresholdError('malformed', `${where}: expected an array of partials`);
  if (partials.length < t) throw new ThresholdError('too-few', `${where}: need ${t} partials, got ${partials.length}`);
  const seen = new Set<number>();
  for (const p of partials) {
    const i = checkIndex(where, p?.index, n);
    if (seen.has(i)) throw new ThresholdError('duplicate-index', `${where}: duplicate share index ${i}`, i);
    seen.add(i);
  }
  // Any t distinct points determine f; the first t are used, but all must decode.
  const points = partials.map((p) => {
    try {
      return decodeSignature(p.signature, `${where}: partial ${p.index}`);
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      throw new ThresholdError(e.code === 'infinity' ? 'infinity' : 'malformed', e.message, p.index);
    }
  });
  return { indices: partials.slice(0, t).map((p) => p.index), points: points.slice(0, t) };
}

function finish(where: string, sum: G2Point): Uint8Array {
  // Distinct valid partials never sum to infinity; crafted ones can.
  if (sum.is0()) throw new ThresholdError('infinity', `${where}: combined signature is the point at infinity`);
  return encodeG2(sum);
}

/**
 * σ = Σ λ_i σ_i over the first t partials, as ONE multi-scalar multiplication (the
 * bucket method of msm.ts over the 255 bits of Fr).
 * Every partial given, including those past the first t, must have an index in 1..n,
 * distinct, and decode to a non-infinity G2 point. Does not verify the partials (see
 * SignatureCollector) nor the result (see SignatureAggregator). Throws ThresholdError:
 * too-few, duplicate-index, index-out-of-range, malformed, infinity.
 */
export function combine(t: number, n: number, partials: readonly Partial[]): Uint8Array {
  const { indices, points } = prepare('combine', t, n, partials);
  return finish('combine', msm(G2.ZERO, points, lagrangeAtZero(indices), FR_BITS));
}

/** Same result as `combine`, with t separate scalar multiplications (the benchmark's baseline). */
export function combineNaive(t: number, n: number, partials: readonly Partial[]): Uint8Array {
  const { indices, points } = prepare('combineNaive', t, n, partials);
  const lambdas = lagrangeAtZero(indices);
  return finish('combineNaive', points.reduce((acc, p, k) => acc.add(p.multiply(lambdas[k]!)), G2.ZERO));
}
