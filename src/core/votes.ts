// Tallies over the store: counts per value, distinct senders per round. The store
// keeps at most one vote per (sender, value) under a key, so a count per value counts
// senders, and an equivocator counts once towards each value it voted for (up to
// VOTE_SLOTS values); counts over any value count distinct senders (contract step 4).
import type { MessageStore } from './store.ts';
import { roundMessages } from './store.ts';
import type { ConsensusMessage, VoteValue } from './types.ts';

type VoteType = 'PREVOTE' | 'PRECOMMIT';

/** The stored votes of (height, round, type) for `value` (a value or nil). */
export function votesFor(store: MessageStore, height: number, round: number, type: VoteType, value: VoteValue): ConsensusMessage[] {
  return Object.values(roundMessages(store, height, round)[type]).flatMap((held) => held.filter((m) => m.value === value));
}

/** How many senders voted `value` in (height, round, type). */
export function countFor(store: MessageStore, height: number, round: number, type: VoteType, value: VoteValue): number {
  return votesFor(store, height, round, type, value).length;
}

/** How many distinct senders voted anything (values and nil mixed) in (height, round, type). */
export function countAny(store: MessageStore, height: number, round: number, type: VoteType): number {
  return Object.keys(roundMessages(store, height, round)[type]).length;
}

/** Votes per value in (height, round, type), for reports and tests. */
export function tally(store: MessageStore, height: number, round: number, type: VoteType): Map<VoteValue, number> {
  const t = new Map<VoteValue, number>();
  for (const held of Object.values(roundMessages(store, height, round)[type])) {
    for (const m of held) t.set(m.value, (t.get(m.value) ?? 0) + 1);
  }
  return t;
}

/**
 * Distinct senders of any PROPOSAL, PREVOTE or PRECOMMIT in (height, round): the f+1
 * count of paper L55. COMMIT is excluded (contract: round skip).
 */
export function roundSenders(store: MessageStore, height: number, round: number): number {
  const r = roundMessages(store, height, round);
  return new Set([...Object.keys(r.PROPOSAL), ...Object.keys(r.PREVOTE), ...Object.keys(r.PRECOMMIT)]).size;
}
