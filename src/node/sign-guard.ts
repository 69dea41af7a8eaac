// The double-sign guard: remembers every PROPOSAL/PREVOTE/PRECOMMIT this validator has
// signed (loaded from the WAL on restart) and refuses a second one for the same
// (type, height, round) with another value or validRound. The core never asks for one;
// the guard is there for the day it does (a bug, a config change between restarts, a
// lost WAL tail that was not supposed to be lost), because equivocation is the one
// fault a correct validator must never commit.
import type { ConsensusMessage } from '../core/types.ts';

const slot = (m: ConsensusMessage): string => `${m.type}/${m.height}/${m.round}`;

export class SignGuard {
  private readonly signed = new Map<string, ConsensusMessage>();

  /** The earlier own message that `msg` conflicts with, or null when `msg` is safe to send. */
  conflict(msg: ConsensusMessage): ConsensusMessage | null {
    if (msg.type === 'COMMIT') return null; // a COMMIT relays a decision, it is not a vote
    const prev = this.signed.get(slot(msg));
    if (prev === undefined) return null;
    return prev.value === msg.value && prev.validRound === msg.validRound ? null : prev;
  }

  /** Remembers an own message. Throws if it conflicts (callers check `conflict` first). */
  record(msg: ConsensusMessage): void {
    if (msg.type === 'COMMIT') return;
    const prev = this.conflict(msg);
    if (prev !== null)
      throw new Error(`SignGuard.record: ${slot(msg)} value ${msg.value} conflicts with signed ${prev.value}`);
    this.signed.set(slot(msg), msg);
  }

  /** true iff this exact (type, height, round) slot has been signed. */
  has(msg: ConsensusMessage): boolean { return this.signed.has(slot(msg)); }

  /** Drops slots below `height` (their heights are decided; no vote there can matter). */
  forgetBelow(height: number): void {
    for (const [k, m] of this.signed) if (m.height < height) this.signed.delete(k);
  }

  get size(): number { return this.signed.size; }
}
