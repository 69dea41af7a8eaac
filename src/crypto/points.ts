// Decoding of BLS12-381 points at the edge: every byte string that enters from a peer
// passes here once. noble's `fromBytes` checks the encoding flags, that the point is on
// the curve and in the prime-order subgroup; it ACCEPTS the point at infinity, which no
// key or signature of ours may be (an infinity key verifies nothing and an infinity
// signature "verifies" under the infinity key), so we reject it here.
import { bls12_381 } from '@noble/curves/bls12-381.js';

export const G1 = bls12_381.G1.Point;
export const G2 = bls12_381.G2.Point;
export type G1Point = InstanceType<typeof G1>;
export type G2Point = InstanceType<typeof G2>;

export const PUBLIC_KEY_BYTES = 48;
export const SIGNATURE_BYTES = 96;
export const SECRET_KEY_BYTES = 32;

export type DecodeErrorCode = 'type' | 'length' | 'infinity' | 'invalid-point';

/** A byte string that is not a usable key or signature; `code` says which check failed. */
export class DecodeError extends Error {
  readonly code: DecodeErrorCode;
  constructor(code: DecodeErrorCode, message: string) {
    super(message);
    this.name = 'DecodeError';
    this.code = code;
  }
}

/** Throws DecodeError('type') for a non-Uint8Array, DecodeError('length') for a wrong length. */
export function checkBytes(where: string, bytes: unknown, len: number): asserts bytes is Uint8Array {
  if (!(bytes instanceof Uint8Array)) throw new DecodeError('type', `${where}: expected Uint8Array, got ${typeof bytes}`);
  if (bytes.length !== len) throw new DecodeError('length', `${where}: expected ${len} bytes, got ${bytes.length}`);
}

/**
 * Decodes a compressed G1 point, infinity INCLUDED (the Ethereum deserialization vectors
 * treat it as a valid encoding). Throws DecodeError on wrong length, flags, off-curve
 * or out-of-subgroup points. Use `decodePublicKey` for keys.
 */
export function deserializeG1(bytes: Uint8Array, where = 'deserializeG1'): G1Point {
  checkBytes(where, bytes, PUBLIC_KEY_BYTES);
  try {
    return G1.fromBytes(bytes);
  } catch (e) {
    throw new DecodeError('invalid-point', `${where}: not a valid G1 point (${(e as Error).message})`);
  }
}

/** As `deserializeG1` for compressed G2 points (96 bytes). */
export function deserializeG2(bytes: Uint8Array, where = 'deserializeG2'): G2Point {
  checkBytes(where, bytes, SIGNATURE_BYTES);
  try {
    return bls12_381.longSignatures.Signature.fromBytes(bytes);
  } catch (e) {
    throw new DecodeError('invalid-point', `${where}: not a valid G2 point (${(e as Error).message})`);
  }
}

/** A public key: a 48-byte G1 point in the subgroup, not infinity. Throws DecodeError otherwise. */
export function decodePublicKey(bytes: Uint8Array, where = 'decodePublicKey'): G1Point {
  const p = deserializeG1(bytes, where);
  if (p.is0()) throw new DecodeError('infinity', `${where}: point at infinity`);
  return p;
}

// Decoding a signature (square root in Fp2, then the subgroup check) costs about a
// tenth of a verification in noble, and one partial signature is decoded by the batch
// check, then again by combine. So successes are remembered per byte array, with a copy
// of its content that must still match (a caller may reuse or mutate the array).
const decodedSignatures = new WeakMap<Uint8Array, { copy: Uint8Array; point: G2Point }>();

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A signature: a 96-byte G2 point in the subgroup, not infinity. Throws DecodeError otherwise. */
export function decodeSignature(bytes: Uint8Array, where = 'decodeSignature'): G2Point {
  const known = bytes instanceof Uint8Array ? decodedSignatures.get(bytes) : undefined;
  if (known !== undefined && sameBytes(known.copy, bytes)) return known.point;
  const p = deserializeG2(bytes, where);
  if (p.is0()) throw new DecodeError('infinity', `${where}: point at infinity`);
  decodedSignatures.set(bytes, { copy: bytes.slice(), point: p });
  return p;
}

export function encodeG1(p: G1Point): Uint8Array {
  return p.toBytes(true);
}

export function encodeG2(p: G2Point): Uint8Array {
  return bls12_381.longSignatures.Signature.toBytes(p);
}
