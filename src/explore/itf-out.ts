// A model run (model-run.ts) as an ITF trace of spec/Consensus.tla, with the variables
// the oracle's reader (src/conformance/model-trace.ts) and `show` read: params, ps (the
// projection of each correct process), msgs (every message sent so far, Byzantine ones
// included), event, outputs, fired. Integers as {"#bigint"}, sets {"#set"}
// (src/tlc/itf.ts); decisions as a sequence over heights 1..maxHeight, "none" undecided.
import type { NormalMessage, NormalOutput, NormalProjection } from '../conformance/normal.ts';
import type { ConsensusEvent } from '../core/types.ts';
import type { ItfState, ItfTrace, ItfValue } from '../tlc/itf.ts';
import { normalEvent } from '../validate/recording.ts';
import type { ModelRun } from './model-run.ts';

const big = (n: number): ItfValue => ({ '#bigint': String(n) });
const set = (xs: ItfValue[]): ItfValue => ({ '#set': xs });

function message(m: NormalMessage): ItfValue {
  return { type: m.type, src: m.src, height: big(m.height), round: big(m.round), value: m.value, validRound: big(m.validRound), cert: set([...m.cert].sort()) };
}

function output(o: NormalOutput): ItfValue {
  switch (o.kind) {
    case 'broadcast': return { kind: o.kind, msg: message(o.msg) };
    case 'scheduleTimeout': return { kind: o.kind, timeout: o.timeout, height: big(o.height), round: big(o.round) };
    case 'getValue': return { kind: o.kind, height: big(o.height), round: big(o.round) };
    case 'decide': return { kind: o.kind, height: big(o.height), value: o.value, round: big(o.round), cert: set([...o.cert].sort()) };
    case 'evidence': return { kind: o.kind, src: o.src, type: o.type, height: big(o.height), round: big(o.round), first: message(o.first), second: message(o.second) };
  }
}

function projection(p: NormalProjection, maxHeight: number): ItfValue {
  const decisions: ItfValue[] = [];
  for (let h = 1; h <= maxHeight; h++) {
    const d = p.decisions[String(h)];
    decisions.push(d === undefined ? { value: 'none', round: big(-1), cert: set([]) } : { value: d.value, round: big(d.round), cert: set([...d.cert].sort()) });
  }
  return { height: big(p.height), round: big(p.round), step: p.step, lockedValue: p.lockedValue, lockedRound: big(p.lockedRound),
    validValue: p.validValue, validRound: big(p.validRound), decisions };
}

function event(p: string, e: ConsensusEvent): ItfValue {
  const n = normalEvent(p, e);
  switch (n.kind) {
    case 'StartHeight': return { kind: n.kind, p, height: big(n.height), value: n.value };
    case 'Deliver': return { kind: n.kind, p, msg: message(n.msg), value: n.value };
    case 'Timeout': return { kind: n.kind, p, timeout: n.timeout, height: big(n.height), round: big(n.round), value: n.value };
    case 'ProposeValue': return { kind: n.kind, p, height: big(n.height), round: big(n.round), value: n.value };
  }
}

export function modelRunToItf(run: ModelRun, meta: Record<string, unknown>): ItfTrace {
  const { params } = run;
  const faulty = params.validators.filter((v) => !params.correct.includes(v));
  const invalid = new Set<string>();
  const seen = (m: NormalMessage): void => { if (m.value !== 'nil' && !params.validValues.includes(m.value)) invalid.add(m.value); };
  for (const m of run.byzantine) seen(m);
  const paramsValue: ItfValue = { validators: [...params.validators], correct: set([...params.correct]), faulty: set(faulty),
    validValues: set([...params.validValues]), invalidValues: set([...invalid].sort()), maxHeight: big(params.maxHeight), maxRound: big(params.maxRound) };
  const ps = (projs: Record<string, NormalProjection>): ItfValue =>
    Object.fromEntries(params.correct.map((p) => [p, projection(projs[p]!, params.maxHeight)]));
  const msgs = new Map<string, ItfValue>();
  const msgsValue = (): ItfValue => set([...msgs.values()]);
  // Byzantine messages are in the network from the start (the model's ByzMsgs).
  for (const m of run.byzantine) msgs.set(JSON.stringify(m), message(m));
  const states: ItfState[] = [{ '#meta': { index: 0 }, params: paramsValue, ps: ps(run.initial), msgs: msgsValue(), event: { kind: 'Init' }, outputs: [], fired: [] }];
  run.steps.forEach((s, i) => {
    for (const o of s.outputs) if (o.kind === 'broadcast') msgs.set(JSON.stringify(o.msg), message(o.msg));
    states.push({ '#meta': { index: i + 1, action: s.event.kind }, params: paramsValue, ps: ps(s.projections), msgs: msgsValue(),
      event: event(s.p, s.event), outputs: s.outputs.map(output), fired: [...s.fired] });
  });
  return { '#meta': { format: 'ITF', 'format-description': 'https://apalache-mc.org/docs/adr/015adr-trace.html', source: 'hybrid-bft explore', ...meta },
    vars: ['params', 'ps', 'msgs', 'event', 'outputs', 'fired'], states };
}
