// BLS signatures over BLS12-381, min-pk (public keys 48-byte G1, signatures 96-byte G2),
// proof-of-possession ciphersuite of draft-irtf-cfrg-bls-signature-05 (the one Ethereum
// uses). This file only wraps noble: it validates bytes at the edge, rejects infinity
// points (noble accepts them) and fixes the domain separation tags.
//
// Rogue keys: `fastAggregateVerify` (many keys, one message) is only sound when every
// key's proof of possession was checked before the key was admitted (draft §3.3). noble
// does not do that; src/crypto/validators.ts does, at admission.
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { extract, expand } from '@noble/hashes/hkdf.js';
import { utf8ToBytes, concatBytes } from '@noble/hashes/utils.js';
import {
  G1, DecodeError, decodePublicKey, decodeSignature, encodeG1, encodeG2, SECRET_KEY_BYTES,
  type G1Point, type G2Point,
} from './points.ts';

export const DST_SIG = 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_';
export const DST_POP = 'BLS_POP_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_';

const sigs = bls12_381.longSignatures;
const Fr = bls12_381.fields.Fr;
/** The prime order r of G1, G2 and the scalar field Fr. */
export const CURVE_ORDER: bigint = Fr.ORDER;

function assertBytes(where: string, what: string, b: unknown): asserts b is Uint8Array {
  if (!(b instanceof Uint8Array)) throw new TypeError(`${where}: expected ${what} to be a Uint8Array, got ${typeof b}`);
}

/** Big-endian 32-byte scalar in 1..r-1. Throws otherwise (a zero key signs everything as infinity). */
export function secretKeyToScalar(sk: Uint8Array, where = 'secretKey'): bigint {
  assertBytes(where, 'secret key', sk);
  if (sk.length !== SECRET_KEY_BYTES) throw new Error(`${where}: expected ${SECRET_KEY_BYTES}-byte secret key, got ${sk.length}`);
  let x = 0n;
  for (const b of sk) x = (x << 8n) | BigInt(b);
  if (x === 0n || x >= CURVE_ORDER) throw new Error(`${where}: secret key must be in 1..r-1`);
  return x;
}

export function scalarToSecretKey(x: bigint, where = 'scalarToSecretKey'): Uint8Array {
  if (x <= 0n || x >= CURVE_ORDER) throw new Error(`${where}: scalar must be in 1..r-1`);
  return Fr.toBytes(x);
}

/**
 * KeyGen of draft-irtf-cfrg-bls-signature-05 §2.3 (HKDF-SHA256, salt
 * "BLS-SIG-KEYGEN-SALT-", L = 48), with empty key_info. Deterministic: for tests and
 * vectors only; a real key needs `seed` from a CSPRNG. Throws if seed < 32 bytes (§2.3).
 */
export function secretKeyFromSeed(seed: Uint8Array): Uint8Array {
  assertBytes('secretKeyFromSeed', 'seed', seed);
  if (seed.length < 32) throw new Error(`secretKeyFromSeed: expected at least 32-byte seed, got ${seed.length}`);
  const L = 48;
  let salt = utf8ToBytes('BLS-SIG-KEYGEN-SALT-');
  for (;;) {
    salt = sha256(salt);
    const prk = extract(sha256, concatBytes(seed, new Uint8Array([0])), salt);
    const okm = expand(sha256, prk, new Uint8Array([0, L]), L);
    let x = 0n;
    for (const b of okm) x = (x << 8n) | BigInt(b);
    x %= CURVE_ORDER;
    if (x !== 0n) return scalarToSecretKey(x);
  }
}

/** The 48-byte compressed G1 public key of `sk`. Throws on an invalid secret key. */
export function publicKey(sk: Uint8Array): Uint8Array {
  return encodeG1(G1.BASE.multiply(secretKeyToScalar(sk, 'publicKey')));
}

/**
 * A DST is the caller's choice, never peer data, so a bad one is a caller bug: throws
 * TypeError when it is not a string, Error when it is empty or longer than 255 bytes
 * (RFC 9380 §3.1 and §5.3.3: a non-empty tag of at most 255 bytes).
 */
function checkDst(where: string, dst: unknown): asserts dst is string {
  if (typeof dst !== 'string') throw new TypeError(`${where}: expected dst to be a string, got ${typeof dst}`);
  const len = utf8ToBytes(dst).length;
  if (len === 0 || len > 255) throw new Error(`${where}: expected a non-empty dst (RFC 9380) of at most 255 bytes, got ${JSON.stringify(dst.slice(0, 40))} (${len} bytes)`);
}

/** RFC 9380 hash_to_curve to G2 (XMD:SHA-256, SSWU, RO) under `dst`. Throws on a bad dst (see checkDst). */
export function hashToG2(msg: Uint8Array, dst: string = DST_SIG, where = 'hashToG2'): G2Point {
  assertBytes(where, 'message', msg);
  checkDst(where, dst);
  return sigs.hash(msg, dst);
}

/** sk · H(msg), 96 bytes. Throws on an invalid secret key, a non-bytes message or a bad dst. */
export function sign(sk: Uint8Array, msg: Uint8Array, dst: string = DST_SIG): Uint8Array {
  const x = secretKeyToScalar(sk, 'sign');
  assertBytes('sign', 'message', msg);
  return encodeG2(hashToG2(msg, dst, 'sign').multiply(x));
}

function pointsOrNull(pk: Uint8Array, sig: Uint8Array): [G1Point, G2Point] | null {
  try {
    return [decodePublicKey(pk), decodeSignature(sig)];
  } catch (e) {
    if (e instanceof DecodeError && e.code !== 'type') return null;
    throw e;
  }
}

/**
 * true iff `sig` is `pk`'s signature over `msg`. Returns false (never throws) for key or
 * signature bytes that are malformed, infinity, off-curve or outside the subgroup, since
 * those arrive from peers. Throws on caller bugs only: TypeError when an argument has
 * the wrong type, Error when `dst` is empty or longer than 255 bytes (RFC 9380), checked
 * before the bytes, so `verify(pk, m, sig, "")` throws whatever the key and signature.
 */
export function verify(pk: Uint8Array, msg: Uint8Array, sig: Uint8Array, dst: string = DST_SIG): boolean {
  assertBytes('verify', 'message', msg);
  checkDst('verify', dst);
  const pts = pointsOrNull(pk, sig);
  if (pts === null) return false;
  return sigs.verify(pts[1], hashToG2(msg, dst, 'verify'), pts[0]);
}

/** The decoded signature, or null when its bytes are not a valid point (wrong types still throw). */
export function signatureOrNull(sig: Uint8Array): G2Point | null {
  try {
    return decodeSignature(sig);
  } catch (e) {
    if (e instanceof DecodeError && e.code !== 'type') return null;
    throw e;
  }
}

/** `verify` with a key already decoded by `decodePublicKey` (e.g. cached by the validator set). */
export function verifyAdmitted(key: G1Point, msg: Uint8Array, sig: Uint8Array, dst: string = DST_SIG): boolean {
  assertBytes('verifyAdmitted', 'message', msg);
  checkDst('verifyAdmitted', dst);
  if (key.is0()) return false;
  const s = signatureOrNull(sig);
  if (s === null) return false;
  return sigs.verify(s, hashToG2(msg, dst, 'verifyAdmitted'), key);
}

/** Proof of possession: a signature over the public key's own bytes under DST_POP. */
export function popProve(sk: Uint8Array): Uint8Array {
  return sign(sk, publicKey(sk), DST_POP);
}

/** true iff `proof` proves possession of `pk`'s secret key; false for bad bytes, as `verify`. */
export function popVerify(pk: Uint8Array, proof: Uint8Array): boolean {
  assertBytes('popVerify', 'public key', pk);
  return verify(pk, pk, proof, DST_POP);
}

/**
 * Sum of the signatures. Throws on an empty list, on any malformed or infinity signature,
 * and when the sum is infinity (only opposite points give that: never honest signers).
 * Departure: Ethereum's Aggregate returns infinity for [infinity]; we refuse it.
 */
export function aggregateSignatures(signatures: Uint8Array[]): Uint8Array {
  if (!Array.isArray(signatures) || signatures.length === 0)
    throw new Error('aggregateSignatures: expected at least one signature, got 0');
  const pts = signatures.map((s, i) => decodeSignature(s, `aggregateSignatures: signature ${i}`));
  const sum = pts.reduce((a, p) => a.add(p));
  if (sum.is0()) throw new DecodeError('infinity', 'aggregateSignatures: aggregate is the point at infinity');
  return encodeG2(sum);
}

/**
 * Sum of public keys (decoded, infinity rejected). Throws like `aggregateSignatures`.
 * Safe only for keys whose proofs of possession were verified.
 */
export function aggregatePublicKeys(pks: Uint8Array[]): Uint8Array {
  if (!Array.isArray(pks) || pks.length === 0) throw new Error('aggregatePublicKeys: expected at least one public key, got 0');
  const sum = pks.map((p, i) => decodePublicKey(p, `aggregatePublicKeys: key ${i}`)).reduce((a, p) => a.add(p));
  if (sum.is0()) throw new DecodeError('infinity', 'aggregatePublicKeys: aggregate is the point at infinity');
  return encodeG1(sum);
}

/**
 * FastAggregateVerify (draft §3.3.4): one message, many signers, one pairing check.
 * PRECONDITION: every key's proof of possession was verified (rogue-key attacks).
 * Returns false for an empty key list and for any malformed/infinity key or signature.
 */
export function fastAggregateVerify(pks: Uint8Array[], msg: Uint8Array, sig: Uint8Array): boolean {
  assertBytes('fastAggregateVerify', 'message', msg);
  if (!Array.isArray(pks) || pks.length === 0) return false;
  let aggregate: Uint8Array;
  try {
    aggregate = aggregatePublicKeys(pks);
  } catch (e) {
    if (e instanceof DecodeError && e.code !== 'type') return false;
    throw e;
  }
  return verify(aggregate, msg, sig);
}

/**
 * fastAggregateVerify over keys already decoded by `decodePublicKey` (so not infinity)
 * and admitted with a verified proof of possession: saves one subgroup check per key
 * (the validator set caches its decoded keys). false for an empty list or a bad signature.
 */
export function fastAggregateVerifyAdmitted(keys: readonly G1Point[], msg: Uint8Array, sig: Uint8Array): boolean {
  assertBytes('fastAggregateVerifyAdmitted', 'message', msg);
  if (keys.length === 0) return false;
  const sum = keys.reduce((a, p) => a.add(p));
  if (sum.is0()) return false;
  const s = signatureOrNull(sig);
  if (s === null) return false;
  return sigs.verify(s, hashToG2(msg), sum);
}

/**
 * AggregateVerify (draft §3.1.1, POP variant: messages need not be distinct): n keys,
 * n messages, one aggregate signature. false on empty/mismatched lists or bad points.
 */
export function aggregateVerify(pks: Uint8Array[], msgs: Uint8Array[], sig: Uint8Array): boolean {
  if (!Array.isArray(pks) || !Array.isArray(msgs) || pks.length === 0 || pks.length !== msgs.length) return false;
  msgs.forEach((m) => assertBytes('aggregateVerify', 'message', m));
  let keys: G1Point[];
  let s: G2Point;
  try {
    keys = pks.map((p) => decodePublicKey(p));
    s = decodeSignature(sig);
  } catch (e) {
    if (e instanceof DecodeError && e.code !== 'type') return false;
    throw e;
  }
  return sigs.verifyBatch(s, keys.map((publicKey, i) => ({ publicKey, message: hashToG2(msgs[i]!) })));
}

/**
 * Ethereum's batch_verify: true iff EVERY (key, message, signature) triple verifies.
 * Checked one by one, not by a random linear combination: deterministic, and a "forged"
 * set whose invalid signatures cancel in the sum is refused. false for an empty list.
 */
export function batchVerify(items: readonly { publicKey: Uint8Array; message: Uint8Array; signature: Uint8Array }[]): boolean {
  if (!Array.isArray(items) || items.length === 0) return false;
  return items.every((it) => verify(it.publicKey, it.message, it.signature));
}
