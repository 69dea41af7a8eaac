// Recordings as a TLA+ module of values (TLC 2.18 has no Json module to read them) and
// the cfg that checks them with spec/TraceConsensus.tla. Several recordings with the
// same validators go into one module, so one TLC run (one JVM start) checks a batch.
import type { NormalMessage, NormalOutput, NormalProjection } from '../conformance/normal.ts';
import { printSource, printValue, str, int, type TlaValue } from '../tlc/value.ts';
import { recordingMaxRound, recordingValues, type ModelStepRecord, type NormalEvent, type Recording } from './recording.ts';

const rec = (fields: [string, TlaValue][]): TlaValue => ({ kind: 'record', fields });
const set = (elems: TlaValue[]): TlaValue => {
  const uniq = new Map(elems.map((e) => [printValue(e), e]));
  return { kind: 'set', elems: [...uniq.values()] };
};
const seq = (elems: TlaValue[]): TlaValue => ({ kind: 'seq', elems });
const strs = (xs: readonly string[]): TlaValue => set(xs.map(str));
/** A name in a `\\*` comment: one line of printable ASCII, whatever the name holds. */
const comment = (s: string): string => s.replace(/[^\x20-\x7e]/g, '?');

export function tlaMessage(m: NormalMessage): TlaValue {
  return rec([['type', str(m.type)], ['src', str(m.src)], ['height', int(m.height)], ['round', int(m.round)],
    ['value', str(m.value)], ['validRound', int(m.validRound)], ['cert', strs(m.cert)]]);
}

function tlaEvent(e: NormalEvent): TlaValue {
  switch (e.kind) {
    case 'StartHeight': return rec([['kind', str(e.kind)], ['p', str(e.p)], ['height', int(e.height)], ['value', str(e.value)]]);
    case 'Deliver': return rec([['kind', str(e.kind)], ['p', str(e.p)], ['msg', tlaMessage(e.msg)], ['value', str(e.value)]]);
    case 'Timeout': return rec([['kind', str(e.kind)], ['p', str(e.p)], ['timeout', str(e.timeout)],
      ['height', int(e.height)], ['round', int(e.round)], ['value', str(e.value)]]);
    case 'ProposeValue': return rec([['kind', str(e.kind)], ['p', str(e.p)],
      ['height', int(e.height)], ['round', int(e.round)], ['value', str(e.value)]]);
  }
}

function tlaOutput(o: NormalOutput): TlaValue {
  switch (o.kind) {
    case 'broadcast': return rec([['kind', str(o.kind)], ['msg', tlaMessage(o.msg)]]);
    case 'scheduleTimeout': return rec([['kind', str(o.kind)], ['timeout', str(o.timeout)], ['height', int(o.height)], ['round', int(o.round)]]);
    case 'getValue': return rec([['kind', str(o.kind)], ['height', int(o.height)], ['round', int(o.round)]]);
    case 'decide': return rec([['kind', str(o.kind)], ['height', int(o.height)], ['value', str(o.value)], ['round', int(o.round)], ['cert', strs(o.cert)]]);
    case 'evidence': return rec([['kind', str(o.kind)], ['src', str(o.src)], ['type', str(o.type)], ['height', int(o.height)],
      ['round', int(o.round)], ['first', tlaMessage(o.first)], ['second', tlaMessage(o.second)]]);
  }
}

const NO_DECISION = rec([['value', str('none')], ['round', int(-1)], ['cert', set([])]]);

function tlaProjection(p: NormalProjection, maxHeight: number): TlaValue {
  const decisions: [TlaValue, TlaValue][] = [];
  for (let h = 1; h <= maxHeight; h++) {
    const d = p.decisions[String(h)];
    decisions.push([int(h), d === undefined ? NO_DECISION : rec([['value', str(d.value)], ['round', int(d.round)], ['cert', strs(d.cert)]])]);
  }
  return rec([['height', int(p.height)], ['round', int(p.round)], ['step', str(p.step)],
    ['lockedValue', str(p.lockedValue)], ['lockedRound', int(p.lockedRound)],
    ['validValue', str(p.validValue)], ['validRound', int(p.validRound)],
    ['decisions', { kind: 'fun', pairs: decisions }]]);
}

function tlaStep(s: ModelStepRecord, maxHeight: number): TlaValue {
  return rec([['p', str(s.p)], ['event', tlaEvent(s.event)], ['outputs', seq(s.outputs.map(tlaOutput))],
    ['fired', seq(s.fired.map(str))], ['proj', tlaProjection(s.proj, maxHeight)]]);
}

export interface Batch {
  /** The generated module (TraceRecording.tla) and the cfg of TraceConsensus.tla. */
  module: string;
  moduleText: string;
  cfg: string;
  cfgText: string;
  maxHeight: number;
  maxRound: number;
}

/** The key recordings must share to go into one batch: the model's constants that cannot vary. */
export const batchKey = (r: Recording): string => JSON.stringify([r.order, r.faulty]); // not joined: an id may hold ','

/**
 * Which reactions a recorded step may be (spec/TraceConsensus.tla's constant Verdict):
 * "contract", the contract's own (React), outputs in order; "paper", any reaction
 * Algorithm 1 allows (ReactAny, spec/ConsensusAny.tla), outputs as a multiset.
 */
export type Verdict = 'contract' | 'paper';
export const VERDICTS: readonly Verdict[] = ['contract', 'paper'];

/** One module and cfg for recordings with the same validators (same batchKey). */
export function batchModule(recs: readonly Recording[], next: 'TraceNext' | 'TraceNextDiagnose' = 'TraceNext', verdict: Verdict = 'contract'): Batch {
  const first = recs[0];
  if (first === undefined) throw new Error('batchModule: expected at least one recording');
  for (const r of recs) if (batchKey(r) !== batchKey(first)) throw new Error(`batchModule: ${r.name} has other validators than ${first.name}`);
  const valid = new Set<string>();
  const invalid = new Set<string>();
  let maxRound = 0;
  let maxHeight = 1;
  for (const r of recs) {
    const v = recordingValues(r);
    for (const x of v.valid) valid.add(x);
    for (const x of v.invalid) invalid.add(x);
    maxRound = Math.max(maxRound, recordingMaxRound(r));
    maxHeight = Math.max(maxHeight, r.heights);
  }
  if (valid.size === 0) valid.add('blk-unused');
  const sorted = (s: Set<string>): string[] => [...s].sort();
  const byz = recs.map((r) => set(r.byzantine.map(tlaMessage)));
  const lines = [
    '---- MODULE TraceRecording ----',
    `\\* Generated by src/validate/tla-module.ts from ${recs.length} recorded run(s): ${recs.map((r) => comment(r.name)).join(', ')}`,
    'EXTENDS Integers, TLC',
    `TCorr == ${printSource(strs(first.correct), 'validate: the correct validators')}`,
    `TFaulty == ${printSource(strs(first.faulty), 'validate: the faulty validators')}`,
    `TOrder == ${printSource(seq(first.order.map(str)), 'validate: the validator order')}`,
    `TValid == ${printSource(strs(sorted(valid)), 'validate: the valid values')}`,
    `TInvalid == ${printSource(strs(sorted(invalid)), 'validate: the invalid values')}`,
    `RecordedByz == <<${byz.map((b, k) => printSource(b, `validate: ${comment(recs[k]!.name)}'s Byzantine messages`)).join(',\n  ')}>>`,
    `TByzMsgs == UNION {RecordedByz[k] : k \\in DOMAIN RecordedByz}`,
    'Recording == <<',
    recs.map((r) => `  \\* ${comment(r.name)}\n  <<${r.steps.map((s, k) => printSource(tlaStep(s, maxHeight), `validate: ${comment(r.name)} step ${k + 1}`)).join(',\n    ')}>>`).join(',\n'),
    '>>',
    '====',
  ];
  const cfgText = [
    `\\* Generated by src/validate/tla-module.ts`,
    'CONSTANTS',
    '  Corr <- TCorr', '  Faulty <- TFaulty', '  Order <- TOrder', '  ValidValues <- TValid', '  InvalidValues <- TInvalid',
    `  MaxHeight = ${maxHeight}`, `  MaxRound = ${maxRound}`, '  ByzMsgs <- TByzMsgs',
    '  StaleTimeouts = TRUE', '  Redeliver = TRUE', '  ByzCommits = FALSE', '  Mutation = "none"', `  Verdict = "${verdict}"`,
    'INIT TraceInit', `NEXT ${next}`, '',
  ].join('\n');
  return { module: 'TraceRecording.tla', moduleText: lines.join('\n') + '\n', cfg: 'TraceConsensus.cfg', cfgText, maxHeight, maxRound };
}
