// Legal variants of the reference core: each is a correct reading of Algorithm 1 that
// differs from the contract exactly where the paper (or the contract's own additions)
// leaves a choice (freedoms.ts). The verdict must pass every one of them on the corpus
// (test/conformance/verdict.test.ts), as it must fail every mutant of the kill table:
// the negative control in the other direction. Each names the freedom it takes.
import { decide, startRound } from '../../core/actions.ts';
import type { CoreConfig } from '../../core/config.ts';
import { newCtx, type Ctx } from '../../core/context.ts';
import { receive } from '../../core/handlers.ts';
import { powerOf } from '../../core/power.ts';
import { proposerOf } from '../../core/proposer.ts';
import { quorum, skipThreshold } from '../../core/quorum.ts';
import { react, type RuleList } from '../../core/reaction.ts';
import { REACTION_ORDER } from '../../core/rules.ts';
import type { ConsensusState } from '../../core/state.ts';
import { step, stepWithRules, type StepResult } from '../../core/step.ts';
import { lookup, roundsOf } from '../../core/store.ts';
import type { ConsensusEvent, ConsensusOutput, RuleName } from '../../core/types.ts';
import { roundSenders, votesFor } from '../../core/votes.ts';
import type { StepFn } from '../core-sut.ts';
import type { Freedom } from './freedoms.ts';
import { addMessage, replaceProposal } from './store-edit.ts';

export interface LegalVariant {
  name: string;
  freedom: Freedom;
  description: string;
  stepFn: StepFn;
}

type Rule = (ctx: Ctx) => boolean;

const withRule = (name: RuleName, rule: Rule): RuleList => REACTION_ORDER.map(([n, r]) => [n, n === name ? rule : r] as const);
const proposalOf = (ctx: Ctx, r: number) => lookup(ctx.s.store, ctx.s.height, r, 'PROPOSAL',
  proposerOf(ctx.config.proposer, ctx.config.validators, ctx.s.height, r, ctx.config.firstHeight));

/** L55 to the smallest qualifying round instead of the largest. */
const skipSmallest: Rule = (ctx) => {
  const { s, config } = ctx;
  if (s.step === 'commit') return false;
  for (const r of roundsOf(s.store, s.height).filter((x) => x > s.round)) {
    if (roundSenders(config.power, s.store, s.height, r) < skipThreshold(config.totalPower)) continue;
    ctx.fired.push('UponFPlusOneHigherRound');
    startRound(ctx, r);
    return true;
  }
  return false;
};

/** L49 in the largest qualifying round instead of the smallest. */
const decideLargest: Rule = (ctx) => {
  const { s, config } = ctx;
  if (s.step === 'commit' || s.decisions[s.height] !== undefined) return false;
  for (const r of roundsOf(s.store, s.height).reverse()) {
    const p = proposalOf(ctx, r);
    if (p === undefined || !config.isValid(p.value)) continue;
    const pcs = votesFor(s.store, s.height, r, 'PRECOMMIT', p.value);
    if (powerOf(config.power, pcs.map((m) => m.src)) < quorum(config.totalPower)) continue;
    ctx.fired.push('UponProposalAndPrecommitValue');
    decide(ctx, p.value, r, config.crypto.certify(s.height, r, p.value, pcs));
    return true;
  }
  return false;
};

/** UponCommit with the last stored COMMIT (largest round, last sender) instead of the first. */
const commitLast: Rule = (ctx) => {
  const { s, config } = ctx;
  if (s.step === 'commit' || s.decisions[s.height] !== undefined) return false;
  for (const r of roundsOf(s.store, s.height).reverse()) {
    for (const src of [...config.validators].reverse()) {
      const c = lookup(s.store, s.height, r, 'COMMIT', src);
      if (c === undefined) continue;
      ctx.fired.push('UponCommit');
      decide(ctx, c.value, c.round, c.cert!);
      return true;
    }
  }
  return false;
};

const moved = (first: RuleName[]): RuleList => [
  ...first.map((n) => REACTION_ORDER.find(([m]) => m === n)!),
  ...REACTION_ORDER.filter(([n]) => !first.includes(n)),
];

/** A step whose decision carries only a quorum of its precommits (the first senders, by validator order). */
function minimalCertificate(config: CoreConfig, state: ConsensusState, event: ConsensusEvent): StepResult {
  const r = step(config, state, event);
  const d = r.outputs.find((o): o is Extract<ConsensusOutput, { kind: 'decide' }> => o.kind === 'decide');
  if (d === undefined) return r;
  const signers: string[] = [];
  for (const v of config.validators) {
    if (powerOf(config.power, signers) >= quorum(config.totalPower)) break;
    if (d.cert.signers.includes(v)) signers.push(v);
  }
  const cert = { signers };
  return {
    ...r,
    state: { ...r.state, decisions: { ...r.state.decisions, [d.height]: { ...r.state.decisions[d.height]!, cert } } },
    outputs: r.outputs.map((o) => (o === d ? { ...d, cert } : o)),
  };
}

/** Evidence kept per (type, src, height, round) already reported: a key is reported once (Malachite's way). */
const REPORTED = Symbol('reported evidence');
type WithReported = ConsensusState & { [REPORTED]?: ReadonlySet<string> };

function evidenceOnce(config: CoreConfig, state: ConsensusState, event: ConsensusEvent): StepResult {
  const r = step(config, state, event);
  const seen = new Set((state as WithReported)[REPORTED] ?? []);
  const outputs = r.outputs.filter((o) => {
    if (o.kind !== 'evidence') return true;
    const k = `${o.type}/${o.src}/${o.height}/${o.round}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return { ...r, state: { ...r.state, [REPORTED]: seen } as WithReported, outputs };
}

/** The step again from the state after the handler, with `edit` applied to the store, then the reaction. */
function rereact(config: CoreConfig, state: ConsensusState, event: ConsensusEvent & { kind: 'Deliver' }, edit: (s: ConsensusState) => ConsensusState, keep: ConsensusOutput[]): StepResult {
  const ctx = newCtx(config, edit(state), event.value);
  ctx.fired.push('Receive');
  ctx.outputs.push(...keep);
  react(ctx);
  return { state: ctx.s, outputs: ctx.outputs, fired: ctx.fired };
}

/** Every vote of a sender counted, however many values it votes for (the paper: no bound). */
function unboundedVotes(config: CoreConfig, state: ConsensusState, event: ConsensusEvent): StepResult {
  const r = step(config, state, event);
  if (event.kind !== 'Deliver' || !r.outputs.some((o) => o.kind === 'rejected' && o.reason === 'vote-limit')) return r;
  return rereact(config, state, event, (s) => ({ ...s, store: addMessage(s.store, event.msg) }), []);
}

/** An equivocating proposer's later proposal counts in place of its first (Algorithm 1 lets any be "the" proposal). */
function lastProposal(config: CoreConfig, state: ConsensusState, event: ConsensusEvent): StepResult {
  const r = step(config, state, event);
  if (event.kind !== 'Deliver' || event.msg.type !== 'PROPOSAL') return r;
  const inPlay = event.msg.height > state.height || (event.msg.height === state.height && state.step !== 'commit');
  const ev = r.outputs.find((o) => o.kind === 'evidence');
  if (!inPlay || ev === undefined) return r;
  // Receipt: the core checked it and found a conflict; take it instead, then react.
  const probe = newCtx(config, state, event.value);
  receive(probe, event.msg);
  if (probe.s.store !== state.store) return r;
  return rereact(config, state, event, (s) => ({ ...s, store: replaceProposal(s.store, event.msg) }), [ev]);
}

/** The outputs of each step in reverse order. */
const reversedOutputs: StepFn = (config, state, event) => {
  const r = step(config, state, event);
  return { ...r, outputs: [...r.outputs].reverse() };
};

/** Other timeout constants: every duration 10 ms + round × 7 ms, and propose doubling per round. */
const otherTimeouts: StepFn = (config, state, event) => {
  const r = step({ ...config, timeouts: { propose: { baseMs: 10, deltaMs: 7 }, prevote: { baseMs: 4, deltaMs: 1 }, precommit: { baseMs: 1, deltaMs: 3 } } }, state, event);
  return { ...r, outputs: r.outputs.map((o) => (o.kind === 'scheduleTimeout' && o.timeout === 'propose' ? { ...o, durationMs: 50 * 2 ** o.round } : o)) };
};

export const LEGAL_VARIANTS: readonly LegalVariant[] = Object.freeze([
  { name: 'polka-before-prevote-quorum', freedom: 'rule-order', description: 'L36 and L44 before L34 (Malachite\'s order: no timeoutPrevote when the quorum is a polka)',
    stepFn: stepWithRules(moved(['UponProposalInPrevoteOrCommitAndPrevote', 'UponQuorumPrevotesNil'])) },
  { name: 'reversed-rule-order', freedom: 'rule-order', description: 'the contract\'s list of rules read from the end',
    stepFn: stepWithRules([...REACTION_ORDER].reverse()) },
  { name: 'skip-to-smallest-round', freedom: 'skip-round', description: 'L55 starts the smallest qualifying higher round',
    stepFn: stepWithRules(withRule('UponFPlusOneHigherRound', skipSmallest)) },
  { name: 'decide-in-largest-round', freedom: 'decision-round', description: 'L49 decides in the largest qualifying round',
    stepFn: stepWithRules(withRule('UponProposalAndPrecommitValue', decideLargest)) },
  { name: 'last-commit', freedom: 'commit-choice', description: 'UponCommit takes the stored COMMIT of the largest round, last sender first',
    stepFn: stepWithRules(withRule('UponCommit', commitLast)) },
  { name: 'minimal-certificate', freedom: 'certificate-subset', description: 'a decision carries just a quorum of its precommits',
    stepFn: minimalCertificate },
  { name: 'last-proposal-counts', freedom: 'proposal-choice', description: 'an equivocating proposer\'s later proposal replaces its first',
    stepFn: lastProposal },
  { name: 'unbounded-vote-slots', freedom: 'votes-beyond-slots', description: 'every vote of an equivocator counted, no slot bound',
    stepFn: unboundedVotes },
  { name: 'reversed-outputs', freedom: 'output-order', description: 'each step\'s outputs in reverse order',
    stepFn: reversedOutputs },
  { name: 'evidence-once-per-key', freedom: 'evidence-timing', description: 'evidence reported once per (type, src, height, round), not per delivery',
    stepFn: evidenceOnce },
  { name: 'other-timeout-constants', freedom: 'timeout-durations', description: 'other timeout constants, and a propose timeout doubling per round',
    stepFn: otherTimeouts },
].map((v) => Object.freeze(v as LegalVariant)));
