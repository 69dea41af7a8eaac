// What the pure core needs from cryptography, injected through its config. The core
// stays pure because every function here is deterministic (BLS signing is).
// Implementations: `trustingCrypto` below (abstract signatures: the recorded sender is
// trusted, as in the TLA+ model), and the BLS one in src/crypto/consensus.ts.
import { equalPower, powerOf, powerOfOne, type PowerTable } from './power.ts';
import { quorum } from './quorum.ts';
import type { Certificate, ConsensusMessage, Value, ValidatorId } from './types.ts';

export interface ConsensusCrypto {
  /** The signature of `self` over `msg`'s sign-bytes; undefined when signatures are abstract. */
  sign(msg: ConsensusMessage): Uint8Array | undefined;
  /** true iff `msg.signature` is `msg.src`'s valid signature over `msg`'s sign-bytes. */
  verify(msg: ConsensusMessage): boolean;
  /**
   * Optional, for drivers (the node batches its inbound messages): `verify` of each
   * message, in order, computed together. An implementation may remember the answers
   * so that the core's later `verify` of the same message object is free; the answers
   * must equal `verify`'s, so the core stays a pure function of its inputs.
   */
  verifyMany?(msgs: readonly ConsensusMessage[]): boolean[];
  /** Builds the certificate of a decision from the stored precommits for (height, round, value). */
  certify(height: number, round: number, value: Value, precommits: readonly ConsensusMessage[]): Certificate;
  /**
   * Checks a certificate carried by a COMMIT: signers distinct, in the validator set,
   * of quorum(total power) power together (quorum.ts; n - f of them under equal
   * power), and (with real signatures) the aggregate verifies.
   * Returns null when valid, otherwise a one-sentence reason.
   */
  checkCertificate(height: number, round: number, value: Value, cert: Certificate): string | null;
}

/**
 * Abstract signatures, as in the model: every message is taken as signed by its `src`,
 * and a certificate is valid when its distinct validators hold quorum(total power)
 * (quorum.ts, the one place thresholds are computed; n - f validators under equal
 * power, the default). Throws on an empty list.
 */
export function trustingCrypto(validators: readonly ValidatorId[], power: PowerTable = equalPower(validators)): ConsensusCrypto {
  const known = new Set(validators);
  const needed = quorum(powerOf(power, validators));
  const equal = validators.every((v) => powerOfOne(power, v) === 1);
  return Object.freeze({
    sign: () => undefined,
    verify: () => true,
    certify: (_h: number, _r: number, _v: Value, precommits: readonly ConsensusMessage[]) =>
      ({ signers: [...new Set(precommits.map((m) => m.src))].sort() }),
    checkCertificate: (_h: number, _r: number, _v: Value, cert: Certificate) => {
      const signers = new Set(cert.signers);
      if (signers.size !== cert.signers.length) return 'certificate lists a signer twice';
      for (const s of signers) if (!known.has(s)) return `certificate signer ${s} is not a validator`;
      const held = powerOf(power, signers);
      if (held < needed) return equal
        ? `certificate has ${signers.size} signers, needs ${needed}`
        : `certificate's signers hold power ${held}, needs ${needed}`;
      return null;
    },
  });
}
