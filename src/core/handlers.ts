// The event handlers (docs/contract.md, "Events"): StartHeight, the three timeouts
// (paper L57–L67) and the receipt of a message. Each records its name in `fired`
// first; the reaction (reaction.ts) runs after it.
import { broadcast, getValue, startRound } from './actions.ts';
import type { Ctx } from './context.ts';
import { copyMessage, describe } from './messages.ts';
import { NO_FLAGS } from './state.ts';
import { countAbove, dropUpTo, insert, lookup, VOTE_SLOTS } from './store.ts';
import { proposerOf } from './proposer.ts';
import { assertNever, NONE, type ConsensusMessage, type TimeoutKind } from './types.ts';
import { decidedConflict, dropBound } from './decided.ts';
import { checkMessage, checkSignature } from './validate.ts';

/**
 * Paper L10/L54: start height h with fresh per-height state, then StartRound(0).
 * Enabled only in step "commit" at height h - 1; otherwise a `not-enabled` rejection and
 * nothing fired. Returns whether it ran.
 */
export function startHeight(ctx: Ctx, height: number): boolean {
  const { s } = ctx;
  if (s.step !== 'commit' || height !== s.height + 1) {
    ctx.outputs.push({ kind: 'rejected', reason: 'not-enabled',
      detail: `StartHeight(${height}): enabled only at height ${height - 1} in step commit, process is at height ${s.height} in step ${s.step}` });
    return false;
  }
  ctx.fired.push('StartHeight');
  s.height = height;
  s.lockedValue = NONE; s.lockedRound = -1; // L54 reset
  s.validValue = NONE; s.validRound = -1;
  s.flags = NO_FLAGS;
  s.store = dropUpTo(s.store, dropBound(height)); // h - 1 (the last decided) and later stay
  s.sent = dropUpTo(s.sent, dropBound(height));
  startRound(ctx, 0);
  return true;
}

/**
 * The answer to our getValue request of (h, r) (config.getValue = 'later-event'): paper
 * L19 with the event's value, if we still propose in (h, r) and have not proposed yet;
 * otherwise stale, no effect (as a stale timeout). Throws, as getValue does, when the
 * answer is needed and the event's value is "none".
 */
export function proposeValue(ctx: Ctx, height: number, round: number): void {
  const { s, config } = ctx;
  ctx.fired.push('ProposeValue');
  if (s.step !== 'propose' || height !== s.height || round !== s.round) return; // stale
  if (config.getValue !== 'later-event' || s.validValue !== NONE) return; // never asked
  if (proposerOf(config.proposer, config.validators, height, round, config.firstHeight) !== config.self) return;
  const mine = config.ownMessages === 'delivered-back' ? s.sent : s.store;
  if (lookup(mine, height, round, 'PROPOSAL', config.self) !== undefined) return; // answered already
  broadcast(ctx, 'PROPOSAL', getValue(ctx), s.validRound); // L19
}

/** Paper L57–L60: still proposing in (h, r): prevote nil. */
function onTimeoutPropose(ctx: Ctx, height: number, round: number): void {
  const { s } = ctx;
  ctx.fired.push('OnTimeoutPropose');
  if (height !== s.height || round !== s.round || s.step !== 'propose') return; // L57 stale: no effect
  broadcast(ctx, 'PREVOTE', 'nil'); // L58
  s.step = 'prevote'; // L59
}

/** Paper L61–L64: still prevoting in (h, r): precommit nil. */
function onTimeoutPrevote(ctx: Ctx, height: number, round: number): void {
  const { s } = ctx;
  ctx.fired.push('OnTimeoutPrevote');
  if (height !== s.height || round !== s.round || s.step !== 'prevote') return; // L61 stale: no effect
  broadcast(ctx, 'PRECOMMIT', 'nil'); // L62
  s.step = 'precommit'; // L63
}

/**
 * Paper L65–L67: still in (h, r): start round r + 1. Since deciding does not advance the
 * height here (contract), "still in h" also requires that h is undecided (step ≠ commit).
 */
function onTimeoutPrecommit(ctx: Ctx, height: number, round: number): void {
  const { s } = ctx;
  ctx.fired.push('OnTimeoutPrecommit');
  if (height !== s.height || round !== s.round || s.step === 'commit') return; // L65 stale: no effect
  startRound(ctx, round + 1); // L66
}

export function onTimeout(ctx: Ctx, kind: TimeoutKind, height: number, round: number): void {
  switch (kind) {
    case 'propose': return onTimeoutPropose(ctx, height, round);
    case 'prevote': return onTimeoutPrevote(ctx, height, round);
    case 'precommit': return onTimeoutPrecommit(ctx, height, round);
    default: return assertNever(kind);
  }
}

/**
 * Receipt (contract, "Receiving a message"): the checks of validate.ts, then the store:
 * an identical duplicate is a no-op; a different PROPOSAL or COMMIT under a taken key is
 * evidence (the first stays the only one counted); a vote for a second value is stored,
 * counted and evidence; a sender's votes beyond VOTE_SLOTS are dropped (`rejected`,
 * `vote-limit`); a new future-height message is kept only within config.futureBuffer.
 */
export function receive(ctx: Ctx, raw: ConsensusMessage): void {
  const { s, config } = ctx;
  ctx.fired.push('Receive');
  const rejection = checkMessage(config, s, raw);
  if (rejection !== null) {
    // Equivocation at a decided height is evidence, once its signature checks (decided.ts).
    const first = rejection.reason === 'past-height' ? decidedConflict(s, config.self, raw) : undefined;
    const bad = first === undefined ? null : checkSignature(config, raw);
    if (first !== undefined && bad === null) {
      ctx.outputs.push({ kind: 'evidence', src: raw.src, type: raw.type, height: raw.height, round: raw.round, first, second: copyMessage(raw) });
      return;
    }
    ctx.outputs.push({ kind: 'rejected', ...(bad ?? rejection), msg: raw });
    return;
  }
  const msg = copyMessage(raw);
  const r = insert(s.store, msg);
  // Our own messages are stored when we send them (or, delivered back, recorded as sent),
  // so one in our name that is not an identical copy is forged; storing it would block
  // our own message for that key.
  const sentCopy = config.ownMessages === 'delivered-back' && insert(s.sent, msg).kind === 'duplicate';
  if (msg.src === config.self && r.kind !== 'duplicate' && !sentCopy) {
    ctx.outputs.push({ kind: 'rejected', reason: 'not-sent-by-self', msg: raw,
      detail: `${describe(msg)}: claims to come from this process (${config.self}), which did not send it` });
    return;
  }
  switch (r.kind) {
    case 'duplicate': return;
    case 'conflict':
      evidence(ctx, r.first, msg);
      return;
    case 'vote-limit':
      ctx.outputs.push({ kind: 'rejected', reason: 'vote-limit', msg: raw,
        detail: `${describe(msg)}: ${msg.src} already has ${VOTE_SLOTS} ${msg.type} votes for other values in this round (evidence was output with the second)` });
      return;
    case 'equivocation':
    case 'stored': {
      // An equivocator's vote for a second value is evidence against it, and counts
      // (paper L28, L36, L49: distinct senders per value).
      if (r.kind === 'equivocation') evidence(ctx, r.first, msg);
      const bufferError = futureBufferError(ctx, msg);
      if (bufferError !== null) {
        ctx.outputs.push({ kind: 'rejected', reason: 'future-height-buffer-full', detail: `${describe(msg)}: ${bufferError}`, msg: raw });
        return;
      }
      s.store = r.store;
      return;
    }
    default: return assertNever(r);
  }
}

/** Outputs evidence: `second` conflicts with `first`, same (type, src, height, round). */
function evidence(ctx: Ctx, first: ConsensusMessage, second: ConsensusMessage): void {
  ctx.outputs.push({ kind: 'evidence', src: second.src, type: second.type, height: second.height, round: second.round, first, second });
}

function futureBufferError(ctx: Ctx, msg: ConsensusMessage): string | null {
  const { s, config } = ctx;
  const { maxHeightsAhead, maxMessages } = config.futureBuffer;
  // The current height is "future" while we wait in commit (past-height rejected it already).
  if (msg.height <= s.height) return null;
  const ahead = msg.height - s.height;
  if (ahead > maxHeightsAhead) return `height ${msg.height} is ${ahead} heights ahead of ${s.height}, buffer keeps at most ${maxHeightsAhead}`;
  const held = countAbove(s.store, s.height);
  if (held >= maxMessages) return `future-height buffer holds ${held} messages, the maximum`;
  return null;
}
