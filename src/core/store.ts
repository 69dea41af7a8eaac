// The message store of one process (docs/contract.md, receive step 4): per (height,
// round, type, sender) one PROPOSAL or COMMIT, and at most VOTE_SLOTS votes for
// distinct values, in arrival order. Immutable: `insert` and `dropUpTo` copy only the
// path they change, so a step never mutates its input state.
import { own } from './ids.ts';
import type { ConsensusMessage, MessageType, ValidatorId } from './types.ts';

/**
 * How many PREVOTEs (or PRECOMMITs) of one sender in one (height, round) are stored and
 * counted, each for a different value: the paper counts distinct senders per value
 * (L28, L36, L49), so an equivocator's vote for v counts towards v's quorum even after
 * a vote for something else; the bound keeps a Byzantine sender from filling memory
 * with votes for many values. Later votes beyond it are dropped (the evidence was
 * output with the second). Contract constant; the TLA+ model's VoteSlots.
 */
export const VOTE_SLOTS = 2;

/** The messages of one sender under one key, first stored first (length 1..VOTE_SLOTS). */
export type SenderBox = Readonly<Record<ValidatorId, readonly ConsensusMessage[]>>;
export type RoundMessages = Readonly<Record<MessageType, SenderBox>>;
export type HeightMessages = Readonly<Record<number, RoundMessages>>;
export type MessageStore = Readonly<Record<number, HeightMessages>>;

export type InsertResult =
  | { kind: 'stored'; store: MessageStore }
  /** A vote for a second value: stored and counted, and evidence against its sender. */
  | { kind: 'equivocation'; store: MessageStore; first: ConsensusMessage }
  | { kind: 'duplicate' }
  /** A PROPOSAL or COMMIT that differs from the stored one: evidence, not stored. */
  | { kind: 'conflict'; first: ConsensusMessage }
  /** A vote of a sender that already has VOTE_SLOTS votes under this key: dropped. */
  | { kind: 'vote-limit'; first: ConsensusMessage };

export const EMPTY_STORE: MessageStore = Object.freeze({});
const EMPTY_ROUND: RoundMessages = Object.freeze({ PROPOSAL: {}, PREVOTE: {}, PRECOMMIT: {}, COMMIT: {} });

/** The messages of (height, round), or an empty record set. */
export function roundMessages(store: MessageStore, height: number, round: number): RoundMessages {
  return own(own(store, height), round) ?? EMPTY_ROUND;
}

/** The first stored message of (height, round, type, src), if any. */
export function lookup(store: MessageStore, height: number, round: number, type: MessageType, src: ValidatorId): ConsensusMessage | undefined {
  return own(roundMessages(store, height, round)[type], src)?.[0];
}

/** The rounds of `height` that hold messages, ascending. */
export function roundsOf(store: MessageStore, height: number): number[] {
  const h = own(store, height);
  return h === undefined ? [] : Object.keys(h).map(Number).sort((a, b) => a - b);
}

/**
 * Two messages with the same key are the same message when their contents agree
 * (contract step 4): for COMMIT the value, otherwise value and validRound. Signatures
 * and certificates are not compared (BLS signatures are deterministic; a COMMIT's
 * certificate may legitimately differ in its signer subset).
 */
export function sameContent(a: ConsensusMessage, b: ConsensusMessage): boolean {
  if (a.type === 'COMMIT') return a.value === b.value;
  return a.value === b.value && a.validRound === b.validRound;
}

/** The messages stored under `msg`'s key (height, round, type, sender), first stored first. */
export function held(store: MessageStore, msg: ConsensusMessage): readonly ConsensusMessage[] {
  return own(roundMessages(store, msg.height, msg.round)[msg.type], msg.src) ?? [];
}

/**
 * Stores `msg` (contract, receive step 4): an identical copy is a duplicate; under a
 * taken key a PROPOSAL or COMMIT is a conflict, a vote for another value is stored as
 * an equivocation while its sender has fewer than VOTE_SLOTS votes there, else dropped.
 */
export function insert(store: MessageStore, msg: ConsensusMessage): InsertResult {
  const stored = held(store, msg);
  const first = stored[0];
  if (first !== undefined) {
    if (stored.some((m) => sameContent(m, msg))) return { kind: 'duplicate' };
    if (msg.type === 'PROPOSAL' || msg.type === 'COMMIT') return { kind: 'conflict', first };
    if (stored.length >= VOTE_SLOTS) return { kind: 'vote-limit', first };
    return { kind: 'equivocation', store: put(store, msg, stored), first };
  }
  return { kind: 'stored', store: put(store, msg, stored) };
}

function put(store: MessageStore, msg: ConsensusMessage, held: readonly ConsensusMessage[]): MessageStore {
  const h = own(store, msg.height) ?? {};
  const r = own(h, msg.round) ?? EMPTY_ROUND;
  const box: SenderBox = { ...r[msg.type], [msg.src]: [...held, msg] };
  const round: RoundMessages = { ...r, [msg.type]: box };
  return { ...store, [msg.height]: { ...h, [msg.round]: round } };
}

/** Drops every message of heights <= `height` (they can no longer matter). */
export function dropUpTo(store: MessageStore, height: number): MessageStore {
  const out: Record<number, HeightMessages> = {};
  for (const k of Object.keys(store)) if (Number(k) > height) out[Number(k)] = store[Number(k)]!;
  return out;
}

/** How many messages are stored for heights > `height` (the future-height buffer). */
export function countAbove(store: MessageStore, height: number): number {
  let n = 0;
  for (const k of Object.keys(store)) {
    if (Number(k) <= height) continue;
    for (const r of Object.values(store[Number(k)]!)) {
      for (const box of Object.values(r)) for (const held of Object.values(box)) n += held.length;
    }
  }
  return n;
}
