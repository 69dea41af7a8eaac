// The state of one process (docs/contract.md, "Process state") and its projection.
import { EMPTY_STORE, type MessageStore } from './store.ts';
import { NONE, type Decision, type Projection, type Step, type Value } from './types.ts';

/** The paper's "for the first time" guards (L34, L36, L47), per round; StartRound clears them. */
export interface RoundFlags {
  /** L34 fired in this round: timeoutPrevote scheduled. */
  readonly prevoteQuorum: boolean;
  /** L36 fired in this round. */
  readonly polka: boolean;
  /** L47 fired in this round: timeoutPrecommit scheduled. */
  readonly precommitQuorum: boolean;
}

export interface ConsensusState {
  readonly height: number;
  readonly round: number;
  readonly step: Step;
  readonly lockedValue: Value | typeof NONE;
  readonly lockedRound: number;
  readonly validValue: Value | typeof NONE;
  readonly validRound: number;
  readonly decisions: Readonly<Record<number, Decision>>;
  readonly flags: RoundFlags;
  /**
   * Every accepted message of the current and future heights, own ones included (the
   * paper's message log; our own PROPOSAL is the paper's `proposal` variable).
   */
  readonly store: MessageStore;
  /**
   * Our own messages as sent, when they count only once delivered back
   * (config.ownMessages = 'delivered-back'): what a delivered message in our name is
   * checked against, and what we have proposed. Empty otherwise (`store` holds them).
   */
  readonly sent: MessageStore;
}

export const NO_FLAGS: RoundFlags = Object.freeze({ prevoteQuorum: false, polka: false, precommitQuorum: false });

/**
 * Height firstHeight - 1 (0 by default), committed: the state before
 * StartHeight(firstHeight) (contract: "the height before the first is committed").
 */
export function initialState(firstHeight = 1): ConsensusState {
  return {
    height: firstHeight - 1, round: 0, step: 'commit',
    lockedValue: NONE, lockedRound: -1, validValue: NONE, validRound: -1,
    decisions: {}, flags: NO_FLAGS, store: EMPTY_STORE, sent: EMPTY_STORE,
  };
}

/** The part compared with the model after every step (a fresh object, safe to keep). */
export function projectState(s: ConsensusState): Projection {
  const decisions: Projection['decisions'] = {};
  for (const [h, d] of Object.entries(s.decisions)) {
    const cert = d.cert.aggregate === undefined
      ? { signers: [...d.cert.signers] }
      : { signers: [...d.cert.signers], aggregate: d.cert.aggregate.slice() };
    decisions[Number(h)] = { value: d.value, round: d.round, cert };
  }
  return {
    height: s.height, round: s.round, step: s.step,
    lockedValue: s.lockedValue, lockedRound: s.lockedRound,
    validValue: s.validValue, validRound: s.validRound,
    decisions,
  };
}
