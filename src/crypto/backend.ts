// The signature verifier behind one interface, with two implementations: noble
// (@noble/curves, pure TypeScript: the reference and the default) and blst
// (@chainsafe/blst, native, an optional dependency). Both speak the ciphersuite of
// bls.ts (min-pk, DST_SIG); proofs of possession, hashing to G2 under other tags,
// dealing and threshold combination stay on noble, the reference.
//
// Chosen by name: `--bls-backend noble|blst` on the commands that verify, or the
// environment variable HYBRID_BFT_BLS; default noble.

export const BACKEND_NAMES = ['noble', 'blst'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
/** The environment variable that picks the backend when no flag does. */
export const BACKEND_ENV = 'HYBRID_BFT_BLS';

/** A public key decoded and checked once (on the curve, in the subgroup, not infinity). */
export interface PreparedKey {
  readonly backend: BackendName;
  readonly bytes: Uint8Array;
}

/** One signature to check: an admitted key, the signed bytes, the signature's 96 bytes. */
export interface BatchItem {
  readonly key: PreparedKey;
  readonly message: Uint8Array;
  readonly signature: Uint8Array;
}

export interface BlsBackend {
  readonly name: BackendName;
  /** The library and its version, for reports ("@noble/curves 2.4.0"). */
  readonly library: string;
  /** Decodes a 48-byte key; throws DecodeError (length, infinity, invalid-point, type). */
  prepareKey(bytes: Uint8Array, where?: string): PreparedKey;
  /** Throws DecodeError when `bytes` is not a usable signature (as points.ts decodeSignature). */
  checkSignature(bytes: Uint8Array, where?: string): void;
  /** sk·H(msg) under DST_SIG, 96 bytes. Throws on an invalid secret key. */
  sign(secretKey: Uint8Array, message: Uint8Array): Uint8Array;
  /** true iff `signature` is `key`'s signature over `message`; false for undecodable bytes. */
  verify(key: PreparedKey, message: Uint8Array, signature: Uint8Array): boolean;
  /** One message, many admitted keys (proofs of possession checked); false for an empty list or bad bytes. */
  fastAggregateVerify(keys: readonly PreparedKey[], message: Uint8Array, signature: Uint8Array): boolean;
  /** The sum of the signatures. Throws DecodeError on a bad signature or an infinity sum, Error on an empty list. */
  aggregateSignatures(signatures: readonly Uint8Array[]): Uint8Array;
  /**
   * ONE randomized check of all items (batch.ts explains the randomization): true iff
   * every signature decodes and, except with probability below 2^-63, verifies. false
   * says that at least one item is bad, not which (batch.ts bisects). false for [].
   */
  verifyRandomized(items: readonly BatchItem[]): boolean;
}

/** Thrown for a backend name that does not exist or cannot load: a usage error. */
export class BackendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackendError';
  }
}

export function isBackendName(x: unknown): x is BackendName {
  return typeof x === 'string' && (BACKEND_NAMES as readonly string[]).includes(x);
}

/** `flag` (a command-line value), else $HYBRID_BFT_BLS, else 'noble'. Throws BackendError for anything else. */
export function backendNameFrom(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): BackendName {
  const raw = flag ?? env[BACKEND_ENV] ?? 'noble';
  if (!isBackendName(raw)) {
    const where = flag !== undefined ? '--bls-backend' : BACKEND_ENV;
    throw new BackendError(`${where}: expected noble or blst, got '${raw}'`);
  }
  return raw;
}

/** Throws TypeError when `key` was prepared by another backend (a bug in the caller). */
export function assertOwnKey(backend: BackendName, key: PreparedKey, where: string): void {
  if (key?.backend !== backend) throw new TypeError(`${where}: key prepared by ${String(key?.backend)}, not ${backend}`);
}

/** The DecodeError code for bytes a library refused: canonical infinity or anything else. */
export function refusalCode(bytes: Uint8Array): 'infinity' | 'invalid-point' {
  return bytes[0] === 0xc0 && bytes.subarray(1).every((b) => b === 0) ? 'infinity' : 'invalid-point';
}
