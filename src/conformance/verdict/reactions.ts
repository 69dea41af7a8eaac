// Every reaction Algorithm 1 allows from one state to one event (docs/contract.md,
// "What the verdict allows"): the contract's reaction is one of them, the first. The
// event's handler runs as in the core, with the alternatives the paper leaves at
// receipt (a vote beyond the slots stored, an equivocating proposer's second proposal
// taken); then every maximal sequence of rule firings is followed, and at L49, L55 and
// UponCommit every qualifying choice. The core's own functions do the work; only the
// three rules with a choice are spelt out here, each a twin of its rule in
// src/core/rules.ts that yields every choice instead of the contract's one.
import { decide, startRound } from '../../core/actions.ts';
import type { CoreConfig } from '../../core/config.ts';
import { newCtx, type Ctx } from '../../core/context.ts';
import { onTimeout, proposeValue, receive, startHeight } from '../../core/handlers.ts';
import { powerOf } from '../../core/power.ts';
import { proposerOf } from '../../core/proposer.ts';
import { quorum, skipThreshold } from '../../core/quorum.ts';
import { REACTION_ORDER } from '../../core/rules.ts';
import type { ConsensusState } from '../../core/state.ts';
import { lookup, roundsOf as storeRounds, type MessageStore } from '../../core/store.ts';
import { assertNever, type ConsensusEvent, type ConsensusOutput, type RuleName } from '../../core/types.ts';
import { roundSenders, votesFor } from '../../core/votes.ts';
import type { Freedom } from './freedoms.ts';
import { addMessage, replaceProposal } from './store-edit.ts';

export interface Reaction {
  state: ConsensusState;
  outputs: readonly ConsensusOutput[];
  fired: readonly RuleName[];
  /** The freedoms this reaction takes (empty: the contract's own reaction). */
  freedoms: ReadonlySet<Freedom>;
}

/** More reactions than this from one state is a bug of the enumerator, not a verdict. */
export const MAX_REACTIONS = 20_000;

type Branch = { ctx: Ctx; freedoms: Freedom[] };

// The rounds of a height, per immutable store (three choice rules ask at every firing).
const roundsMemo = new WeakMap<MessageStore, Map<number, number[]>>();
function roundsOf(store: MessageStore, height: number): number[] {
  let m = roundsMemo.get(store);
  if (m === undefined) { m = new Map(); roundsMemo.set(store, m); }
  let r = m.get(height);
  if (r === undefined) { r = storeRounds(store, height); m.set(height, r); }
  return r;
}

const clone = (c: Ctx): Ctx => ({ config: c.config, s: { ...c.s }, outputs: [...c.outputs], fired: [...c.fired], getValue: c.getValue });

const proposalOf = (ctx: Ctx, round: number) => {
  const { s, config } = ctx;
  return lookup(s.store, s.height, round, 'PROPOSAL', proposerOf(config.proposer, config.validators, s.height, round, config.firstHeight));
};

/** L49–L54 with every qualifying round (the contract: the smallest). */
function decisionBranches(ctx: Ctx): Branch[] {
  const { s, config } = ctx;
  if (s.step === 'commit' || s.decisions[s.height] !== undefined) return [];
  const out: Branch[] = [];
  for (const r of roundsOf(s.store, s.height)) {
    const p = proposalOf(ctx, r);
    if (p === undefined || !config.isValid(p.value)) continue;
    const precommits = votesFor(s.store, s.height, r, 'PRECOMMIT', p.value);
    if (powerOf(config.power, precommits.map((m) => m.src)) < quorum(config.totalPower)) continue;
    const c = clone(ctx);
    c.fired.push('UponProposalAndPrecommitValue');
    decide(c, p.value, r, config.crypto.certify(s.height, r, p.value, precommits));
    out.push({ ctx: c, freedoms: out.length === 0 ? [] : ['decision-round'] });
  }
  return out;
}

/** UponCommit with every stored COMMIT of the height (the contract: smallest round, then validator order). */
function commitBranches(ctx: Ctx): Branch[] {
  const { s, config } = ctx;
  if (s.step === 'commit' || s.decisions[s.height] !== undefined) return [];
  const out: Branch[] = [];
  const seen = new Set<string>();
  for (const r of roundsOf(s.store, s.height)) {
    for (const src of config.validators) {
      const m = lookup(s.store, s.height, r, 'COMMIT', src);
      if (m === undefined || seen.has(`${m.round}/${m.value}`)) continue;
      seen.add(`${m.round}/${m.value}`);
      const c = clone(ctx);
      c.fired.push('UponCommit');
      decide(c, m.value, m.round, m.cert!);
      out.push({ ctx: c, freedoms: out.length === 0 ? [] : ['commit-choice'] });
    }
  }
  return out;
}

/** L55–L56 with every qualifying higher round (the contract: the largest). */
function skipBranches(ctx: Ctx): Branch[] {
  const { s, config } = ctx;
  if (s.step === 'commit') return [];
  const out: Branch[] = [];
  for (const r of roundsOf(s.store, s.height).filter((x) => x > s.round).reverse()) { // a copy: filter
    if (roundSenders(config.power, s.store, s.height, r) < skipThreshold(config.totalPower)) continue;
    const c = clone(ctx);
    c.fired.push('UponFPlusOneHigherRound');
    startRound(c, r);
    out.push({ ctx: c, freedoms: out.length === 0 ? [] : ['skip-round'] });
  }
  return out;
}

const CHOICES: Partial<Record<RuleName, (ctx: Ctx) => Branch[]>> = {
  UponProposalAndPrecommitValue: decisionBranches,
  UponCommit: commitBranches,
  UponFPlusOneHigherRound: skipBranches,
};

/**
 * The firings enabled in ctx, in the contract's order: the first is the contract's.
 * A firing of a rule other than the first enabled one takes the freedom rule-order.
 * A branch whose reaction needs a fresh value the event does not carry (getValue,
 * paper L18, on a path the trace's reaction did not take; judge.ts gives the shadow the
 * implementation's own fresh proposal's value when there is one) is left out: its value
 * is unknown, and `unanswered` counts it.
 */
function successors(ctx: Ctx, unanswered: { n: number }): Branch[] {
  const out: Branch[] = [];
  // A rule that is not enabled returns false before it changes anything (rules.ts), so
  // one scratch copy serves every rule until one fires.
  let scratch: Ctx | undefined;
  for (const [name, rule] of REACTION_ORDER) {
    let branches: Branch[];
    try {
      const choose = CHOICES[name];
      if (choose !== undefined) branches = choose(ctx);
      else {
        const c = scratch ?? clone(ctx);
        scratch = c;
        branches = rule(c) ? [{ ctx: c, freedoms: [] }] : [];
        if (branches.length > 0) scratch = undefined;
      }
    } catch (e) {
      scratch = undefined; // the rule may have changed it before it threw
      if (!(e instanceof TypeError)) throw e;
      unanswered.n++;
      continue;
    }
    const first = out.length === 0;
    for (const b of branches) out.push(first ? b : { ctx: b.ctx, freedoms: [...b.freedoms, 'rule-order'] });
  }
  return out;
}

/** The states right after the event's handler, before any rule: the contract's first. */
function handled(config: CoreConfig, state: ConsensusState, event: ConsensusEvent): { ctx: Ctx; freedoms: Freedom[]; react: boolean }[] {
  const ctx = newCtx(config, state, event.value);
  switch (event.kind) {
    case 'StartHeight':
      return [{ ctx, freedoms: [], react: startHeight(ctx, event.height) }];
    case 'Timeout':
      onTimeout(ctx, event.timeout, event.height, event.round);
      return [{ ctx, freedoms: [], react: true }];
    case 'ProposeValue':
      proposeValue(ctx, event.height, event.round);
      return [{ ctx, freedoms: [], react: true }];
    case 'Deliver': {
      const before = ctx.outputs.length;
      receive(ctx, event.msg);
      const out: { ctx: Ctx; freedoms: Freedom[]; react: boolean }[] = [{ ctx, freedoms: [], react: true }];
      const last = ctx.outputs.length > before ? ctx.outputs[ctx.outputs.length - 1] : undefined;
      const inPlay = event.msg.height > state.height || (event.msg.height === state.height && state.step !== 'commit');
      if (last?.kind === 'rejected' && last.reason === 'vote-limit') {
        // Votes beyond the slots: the paper counts them; dropping one is the contract's bound.
        const c = clone(ctx);
        c.outputs.pop();
        c.s.store = addMessage(c.s.store, event.msg);
        out.push({ ctx: c, freedoms: ['votes-beyond-slots'], react: true });
      } else if (last?.kind === 'evidence' && event.msg.type === 'PROPOSAL' && inPlay && ctx.s.store === state.store) {
        // An equivocating proposer's second proposal: the paper lets either be "the" proposal.
        const c = clone(ctx);
        c.s.store = replaceProposal(c.s.store, event.msg);
        out.push({ ctx: c, freedoms: ['proposal-choice'], react: true });
      }
      return out;
    }
    default: return assertNever(event);
  }
}

/**
 * Every reaction Algorithm 1 allows to `event` from `state`, the contract's first
 * (the core's `step` gives exactly that one). Distinct paths that end in the same
 * state with the same outputs in the same order and the same fired rules are one.
 * Throws if more than MAX_REACTIONS arise (an enumerator bug). Reactions that need a
 * getValue() answer the event does not carry are left out and counted (`unanswered`).
 */
export function reactions(config: CoreConfig, state: ConsensusState, event: ConsensusEvent): { reactions: Reaction[]; unanswered: number } {
  const leaves: Reaction[] = [];
  let seen = new Set<string>();
  const unanswered = { n: 0 };
  const walk = (ctx: Ctx, freedoms: ReadonlySet<Freedom>): void => {
    const next = ctx.s.step === 'commit' ? [] : successors(ctx, unanswered);
    if (next.length === 0) {
      leaves.push({ state: ctx.s, outputs: ctx.outputs, fired: ctx.fired, freedoms });
      if (leaves.length > MAX_REACTIONS) throw new Error(`verdict: more than ${MAX_REACTIONS} legal reactions to one event (an enumerator bug)`);
      return;
    }
    for (const b of next) {
      const key = pathKey(b.ctx);
      if (seen.has(key)) continue;
      seen.add(key);
      walk(b.ctx, b.freedoms.length === 0 ? freedoms : new Set([...freedoms, ...b.freedoms]));
    }
  };
  let roots: ReturnType<typeof handled>;
  try {
    roots = handled(config, state, event);
  } catch (e) {
    // The handler itself proposes a fresh value (StartRound, L18) the event does not carry.
    if (!(e instanceof TypeError)) throw e;
    return { reactions: [], unanswered: 1 };
  }
  for (const h of roots) {
    seen = new Set(); // the roots differ in their store: paths are told apart within one root only
    const f = new Set(h.freedoms);
    if (h.react) walk(h.ctx, f);
    else leaves.push({ state: h.ctx.s, outputs: h.ctx.outputs, fired: h.ctx.fired, freedoms: f });
  }
  return { reactions: leaves, unanswered: unanswered.n };
}

/** A path's identity within one reaction: the store changes only by own broadcasts, which are outputs. */
function pathKey(ctx: Ctx): string {
  const { s } = ctx;
  return JSON.stringify([ctx.fired, ctx.outputs.map(outputKey), s.height, s.round, s.step, s.lockedValue, s.lockedRound,
    s.validValue, s.validRound, s.flags, Object.keys(s.decisions).length]);
}

function outputKey(o: ConsensusOutput): string {
  switch (o.kind) {
    case 'broadcast': return `b:${o.msg.type}/${o.msg.height}/${o.msg.round}/${o.msg.value}/${o.msg.validRound}`;
    case 'scheduleTimeout': return `t:${o.timeout}/${o.height}/${o.round}`;
    case 'getValue': return `g:${o.height}/${o.round}`;
    case 'decide': return `d:${o.height}/${o.round}/${o.value}`;
    case 'evidence': return `e:${o.type}/${o.src}/${o.height}/${o.round}`;
    case 'rejected': return `r:${o.reason}`;
    default: return assertNever(o);
  }
}
