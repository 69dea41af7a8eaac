// Scripted traces that reach each freedom the corpus does not (freedoms.ts): a list of
// events played on the reference core, recorded as a ModelTrace (the core's behaviour,
// which replay shows equal to the model's on the corpus). The verdict judges an
// implementation by its shadow, not by these states, so a scripted trace serves it as
// any model trace does: a legal variant must pass each, and differ from the contract
// on the one made for its freedom (test/conformance/verdict.test.ts).
import { initState, project, step } from '../../core/step.ts';
import type { ConsensusEvent, ConsensusMessage, MessageType } from '../../core/types.ts';
import { traceConfig } from '../core-sut.ts';
import { normalOutputs, normalProjection } from '../normal.ts';
import type { ModelStep, ModelTrace, TraceParams } from '../replay.ts';
import type { Freedom } from './freedoms.ts';

type Script = [process: string, event: ConsensusEvent][];

/** The reference core's behaviour on `script`, as a trace. Throws on a script the core refuses (a caller bug). */
export function scriptedTrace(source: string, params: TraceParams, script: Script): ModelTrace {
  const configs = new Map(params.correct.map((p) => [p, traceConfig(p, params)]));
  const states = new Map(params.correct.map((p) => [p, initState(configs.get(p)!)]));
  const projections = () => Object.fromEntries([...states].map(([p, s]) => [p, normalProjection(project(s))]));
  const steps: ModelStep[] = [{ index: 0, event: null, action: 'Init', outputs: [], fired: [], projections: projections() }];
  for (const [i, [p, event]] of script.entries()) {
    const r = step(configs.get(p)!, states.get(p)!, event);
    states.set(p, r.state);
    steps.push({ index: i + 1, event: { p, event }, action: event.kind, outputs: normalOutputs(r.outputs), fired: [...r.fired], projections: projections() });
  }
  return { source, params, steps };
}

const msg = (type: MessageType, src: string, round: number, value: string, extra: Partial<ConsensusMessage> = {}): ConsensusMessage =>
  ({ type, src, height: 1, round, value, validRound: -1, ...extra });
const deliver = (p: string, m: ConsensusMessage): [string, ConsensusEvent] => [p, { kind: 'Deliver', msg: m, value: 'none' }];
const start = (p: string, value = 'none'): [string, ConsensusEvent] => [p, { kind: 'StartHeight', height: 1, value }];

const FOUR: TraceParams = { validators: ['c1', 'c2', 'c3', 'b1'], correct: ['c1', 'c2', 'c3'], validValues: ['v1', 'v2'], maxRound: 3, maxHeight: 1 };
const SEVEN: TraceParams = { validators: ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'b1'], correct: ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'], validValues: ['v1', 'v2'], maxRound: 1, maxHeight: 1 };

/** One scripted trace per freedom the corpus does not reach (the source names the freedom). */
export function freedomScenarios(): { freedom: Freedom; trace: ModelTrace }[] {
  return [
    // Rounds 1 and 2 both have f+1 senders when c3 starts the height: L55 may start either.
    { freedom: 'skip-round', trace: scriptedTrace('scenario/skip-round', FOUR, [
      deliver('c3', msg('PREVOTE', 'b1', 1, 'nil')), deliver('c3', msg('PREVOTE', 'c1', 1, 'nil')),
      deliver('c3', msg('PREVOTE', 'b1', 2, 'nil')), deliver('c3', msg('PREVOTE', 'c2', 2, 'nil')),
      start('c3', 'v1'),
    ]) },
    // Proposals and precommit quorums for v1 in rounds 0 and 1: L49 may decide in either.
    { freedom: 'decision-round', trace: scriptedTrace('scenario/decision-round', FOUR, [
      deliver('c3', msg('PROPOSAL', 'c1', 0, 'v1')), deliver('c3', msg('PROPOSAL', 'c2', 1, 'v1', { validRound: 0 })),
      ...['c1', 'c2', 'b1'].flatMap((s) => [deliver('c3', msg('PRECOMMIT', s, 0, 'v1')), deliver('c3', msg('PRECOMMIT', s, 1, 'v1'))]),
      start('c3', 'v1'),
    ]) },
    // Two valid COMMITs of rounds 0 and 1: UponCommit may take either.
    { freedom: 'commit-choice', trace: scriptedTrace('scenario/commit-choice', FOUR, [
      deliver('c3', msg('COMMIT', 'c1', 0, 'v1', { cert: { signers: ['b1', 'c1', 'c2'] } })),
      deliver('c3', msg('COMMIT', 'c2', 1, 'v1', { cert: { signers: ['b1', 'c1', 'c2'] } })),
      start('c3', 'v1'),
    ]) },
    // Six precommits for a quorum of five: the decision may carry any five or more.
    { freedom: 'certificate-subset', trace: scriptedTrace('scenario/certificate-subset', SEVEN, [
      deliver('c6', msg('PROPOSAL', 'c1', 0, 'v1')),
      ...['c1', 'c2', 'c3', 'c4', 'c5', 'b1'].map((s) => deliver('c6', msg('PRECOMMIT', s, 0, 'v1'))),
      start('c6'),
    ]) },
    // b1, the proposer of round 0, proposes v1 and then v2 before c1 starts: either may be "the" proposal.
    { freedom: 'proposal-choice', trace: scriptedTrace('scenario/proposal-choice', { ...FOUR, validators: ['b1', 'c1', 'c2', 'c3'] }, [
      deliver('c1', msg('PROPOSAL', 'b1', 0, 'v1')), deliver('c1', msg('PROPOSAL', 'b1', 0, 'v2')),
      start('c1'),
    ]) },
    // b1 prevotes nil, v2 and then v1: counting the third vote completes c2's polka for v1.
    { freedom: 'votes-beyond-slots', trace: scriptedTrace('scenario/votes-beyond-slots', FOUR, [
      start('c2'), [ 'c2', { kind: 'Timeout', timeout: 'propose', height: 1, round: 0, value: 'none' }],
      deliver('c2', msg('PROPOSAL', 'c1', 0, 'v1')),
      deliver('c2', msg('PREVOTE', 'b1', 0, 'nil')), deliver('c2', msg('PREVOTE', 'b1', 0, 'v2')), deliver('c2', msg('PREVOTE', 'b1', 0, 'v1')),
      deliver('c2', msg('PREVOTE', 'c1', 0, 'v1')), deliver('c2', msg('PREVOTE', 'c3', 0, 'v1')),
    ]) },
  ];
}
