// What the vector checker needs from an implementation. The checker takes this as a
// parameter, so the same vectors check the in-process TypeScript implementation
// (src/vectors/reference.ts), a deliberately broken one (the negative control in
// test/vectors/) and an external driver process (src/vectors/driver.ts).
// Every method is async because a driver answers over a pipe.

/** Why a threshold combination is refused; the codes of ThresholdError in src/crypto/threshold.ts. */
export const COMBINE_ERRORS = ['too-few', 'duplicate-index', 'index-out-of-range', 'bad-partial', 'infinity', 'malformed'] as const;
export type CombineError = (typeof COMBINE_ERRORS)[number];

/** Why a commit certificate is refused. */
export const CERTIFICATE_REASONS = ['too-few', 'unknown-signer', 'duplicate-signer', 'infinity', 'bad-aggregate', 'malformed'] as const;
export type CertificateReason = (typeof CERTIFICATE_REASONS)[number];

export interface PartialSig { index: number; signature: Uint8Array }
export interface SharePublicKey { index: number; publicKey: Uint8Array }

export type CombineOutcome =
  | { ok: true; signature: Uint8Array }
  | { ok: false; error: CombineError; index?: number; detail?: string };

/** A collector verifies each partial, skips (and names) the bad ones, and combines the rest. */
export type CollectOutcome =
  | { ok: true; signature: Uint8Array; rejected: number[] }
  | { ok: false; error: CombineError; rejected: number[]; detail?: string };

export type CertificateOutcome =
  | { valid: true }
  | { valid: false; reason: CertificateReason; detail?: string };

export interface CertificateInput {
  /** The validator set in order; `pop` is each key's proof of possession. */
  validators: { id: string; publicKey: Uint8Array; pop: Uint8Array }[];
  quorum: number;
  /** The chain id inside the sign-bytes; `message` must equal PRECOMMIT(height, round, value)'s sign-bytes on it. */
  chainId: string;
  height: number;
  round: number;
  value: string;
  /** The sign-bytes of PRECOMMIT(height, round, value): what every signer signed. */
  message: Uint8Array;
  signers: string[];
  aggregate: Uint8Array;
  /** When present: the signer bitmap of the wire form, which must decode to exactly `signers`. */
  bitmap?: Uint8Array;
}

export interface VectorImpl {
  readonly name: string;
  /** BLS verify under `dst`; false for any invalid or malformed input. */
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array, dst: string): Promise<boolean>;
  verifyPartial(sharePublicKey: Uint8Array, message: Uint8Array, partial: PartialSig): Promise<boolean>;
  combine(t: number, n: number, message: Uint8Array, partials: PartialSig[]): Promise<CombineOutcome>;
  /** Verifies each partial against its share key, skips and names the bad ones, combines t good ones (checked under the group key). */
  collect(t: number, n: number, message: Uint8Array, groupPublicKey: Uint8Array, shares: SharePublicKey[], partials: PartialSig[]): Promise<CollectOutcome>;
  verifyCertificate(input: CertificateInput): Promise<CertificateOutcome>;
  /** Releases resources (a driver process); optional. */
  close?(): Promise<void>;
}
