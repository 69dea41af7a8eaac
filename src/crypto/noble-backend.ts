// The reference backend: @noble/curves through bls.ts and points.ts, plus the
// randomized batch check (batch.ts explains why the coefficients are random).
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { aggregateSignatures, hashToG2, sign, signatureOrNull } from './bls.ts';
import { assertOwnKey, type BatchItem, type BlsBackend, type PreparedKey } from './backend.ts';
import { msm } from './msm.ts';
import { G1, G2, decodePublicKey, decodeSignature, type G1Point, type G2Point } from './points.ts';

const sigs = bls12_381.longSignatures;
const Fp12 = bls12_381.fields.Fp12;
/** Bits of each random coefficient: a bad batch passes with probability at most 2^-(BITS-1). */
export const COEFFICIENT_BITS = 64;

/** A key decoded by noble: the point rides along with its bytes. */
export class NobleKey implements PreparedKey {
  readonly backend = 'noble' as const;
  constructor(readonly bytes: Uint8Array, readonly point: G1Point) {}
}

/**
 * k coefficients, uniform in 1..2^64-1, from noble's randomBytes, i.e. the platform
 * CSPRNG (crypto.getRandomValues). They must be unpredictable to whoever chose the
 * signatures: the batch is sound only because a signer cannot guess them.
 */
export function randomCoefficients(k: number): bigint[] {
  const out: bigint[] = [];
  while (out.length < k) {
    const b = randomBytes(8);
    let x = 0n;
    for (const byte of b) x = (x << 8n) | BigInt(byte);
    if (x !== 0n) out.push(x);
  }
  return out;
}

function key(k: PreparedKey, where: string): G1Point {
  assertOwnKey('noble', k, where);
  if (!(k instanceof NobleKey)) throw new TypeError(`${where}: not a key prepared by the noble backend`);
  return k.point;
}

/**
 * e(g1, Σ r_i σ_i) = Π_m e(Σ_{i: m_i = m} r_i pk_i, H(m)), checked as one multi-pairing
 * with one final exponentiation: two pairings when every item signs the same message.
 */
function randomizedCheck(items: readonly BatchItem[], coefficients: (k: number) => bigint[]): boolean {
  if (items.length === 0) return false;
  const points: G2Point[] = [];
  for (const it of items) {
    const s = signatureOrNull(it.signature);
    if (s === null) return false;
    points.push(s);
  }
  const r = coefficients(items.length);
  const groups = new Map<string, { message: Uint8Array; keys: G1Point[]; r: bigint[] }>();
  items.forEach((it, i) => {
    const id = Buffer.from(it.message).toString('hex');
    let g = groups.get(id);
    if (g === undefined) groups.set(id, (g = { message: it.message, keys: [], r: [] }));
    g.keys.push(key(it.key, 'verifyRandomized'));
    g.r.push(r[i]!);
  });
  const sum = msm(G2.ZERO, points, r, COEFFICIENT_BITS);
  const pairs = [...groups.values()].map((g) => ({ g1: msm(G1.ZERO, g.keys, g.r, COEFFICIENT_BITS), g2: hashToG2(g.message) }));
  // A zero side cannot pair (noble throws); it never happens for honest items, so the
  // batch is declared bad and bisection finds the culprit by single verifications.
  if (sum.is0() || pairs.some((p) => p.g1.is0())) return false;
  pairs.push({ g1: G1.BASE.negate(), g2: sum });
  return Fp12.eql(bls12_381.pairingBatch(pairs), Fp12.ONE);
}

export interface NobleOptions {
  /**
   * The coefficient source, for tests only: `() => ones` turns the check into the
   * unrandomized sum, which a crafted pair of bad signatures passes (test/crypto/batch.test.ts).
   */
  coefficients?: (k: number) => bigint[];
}

export function nobleBackend(opts: NobleOptions = {}): BlsBackend {
  const coefficients = opts.coefficients ?? randomCoefficients;
  return Object.freeze({
    name: 'noble' as const,
    library: `@noble/curves`,
    prepareKey: (bytes: Uint8Array, where = 'prepareKey') => {
      const point = decodePublicKey(bytes, where); // DecodeError('type') before bytes.slice() on a non-Uint8Array, as blst's checkBytes
      return new NobleKey(bytes.slice(), point);
    },
    checkSignature: (bytes: Uint8Array, where = 'signature') => { decodeSignature(bytes, where); },
    sign: (sk: Uint8Array, msg: Uint8Array) => sign(sk, msg),
    verify(k: PreparedKey, msg: Uint8Array, sig: Uint8Array): boolean {
      const pk = key(k, 'verify');
      const s = signatureOrNull(sig);
      return s !== null && sigs.verify(s, hashToG2(msg), pk);
    },
    fastAggregateVerify(keys: readonly PreparedKey[], msg: Uint8Array, sig: Uint8Array): boolean {
      if (keys.length === 0) return false;
      const sum = keys.map((k) => key(k, 'fastAggregateVerify')).reduce((a, p) => a.add(p));
      const s = signatureOrNull(sig);
      return s !== null && !sum.is0() && sigs.verify(s, hashToG2(msg), sum);
    },
    aggregateSignatures: (list: readonly Uint8Array[]) => aggregateSignatures([...list]),
    verifyRandomized: (items: readonly BatchItem[]) => randomizedCheck(items, coefficients),
  });
}
