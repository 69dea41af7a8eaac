// The upon-rules of Algorithm 1 (paper L22–L56), one function each, named as in the
// TLA+ model and the traces (docs/contract.md, "The reaction"). Each returns true when
// it was enabled and fired; it then records its name first, so `fired` lists rules in
// firing order. Every rule reads only the current height and none fires in "commit".
import { broadcast, decide, scheduleTimeout, startRound } from './actions.ts';
import type { Ctx } from './context.ts';
import { powerOf } from './power.ts';
import { proposerOf } from './proposer.ts';
import { quorum, skipThreshold } from './quorum.ts';
import { lookup, roundsOf } from './store.ts';
import { NIL, type ConsensusMessage, type RuleName } from './types.ts';
import { countAny, countFor, roundSenders, votesFor } from './votes.ts';

/** The first stored proposal of (current height, round) from its proposer; the only one that counts. */
function proposalOf(ctx: Ctx, round: number): ConsensusMessage | undefined {
  const { s, config } = ctx;
  return lookup(s.store, s.height, round, 'PROPOSAL', proposerOf(config.proposer, config.validators, s.height, round, config.firstHeight));
}

const q = (ctx: Ctx): number => quorum(ctx.config.totalPower);

/** Paper L49–L54: a proposal and 2f+1 precommits (a quorum of power) for its value in any round r decide it. */
export function uponProposalAndPrecommitValue(ctx: Ctx): boolean {
  const { s, config } = ctx;
  if (s.step === 'commit' || s.decisions[s.height] !== undefined) return false; // L49 decision_p[h_p] = nil
  for (const r of roundsOf(s.store, s.height)) { // L49 "any round r"; the smallest such r wins
    const p = proposalOf(ctx, r);
    if (p === undefined || !config.isValid(p.value)) continue; // L49 proposal, L50 valid(v)
    const precommits = votesFor(s.store, s.height, r, 'PRECOMMIT', p.value);
    if (powerOf(config.power, precommits.map((m) => m.src)) < q(ctx)) continue; // L49 2f+1 PRECOMMIT(h, r, id(v))
    ctx.fired.push('UponProposalAndPrecommitValue');
    decide(ctx, p.value, r, config.crypto.certify(s.height, r, p.value, precommits)); // L51
    return true;
  }
  return false;
}

/**
 * Height synchronization (not in the paper): a stored COMMIT of the current height, its
 * certificate checked on receipt, decides like L51. With several, the smallest round,
 * then the sender first in validator order, wins.
 */
export function uponCommit(ctx: Ctx): boolean {
  const { s, config } = ctx;
  if (s.step === 'commit' || s.decisions[s.height] !== undefined) return false;
  for (const r of roundsOf(s.store, s.height)) {
    for (const src of config.validators) {
      const c = lookup(s.store, s.height, r, 'COMMIT', src);
      if (c === undefined) continue;
      ctx.fired.push('UponCommit');
      decide(ctx, c.value, c.round, c.cert!);
      return true;
    }
  }
  return false;
}

/** Paper L55–L56: f+1 distinct senders in a higher round: start the largest such round. */
export function uponFPlusOneHigherRound(ctx: Ctx): boolean {
  const { s, config } = ctx;
  if (s.step === 'commit') return false;
  const higher = roundsOf(s.store, s.height).filter((r) => r > s.round).reverse();
  for (const r of higher) { // largest first (contract)
    if (roundSenders(config.power, s.store, s.height, r) < skipThreshold(config.totalPower)) continue; // L55
    ctx.fired.push('UponFPlusOneHigherRound');
    startRound(ctx, r); // L56
    return true;
  }
  return false;
}

/** Paper L22–L27: a fresh proposal: prevote it if valid and we are unlocked or locked on it, else nil. */
export function uponProposalInPropose(ctx: Ctx): boolean {
  const { s, config } = ctx;
  if (s.step !== 'propose') return false; // L22 while step = propose
  const p = proposalOf(ctx, s.round);
  if (p === undefined || p.validRound !== -1) return false; // L22 PROPOSAL(h, round, v, -1)
  ctx.fired.push('UponProposalInPropose');
  const ok = config.isValid(p.value) && (s.lockedRound === -1 || s.lockedValue === p.value); // L23
  broadcast(ctx, 'PREVOTE', ok ? p.value : NIL); // L24 / L26
  s.step = 'prevote'; // L27
  return true;
}

/** Paper L28–L33: a re-proposal with a POL in round vr: prevote it unless locked later on another value. */
export function uponProposalInProposeAndPrevote(ctx: Ctx): boolean {
  const { s, config } = ctx;
  if (s.step !== 'propose') return false; // L28 while step = propose
  const p = proposalOf(ctx, s.round);
  if (p === undefined || p.validRound < 0 || p.validRound >= s.round) return false; // L28 vr >= 0 ∧ vr < round
  if (countFor(config.power, s.store, s.height, p.validRound, 'PREVOTE', p.value) < q(ctx)) return false; // L28 2f+1 PREVOTE(h, vr, id(v))
  ctx.fired.push('UponProposalInProposeAndPrevote');
  const ok = config.isValid(p.value) && (s.lockedRound <= p.validRound || s.lockedValue === p.value); // L29
  broadcast(ctx, 'PREVOTE', ok ? p.value : NIL); // L30 / L32
  s.step = 'prevote'; // L33
  return true;
}

/** Paper L34–L35: 2f+1 prevotes of any values, for the first time in this round: schedule timeoutPrevote. */
export function uponQuorumPrevotesAny(ctx: Ctx): boolean {
  const { s, config } = ctx;
  if (s.step !== 'prevote' || s.flags.prevoteQuorum) return false; // L34 step = prevote, first time
  if (countAny(config.power, s.store, s.height, s.round, 'PREVOTE') < q(ctx)) return false; // L34 2f+1 PREVOTE(h, round, *)
  ctx.fired.push('UponQuorumPrevotesAny');
  s.flags = { ...s.flags, prevoteQuorum: true };
  scheduleTimeout(ctx, 'prevote'); // L35
  return true;
}

/**
 * Paper L36–L43: a proposal and a polka (2f+1 prevotes for its value, counted per value)
 * in this round: in step prevote lock and precommit it; in either step record it as valid.
 */
export function uponProposalInPrevoteOrCommitAndPrevote(ctx: Ctx): boolean {
  const { s, config } = ctx;
  if ((s.step !== 'prevote' && s.step !== 'precommit') || s.flags.polka) return false; // L36 step >= prevote, first time
  const p = proposalOf(ctx, s.round);
  if (p === undefined || !config.isValid(p.value)) return false; // L36 proposal, valid(v)
  if (countFor(config.power, s.store, s.height, s.round, 'PREVOTE', p.value) < q(ctx)) return false; // L36 2f+1 PREVOTE(h, round, id(v))
  ctx.fired.push('UponProposalInPrevoteOrCommitAndPrevote');
  s.flags = { ...s.flags, polka: true };
  if (s.step === 'prevote') { // L37
    s.lockedValue = p.value; // L38
    s.lockedRound = s.round; // L39
    broadcast(ctx, 'PRECOMMIT', p.value); // L40
    s.step = 'precommit'; // L41
  }
  s.validValue = p.value; // L42
  s.validRound = s.round; // L43
  return true;
}

/** Paper L44–L46: 2f+1 prevotes for nil: precommit nil. */
export function uponQuorumPrevotesNil(ctx: Ctx): boolean {
  const { s, config } = ctx;
  if (s.step !== 'prevote') return false; // L44 while step = prevote
  if (countFor(config.power, s.store, s.height, s.round, 'PREVOTE', NIL) < q(ctx)) return false; // L44 2f+1 PREVOTE(h, round, nil)
  ctx.fired.push('UponQuorumPrevotesNil');
  broadcast(ctx, 'PRECOMMIT', NIL); // L45
  s.step = 'precommit'; // L46
  return true;
}

/** Paper L47–L48: 2f+1 precommits of any values, for the first time in this round: schedule timeoutPrecommit. */
export function uponQuorumPrecommitsAny(ctx: Ctx): boolean {
  const { s, config } = ctx;
  if (s.step === 'commit' || s.flags.precommitQuorum) return false; // L47 first time (no rule fires in commit)
  if (countAny(config.power, s.store, s.height, s.round, 'PRECOMMIT') < q(ctx)) return false; // L47 2f+1 PRECOMMIT(h, round, *)
  ctx.fired.push('UponQuorumPrecommitsAny');
  s.flags = { ...s.flags, precommitQuorum: true };
  scheduleTimeout(ctx, 'precommit'); // L48
  return true;
}

/** The reaction's rules in the contract's priority order. */
export const REACTION_ORDER: readonly (readonly [RuleName, (ctx: Ctx) => boolean])[] = Object.freeze([
  ['UponProposalAndPrecommitValue', uponProposalAndPrecommitValue],
  ['UponCommit', uponCommit],
  ['UponFPlusOneHigherRound', uponFPlusOneHigherRound],
  ['UponProposalInPropose', uponProposalInPropose],
  ['UponProposalInProposeAndPrevote', uponProposalInProposeAndPrevote],
  ['UponQuorumPrevotesAny', uponQuorumPrevotesAny],
  ['UponProposalInPrevoteOrCommitAndPrevote', uponProposalInPrevoteOrCommitAndPrevote],
  ['UponQuorumPrevotesNil', uponQuorumPrevotesNil],
  ['UponQuorumPrecommitsAny', uponQuorumPrecommitsAny],
] as const);

export interface RuleInfo { name: RuleName; kind: 'event' | 'helper' | 'rule'; lines: string }

/** Every name that can appear in `fired`, with its paper lines (for the coverage report). */
export const RULES: readonly RuleInfo[] = Object.freeze([
  { name: 'StartHeight', kind: 'event', lines: 'L10, L54' },
  { name: 'Receive', kind: 'event', lines: '(message receipt; contract "Receiving a message")' },
  { name: 'OnTimeoutPropose', kind: 'event', lines: 'L57–L60' },
  { name: 'OnTimeoutPrevote', kind: 'event', lines: 'L61–L64' },
  { name: 'OnTimeoutPrecommit', kind: 'event', lines: 'L65–L67' },
  { name: 'ProposeValue', kind: 'event', lines: 'L19 (getValue as a later event; contract "Conventions")' },
  { name: 'StartRound', kind: 'helper', lines: 'L11–L21' },
  { name: 'UponProposalAndPrecommitValue', kind: 'rule', lines: 'L49–L54' },
  { name: 'UponCommit', kind: 'rule', lines: '(height sync; not in the paper)' },
  { name: 'UponFPlusOneHigherRound', kind: 'rule', lines: 'L55–L56' },
  { name: 'UponProposalInPropose', kind: 'rule', lines: 'L22–L27' },
  { name: 'UponProposalInProposeAndPrevote', kind: 'rule', lines: 'L28–L33' },
  { name: 'UponQuorumPrevotesAny', kind: 'rule', lines: 'L34–L35' },
  { name: 'UponProposalInPrevoteOrCommitAndPrevote', kind: 'rule', lines: 'L36–L43' },
  { name: 'UponQuorumPrevotesNil', kind: 'rule', lines: 'L44–L46' },
  { name: 'UponQuorumPrecommitsAny', kind: 'rule', lines: 'L47–L48' },
].map((r) => Object.freeze(r as RuleInfo)));
