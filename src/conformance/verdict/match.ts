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

/** A decision's key without its certificate: the certificate is judged by validity. */
function key(o: NormalOutput): string {
  return o.kind === 'decide' ? JSON.stringify(['decide', o.height, o.value, o.round]) : JSON.stringify(o);
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
  | { ok: true; state: ConsensusState }
  | { ok: false; lines: string[] };

/**
 * Compares `answer` with `reaction` at `level`. On a match returns the reaction's state
 * with the implementation's certificates adopted (they are reported later in every
 * projection), which is the state the next step is judged from.
 */
export function match(config: CoreConfig, reaction: Reaction, answer: SutStepResult, level: Level): MatchResult {
  const lines: string[] = [];
  const expected = judgedOutputs(normalOutputs(reaction.outputs), level);
  const actual = judgedOutputs(answer.outputs, level);
  const ek = expected.map(key).sort();
  const ak = actual.map(key).sort();
  if (!sameJson(ek, ak)) {
    const rest = [...ak];
    for (const k of ek) {
      const i = rest.indexOf(k);
      if (i >= 0) rest.splice(i, 1);
      else lines.push(`outputs: missing ${k}`);
    }
    for (const k of rest) lines.push(`outputs: unexpected ${k}`);
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
    lines.push(...diff(normalProjection(project(state)), answer.projection, 'projection'));
  }
  if (level.fired && answer.fired !== undefined && lines.length === 0) lines.push(...diff(reaction.fired, answer.fired, 'fired'));
  return lines.length === 0 ? { ok: true, state } : { ok: false, lines };
}

/** The legal reaction's judged outputs and projection, for a violation's report. */
export function describeReaction(reaction: Reaction, level: Level): { outputs: NormalOutput[]; projection?: NormalProjection; fired: readonly string[] } {
  return {
    outputs: judgedOutputs(normalOutputs(reaction.outputs), level),
    ...(level.level === 'full' ? { projection: normalProjection(project(reaction.state)) } : {}),
    fired: reaction.fired,
  };
}
