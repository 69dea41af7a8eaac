// The effects the handlers share: broadcast (sign, store at once, output), schedule a
// timeout, StartRound (paper L11–L21) and decide.
import { timeoutDuration } from './config.ts';
import type { Ctx } from './context.ts';
import { copyCertificate, copyMessage, describe } from './messages.ts';
import { proposerOf } from './proposer.ts';
import { NO_FLAGS } from './state.ts';
import { insert } from './store.ts';
import { NONE, type Certificate, type ConsensusMessage, type MessageType, type TimeoutKind, type Value, type VoteValue } from './types.ts';

/**
 * Signs and broadcasts our own message and stores it at once (contract: a correct
 * process's own vote counts towards its quorums within the same reaction), or, with
 * own messages delivered back, records it as sent: it counts once delivered.
 */
export function broadcast(ctx: Ctx, type: Exclude<MessageType, 'COMMIT'>, value: VoteValue, validRound = -1): void {
  const { config, s } = ctx;
  const unsigned: ConsensusMessage = { type, src: config.self, height: s.height, round: s.round, value, validRound };
  const signature = config.crypto.sign(unsigned);
  const msg = copyMessage(signature === undefined ? unsigned : { ...unsigned, signature });
  const back = config.ownMessages === 'delivered-back';
  const r = insert(back ? s.sent : s.store, msg);
  // A correct process sends one message per (height, round, type): a taken key is a bug.
  if (r.kind !== 'stored') throw new Error(`invariant: own ${describe(msg)} collides with a stored message (${r.kind})`);
  if (back) s.sent = r.store; else s.store = r.store;
  ctx.outputs.push({ kind: 'broadcast', msg });
}

export function scheduleTimeout(ctx: Ctx, timeout: TimeoutKind): void {
  const { s } = ctx;
  ctx.outputs.push({
    kind: 'scheduleTimeout', timeout, height: s.height, round: s.round,
    durationMs: timeoutDuration(ctx.config, timeout, s.round),
  });
}

/** getValue() (paper L18): the event must carry the value when we propose a fresh one. */
export function getValue(ctx: Ctx): Value {
  if (ctx.getValue === NONE) {
    throw new TypeError(`step: ${ctx.config.self} proposes at h=${ctx.s.height} r=${ctx.s.round} without a validValue, `
      + 'but the event carries value "none" (getValue, paper L18)');
  }
  return ctx.getValue;
}

/** Paper L11–L21: enter `round`; the proposer proposes validValue or a fresh value, others wait. */
export function startRound(ctx: Ctx, round: number): void {
  const { s, config } = ctx;
  ctx.fired.push('StartRound');
  s.round = round; // L12
  s.step = 'propose'; // L13
  s.flags = NO_FLAGS; // the "for the first time" guards are per round (contract)
  if (proposerOf(config.proposer, config.validators, s.height, round, config.firstHeight) === config.self) { // L14
    if (s.validValue === NONE && config.getValue === 'later-event') {
      ctx.outputs.push({ kind: 'getValue', height: s.height, round }); // L18 asked; L19 at ProposeValue
      return;
    }
    const value = s.validValue !== NONE ? s.validValue : getValue(ctx); // L15–L18
    broadcast(ctx, 'PROPOSAL', value, s.validRound); // L19
  } else {
    scheduleTimeout(ctx, 'propose'); // L21
  }
}

/** Records the decision of the current height (paper L51); the height advances only at StartHeight. */
export function decide(ctx: Ctx, value: Value, round: number, cert: Certificate): void {
  const { s } = ctx;
  const frozen = copyCertificate(cert);
  s.decisions = { ...s.decisions, [s.height]: Object.freeze({ value, round, cert: frozen }) };
  s.step = 'commit';
  ctx.outputs.push({ kind: 'decide', height: s.height, value, round, cert: frozen });
}
