// The message store of one process: at most one message per (height, round, type,
// sender), as the contract's receive step 4 requires. Immutable: `insert` and
// `dropUpTo` copy only the path they change, so a step never mutates its input state.
import type { ConsensusMessage, MessageType, ValidatorId } from './types.ts';

export type SenderBox = Readonly<Record<ValidatorId, ConsensusMessage>>;
export type RoundMessages = Readonly<Record<MessageType, SenderBox>>;
export type HeightMessages = Readonly<Record<number, RoundMessages>>;
export type MessageStore = Readonly<Record<number, HeightMessages>>;

export type InsertResult =
  | { kind: 'stored'; store: MessageStore }
  | { kind: 'duplicate' }
  | { kind: 'conflict'; first: ConsensusMessage };

export const EMPTY_STORE: MessageStore = Object.freeze({});
const EMPTY_ROUND: RoundMessages = Object.freeze({ PROPOSAL: {}, PREVOTE: {}, PRECOMMIT: {}, COMMIT: {} });

function own<T>(rec: Readonly<Record<string | number, T>> | undefined, key: string | number): T | undefined {
  return rec !== undefined && Object.hasOwn(rec, key) ? rec[key] : undefined;
}

/** The messages of (height, round), or an empty record set. */
export function roundMessages(store: MessageStore, height: number, round: number): RoundMessages {
  return own(own(store, height), round) ?? EMPTY_ROUND;
}

/** The stored message of (height, round, type, src), if any. */
export function lookup(store: MessageStore, height: number, round: number, type: MessageType, src: ValidatorId): ConsensusMessage | undefined {
  return own(roundMessages(store, height, round)[type], src);
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

/** Stores `msg` unless its key is taken; a taken key is a duplicate or a conflict. */
export function insert(store: MessageStore, msg: ConsensusMessage): InsertResult {
  const first = lookup(store, msg.height, msg.round, msg.type, msg.src);
  if (first !== undefined) return sameContent(first, msg) ? { kind: 'duplicate' } : { kind: 'conflict', first };
  const h = own(store, msg.height) ?? {};
  const r = own(h, msg.round) ?? EMPTY_ROUND;
  const box: SenderBox = { ...r[msg.type], [msg.src]: msg };
  const round: RoundMessages = { ...r, [msg.type]: box };
  return { kind: 'stored', store: { ...store, [msg.height]: { ...h, [msg.round]: round } } };
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
      for (const box of Object.values(r)) n += Object.keys(box).length;
    }
  }
  return n;
}
