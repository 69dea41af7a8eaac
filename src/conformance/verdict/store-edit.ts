// Two edits of a message store the contract's `insert` never makes, for the verdict's
// alternatives at receipt (reactions.ts): a vote kept beyond the contract's slots, and
// an equivocating proposer's later proposal taken in place of its first. Both copy the
// path they change, as the core's store does (the input is never mutated).
import type { HeightMessages, MessageStore, RoundMessages } from '../../core/store.ts';
import { copyMessage } from '../../core/messages.ts';
import type { ConsensusMessage } from '../../core/types.ts';

const EMPTY_ROUND: RoundMessages = Object.freeze({ PROPOSAL: {}, PREVOTE: {}, PRECOMMIT: {}, COMMIT: {} });

function own<T>(rec: Readonly<Record<string | number, T>> | undefined, key: string | number): T | undefined {
  return rec !== undefined && Object.hasOwn(rec, key) ? rec[key] : undefined;
}

function withBox(store: MessageStore, msg: ConsensusMessage, box: (held: readonly ConsensusMessage[]) => readonly ConsensusMessage[]): MessageStore {
  const h: HeightMessages = own(store, msg.height) ?? {};
  const r: RoundMessages = own(h, msg.round) ?? EMPTY_ROUND;
  const held = own(r[msg.type], msg.src) ?? [];
  const round: RoundMessages = { ...r, [msg.type]: { ...r[msg.type], [msg.src]: box(held) } };
  return { ...store, [msg.height]: { ...h, [msg.round]: round } };
}

/** `msg` appended to its sender's box, whatever the slots hold (the paper keeps every vote). */
export function addMessage(store: MessageStore, msg: ConsensusMessage): MessageStore {
  return withBox(store, msg, (held) => [...held, copyMessage(msg)]);
}

/** `msg` as the only message of its key (the proposal of (h, r) that counts, in place of the first). */
export function replaceProposal(store: MessageStore, msg: ConsensusMessage): MessageStore {
  return withBox(store, msg, () => [copyMessage(msg)]);
}

/** The store without `msg` (an own broadcast of a reaction the implementation did not take). */
export function removeMessage(store: MessageStore, msg: ConsensusMessage): MessageStore {
  return withBox(store, msg, (held) => held.filter((m) => !(m.value === msg.value && m.validRound === msg.validRound)));
}
