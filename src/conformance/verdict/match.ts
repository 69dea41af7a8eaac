// Does an implementation's answer to one step equal one legal reaction, at the
// driver's level? Outputs are compared as a multiset (freedom output-order), evidence
// not at all (judged over the trace, evidence.ts), a decision's certificate by what
// makes it valid (freedom certificate-subset), the projection exactly.
import type { CoreConfig } from '../../core/config.ts';
import { powerOf } from '../../core/power.ts';
import { quorum } from '../../core/quorum.ts';
import type { ConsensusState } from '../../core/state.ts';
import { project } from '../../core/step.ts';
import { roundMessages } from '../../core/store.ts';
import type { ConsensusOutput } from '../../core/types.ts';
import { votesFor } from '../../core/votes.ts';
import { diff, normalOutputs, normalProjection, sameJson, type NormalOutput, type NormalProjection } from '../normal.ts';
import type { SutStepResult } from '../replay.ts';
import type { Level } from './level.ts';
import type { Reaction } from './reactions.ts';

/** The outputs a level compares, without durations (judged apart, timeouts.ts). */
export function judgedOutputs(outputs: readonly NormalOutput[], level: Level): NormalOutput[] {
  const out: NormalOutput[] = [];
  for (const o of outputs) {
    if (o.kind === 'broadcast' || o.kind === 'decide') out.push(o);
    else if (o.kind === 'scheduleTimeout' && level.timeouts) out.push({ kind: o.kind, timeout: o.timeout, height: o.height, round: o.round });
    else if (o.kind === 'getValue' && level.level === 'full') out.push(o);
  }
  return out;
}

/** An output's key for comparison: a decision's without its certificate (judged by validity, below). */
function key(o: NormalOutput): string {
  switch (o.kind) {
    case 'broadcast': { const m = o.msg; return `b|${m.type}|${m.src}|${m.height}|${m.round}|${m.value}|${m.validRound}|${m.cert.join(',')}`; }
    case 'scheduleTimeout': return `t|${o.timeout}|${o.height}|${o.round}`;
    case 'getValue': return `g|${o.height}|${o.round}`;
    case 'decide': return `d|${o.height}|${o.value}|${o.round}`;
    case 'evidence': return `e|${o.type}|${o.src}|${o.height}|${o.round}`;
  }
}

/** The same key of a core output, without normalizing it first (the hot path). */
function coreKey(o: ConsensusOutput, level: Level): string | null {
  switch (o.kind) {
    case 'broadcast': { const m = o.msg; return `b|${m.type}|${m.src}|${m.height}|${m.round}|${m.value}|${m.validRound}|${m.cert ? [...m.cert.signers].sort().join(',') : ''}`; }
    case 'scheduleTimeout': return level.timeouts ? `t|${o.timeout}|${o.height}|${o.round}` : null;
    case 'getValue': return level.level === 'full' ? `g|${o.height}|${o.round}` : null;
    case 'decide': return `d|${o.height}|${o.value}|${o.round}`;
    default: return null;
  }
}

/** The judged outputs of an answer with their keys, in order and sorted (computed once per answer and level). */
interface AnswerKeys { outputs: NormalOutput[]; keys: string[]; sorted: string[] }
const answerKeys = new WeakMap<SutStepResult, Map<Level, AnswerKeys>>();
function keysOf(answer: SutStepResult, level: Level): AnswerKeys {
  let byLevel = answerKeys.get(answer);
  if (byLevel === undefined) { byLevel = new Map(); answerKeys.set(answer, byLevel); }
  let k = byLevel.get(level);
  if (k === undefined) {
    const outputs = judgedOutputs(answer.outputs, level);
    const keys = outputs.map(key);
    k = { outputs, keys, sorted: [...keys].sort() };
    byLevel.set(level, k);
  }
  return k;
}

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** The projection of `s` equals `p` (the fast path of the comparison; diff() says how it differs). */
function sameProjection(s: ConsensusState, p: NormalProjection): boolean {
  if (s.height !== p.height || s.round !== p.round || s.step !== p.step || s.lockedValue !== p.lockedValue || s.lockedRound !== p.lockedRound
    || s.validValue !== p.validValue || s.validRound !== p.validRound) return false;
  const mine = Object.keys(s.decisions);
  if (mine.length !== Object.keys(p.decisions).length) return false;
  for (const h of mine) {
    const a = s.decisions[Number(h)]!;
    const b = Object.hasOwn(p.decisions, h) ? p.decisions[h] : undefined;
    if (b === undefined || a.value !== b.value || a.round !== b.round || !sameList([...a.cert.signers].sort(), b.cert)) return false;
  }
  return true;
}

/**
 * The validators whose PRECOMMIT(h, r, v) `state` holds: stored precommits, and the
 * signers of stored COMMITs of (h, r, v) (their certificates were checked on receipt).
 */
export function precommitHolders(state: ConsensusState, h: number, r: number, v: string): Set<string> {
  const out = new Set(votesFor(state.store, h, r, 'PRECOMMIT', v).map((m) => m.src));
  for (const c of Object.values(roundMessages(state.store, h, r).COMMIT)) {
    for (const m of c) if (m.value === v) for (const s of m.cert?.signers ?? []) out.add(s);
  }
  return out;
}

/** null if `signers` is a valid certificate of (h, r, v) for `state`, else why not. */
export function certificateProblem(config: CoreConfig, state: ConsensusState, h: number, r: number, v: string, signers: readonly string[]): string | null {
  if (new Set(signers).size !== signers.length) return `certificate of height ${h} names a signer twice: ${JSON.stringify(signers)}`;
  const holders = precommitHolders(state, h, r, v);
  const foreign = signers.filter((s) => !holders.has(s));
  if (foreign.length > 0) return `certificate of height ${h} names ${foreign.join(', ')}, whose PRECOMMIT(${h}, ${r}, ${v}) the process does not hold`;
  const power = powerOf(config.power, signers);
  if (power < quorum(config.totalPower)) return `certificate of height ${h} has signers of power ${power}, below the quorum ${quorum(config.totalPower)}`;
  return null;
}

export type MatchResult =
  /** `ordered`: the outputs came in the reaction's own order (else the freedom output-order). */
  | { ok: true; state: ConsensusState; ordered: boolean }
  | { ok: false; lines: string[] };

/**
 * Compares `answer` with `reaction` at `level`. On a match returns the reaction's state
 * with the implementation's certificates adopted (they are reported later in every
 * projection), which is the state the next step is judged from.
 */
export function match(config: CoreConfig, reaction: Reaction, answer: SutStepResult, level: Level): MatchResult {
  const lines: string[] = [];
  const ek: string[] = [];
  for (const o of reaction.outputs) { const k = coreKey(o, level); if (k !== null) ek.push(k); }
  const answered = keysOf(answer, level);
  const actual = answered.outputs;
  const ordered = sameList(ek, answered.keys);
  if (!ordered && !sameList(ek.sort(), answered.sorted)) {
    // The comparison failed: name each output as JSON (classify() reads these lines).
    const expected = judgedOutputs(normalOutputs(reaction.outputs), level);
    const rest = actual.map((o) => ({ k: key(o), o }));
    for (const o of expected) {
      const i = rest.findIndex((x) => x.k === key(o));
      if (i >= 0) rest.splice(i, 1);
      else lines.push(`outputs: missing ${JSON.stringify(o)}`);
    }
    for (const { o } of rest) lines.push(`outputs: unexpected ${JSON.stringify(o)}`);
  }
  let state = reaction.state;
  const adopt = (h: number, cert: string[]): void => {
    const d = state.decisions[h];
    if (d === undefined || sameJson([...d.cert.signers].sort(), cert)) return;
    state = { ...state, decisions: { ...state.decisions, [h]: { ...d, cert: { signers: cert } } } };
  };
  for (const o of actual) {
    if (o.kind !== 'decide' || lines.length > 0) continue;
    const problem = certificateProblem(config, reaction.state, o.height, o.round, o.value, o.cert);
    if (problem !== null) lines.push(`outputs: decide: ${problem}`);
    else adopt(o.height, o.cert);
  }
  if (level.level === 'full' && lines.length === 0) {
    for (const [h, d] of Object.entries(answer.projection.decisions)) {
      const mine = state.decisions[Number(h)];
      if (mine === undefined || mine.value !== d.value || mine.round !== d.round) continue; // the diff below says it
      if (sameJson([...mine.cert.signers].sort(), d.cert)) continue;
      const problem = certificateProblem(config, reaction.state, Number(h), d.round, d.value, d.cert);
      if (problem !== null) lines.push(`projection.decisions.${h}.cert: ${problem}`);
      else adopt(Number(h), d.cert);
    }
    if (!sameProjection(state, answer.projection)) lines.push(...diff(normalProjection(project(state)), answer.projection, 'projection'));
  }
  if (level.fired && answer.fired !== undefined && lines.length === 0 && !sameList(reaction.fired, answer.fired)) lines.push(...diff(reaction.fired, answer.fired, 'fired'));
  return lines.length === 0 ? { ok: true, state, ordered } : { ok: false, lines };
}

/** The legal reaction's judged outputs and projection, for a violation's report. */
export function describeReaction(reaction: Reaction, level: Level): { outputs: NormalOutput[]; projection?: NormalProjection; fired: readonly string[] } {
  return {
    outputs: judgedOutputs(normalOutputs(reaction.outputs), level),
    ...(level.level === 'full' ? { projection: normalProjection(project(reaction.state)) } : {}),
    fired: reaction.fired,
  };
}
