// Evidence at decided heights (issue 9 §3). A validator's conflicting vote often
// arrives after the height is decided; it is equivocation all the same, and evidence
// exists to punish it. The store therefore keeps the messages of the LAST decided
// height (StartHeight(h) drops heights <= h - 2, not h - 1: one height more, at most
// 4 types x n senders x (maxRound + 1) rounds messages), and a message for a decided
// height is checked against it before it is refused as past-height. Further back than
// the last decided height, nothing is kept and a conflict stays a past-height refusal.
import type { ConsensusState } from './state.ts';
import { held, sameContent } from './store.ts';
import type { ConsensusMessage } from './types.ts';

/** The heights whose messages the store still holds once decided: the current one, and the one before. */
export const DECIDED_HEIGHTS_KEPT = 1;

/** The height up to which StartHeight(height) may drop messages: the last decided one stays. */
export function dropBound(height: number): number {
  return height - 1 - DECIDED_HEIGHTS_KEPT;
}

/**
 * For `msg` at a height this process has decided (contract receive check 1 refuses it as
 * past-height): the stored message it conflicts with (same height, round, type and
 * sender, different content), or undefined. Only the decided heights still in the store
 * can be checked: the current one in step commit, and the last one. A COMMIT is not
 * checked (its conflict needs a certificate check; the model does the same), nor a
 * message in our own name (forged, as in receive: never evidence against ourselves),
 * nor a sender that already has two votes stored under the key (it equivocated before
 * the decision, and its evidence was output then; the model's ReceiveCtx likewise).
 */
export function decidedConflict(s: ConsensusState, self: string, msg: ConsensusMessage): ConsensusMessage | undefined {
  if (msg.type === 'COMMIT' || msg.src === self) return undefined;
  const stored = held(s.store, msg);
  const first = stored[0];
  return stored.length === 1 && first !== undefined && !sameContent(first, msg) ? first : undefined;
}
