// The freedoms Algorithm 1 leaves open, and the contract's own bounds the verdict
// accepts an engine without (docs/contract.md, "What the verdict allows"). Each has one
// name, used in the enumerator (reactions.ts), in reports (counts of legal choices per
// freedom) and in the docs table, which is generated from this list.

export type Freedom =
  | 'rule-order'
  | 'skip-round'
  | 'decision-round'
  | 'commit-choice'
  | 'certificate-subset'
  | 'proposal-choice'
  | 'votes-beyond-slots'
  | 'output-order'
  | 'evidence-timing'
  | 'timeout-durations';

export interface FreedomInfo {
  name: Freedom;
  /** The paper's lines (or the contract section) that leave the choice open. */
  lines: string;
  /** The contract's fixed choice (what the reference core does, and --strict requires). */
  contract: string;
  /** What the verdict accepts instead. */
  verdict: string;
}

export const FREEDOMS: readonly FreedomInfo[] = Object.freeze([
  {
    name: 'rule-order', lines: 'L22–L56 (the upon-rules carry no order)',
    contract: 'fire the first enabled rule of the contract\'s list, repeatedly',
    verdict: 'any order of the enabled rules: every maximal sequence of firings from the state after the event',
  },
  {
    name: 'skip-round', lines: 'L55 ("f+1 ⟨∗, hp, round, ∗, ∗⟩ with round > roundp")',
    contract: 'StartRound of the largest qualifying round',
    verdict: 'StartRound of any qualifying round (the reaction then goes on from there)',
  },
  {
    name: 'decision-round', lines: 'L49 ("⟨PROPOSAL, hp, r, v, ∗⟩ … 2f+1 ⟨PRECOMMIT, hp, r, id(v)⟩", any r)',
    contract: 'the smallest round r with a proposal and a precommit quorum',
    verdict: 'any such round r',
  },
  {
    name: 'commit-choice', lines: 'contract "UponCommit" (height sync; not in the paper)',
    contract: 'the stored COMMIT of the smallest round, then the sender first in validator order',
    verdict: 'any stored valid COMMIT of the current height',
  },
  {
    name: 'certificate-subset', lines: 'L49–L51 (the decision needs 2f+1 precommits; which it carries is not said)',
    contract: 'every sender of a stored PRECOMMIT(h, r, v) (or the COMMIT\'s certificate)',
    verdict: 'any set of validators whose PRECOMMIT(h, r, v) the process holds (stored, or in a stored COMMIT\'s certificate) with a quorum of power',
  },
  {
    name: 'proposal-choice', lines: 'L22, L28, L36, L49 ("⟨PROPOSAL, hp, roundp, v, ∗⟩ from proposer(hp, roundp)": any received one)',
    contract: 'only the first stored proposal of (h, r) counts',
    verdict: 'either proposal of an equivocating proposer, chosen when the second arrives and kept for the round (an engine that switches between them within a round is not covered)',
  },
  {
    name: 'votes-beyond-slots', lines: 'L28, L34, L36, L44, L47, L49 count every message received; contract receive step 4 bounds them',
    contract: 'at most VoteSlots = 2 votes per sender and (h, r, type); later ones dropped',
    verdict: 'a vote beyond the slots may be stored and counted, or dropped (a third distinct vote can only come from a faulty sender); the first two must be counted',
  },
  {
    name: 'output-order', lines: 'the outputs of one step leave together (one atomic step; the network reorders anyway)',
    contract: 'outputs in firing order',
    verdict: 'the outputs of a step as a multiset',
  },
  {
    name: 'evidence-timing', lines: 'not in the paper (contract "Receiving a message": evidence)',
    contract: 'evidence output on every delivery of a conflicting message',
    verdict: 'judged over the trace: every evidence output names two conflicting messages the process received (sound), and every equivocation it accepted is reported at least once by the end (complete)',
  },
  {
    name: 'timeout-durations', lines: 'L21, L35, L48 with timeoutX(round) growing with the round (the paper\'s liveness argument)',
    contract: 'base + round × delta per kind (not compared)',
    verdict: 'any positive duration, strictly growing with the round per kind within a height (judged when the driver reports durationMs)',
  },
].map((f) => Object.freeze(f as FreedomInfo)));
