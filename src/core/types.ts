// The data of the consensus core: events in, outputs out, and the projection that is
// compared with the TLA+ model. docs/contract.md is the authority; this file is its
// TypeScript form.

export type ValidatorId = string;
/** A proposed value (in production: the hash of a block / channel update). */
export type Value = string;
/** A vote for no value (paper: nil). */
export const NIL = 'nil';
/** "No value" for lockedValue / validValue (paper: nil, kept apart from a nil vote). */
export const NONE = 'none';
export type VoteValue = Value | typeof NIL;

export type Step = 'propose' | 'prevote' | 'precommit' | 'commit';
export type MessageType = 'PROPOSAL' | 'PREVOTE' | 'PRECOMMIT' | 'COMMIT';
export type TimeoutKind = 'propose' | 'prevote' | 'precommit';

/** The signers of a commit certificate, and (when signatures are real) their aggregate. */
export interface Certificate {
  /** Validators whose PRECOMMIT(height, round, value) the certificate carries, sorted. */
  signers: ValidatorId[];
  /** Aggregated BLS signature (96-byte G2), absent when signatures are abstract. */
  aggregate?: Uint8Array;
}

/** One record shape for every message type; docs/contract.md lists the neutral values. */
export interface ConsensusMessage {
  type: MessageType;
  src: ValidatorId;
  height: number;
  round: number;
  /** PROPOSAL/COMMIT: a value; PREVOTE/PRECOMMIT: a value or NIL. */
  value: VoteValue;
  /** PROPOSAL: -1 or the POL round; other types: -1. */
  validRound: number;
  /** COMMIT only. */
  cert?: Certificate;
  /** The sender's signature over the sign-bytes (absent when signatures are abstract). */
  signature?: Uint8Array;
}

export type ConsensusEvent =
  | { kind: 'StartHeight'; height: number; value: Value | typeof NONE }
  | { kind: 'Deliver'; msg: ConsensusMessage; value: Value | typeof NONE }
  | { kind: 'Timeout'; timeout: TimeoutKind; height: number; round: number; value: Value | typeof NONE }
  /** The answer to the getValue request of (height, round) (config.getValue = 'later-event'): `value`. */
  | { kind: 'ProposeValue'; height: number; round: number; value: Value | typeof NONE };

export interface Decision {
  value: Value;
  round: number;
  cert: Certificate;
}

export type RejectReason =
  | 'malformed'
  | 'unknown-sender'
  | 'bad-signature'
  | 'past-height'
  | 'future-height-buffer-full'
  | 'round-out-of-range'
  | 'not-proposer'
  | 'bad-certificate'
  /** A vote of a sender that already has VOTE_SLOTS votes for other values in (height, round, type). */
  | 'vote-limit'
  /** A message in our own name that we did not send (only a forgery can be; never stored). */
  | 'not-sent-by-self'
  /** A StartHeight that is not enabled (contract: only when step = "commit" and height = h - 1). */
  | 'not-enabled';

export type ConsensusOutput =
  | { kind: 'broadcast'; msg: ConsensusMessage }
  | { kind: 'scheduleTimeout'; timeout: TimeoutKind; height: number; round: number; durationMs: number }
  /** getValue() asked of the environment (config.getValue = 'later-event'); a ProposeValue event answers it. */
  | { kind: 'getValue'; height: number; round: number }
  | { kind: 'decide'; height: number; value: Value; round: number; cert: Certificate }
  | { kind: 'evidence'; src: ValidatorId; type: MessageType; height: number; round: number;
      first: ConsensusMessage; second: ConsensusMessage }
  | { kind: 'rejected'; reason: RejectReason; detail: string; msg?: ConsensusMessage };

/** Names of the event handlers and upon-rules, as in TLA+ and in traces. */
export type RuleName =
  | 'StartHeight' | 'Receive' | 'StartRound' | 'ProposeValue'
  | 'OnTimeoutPropose' | 'OnTimeoutPrevote' | 'OnTimeoutPrecommit'
  | 'UponProposalAndPrecommitValue' | 'UponCommit' | 'UponFPlusOneHigherRound'
  | 'UponProposalInPropose' | 'UponProposalInProposeAndPrevote' | 'UponQuorumPrevotesAny'
  | 'UponProposalInPrevoteOrCommitAndPrevote' | 'UponQuorumPrevotesNil' | 'UponQuorumPrecommitsAny';

/** The part of a process's state that is compared with the model after every step. */
export interface Projection {
  height: number;
  round: number;
  step: Step;
  lockedValue: Value | typeof NONE;
  lockedRound: number;
  validValue: Value | typeof NONE;
  validRound: number;
  decisions: Record<number, Decision>;
}

export function assertNever(x: never): never {
  throw new Error(`unreachable: ${JSON.stringify(x)}`);
}
