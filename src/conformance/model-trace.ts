// Reading a trace of spec/Consensus.tla (an ITF file, or a TLC trace) as a ModelTrace:
// the variables `params`, `ps`, `event`, `outputs` and `fired` mapped onto the
// contract's TypeScript shapes. Anything unexpected is an error naming the state and
// the place, never a guess.
import { idRecord, validatorIdProblem } from '../core/ids.ts';
import type { ConsensusEvent, ConsensusMessage, MessageType, TimeoutKind } from '../core/types.ts';
import { itfToTrace } from '../tlc/itf.ts';
import type { Trace } from '../tlc/trace.ts';
import type { TlaValue } from '../tlc/value.ts';
import { sameJson, type NormalMessage, type NormalOutput, type NormalProjection } from './normal.ts';
import type { ModelStep, ModelTrace, TraceParams } from './replay.ts';

type Js = null | boolean | number | string | Js[] | { [k: string]: Js };

/** A TLA+ value as plain JSON: sets become sorted arrays, functions with scalar keys objects. */
export function toJs(v: TlaValue): Js {
  switch (v.kind) {
    case 'int': return Number(v.value);
    case 'str': return v.value;
    case 'bool': return v.value;
    case 'modelValue': return v.name;
    case 'seq': return v.elems.map(toJs);
    case 'set': return v.elems.map(toJs).sort((a, b) => cmp(JSON.stringify(a), JSON.stringify(b)));
    case 'record': return idRecord(v.fields.map(([k, x]) => [k, toJs(x)] as const));
    case 'fun': return idRecord(v.pairs.map(([k, x]) => [String(toJs(k)), toJs(x)] as const));
  }
}

function cmp(a: string, b: string): number { return a < b ? -1 : a > b ? 1 : 0; }

class Reader {
  constructor(private readonly where: string) {}
  fail(path: string, msg: string): never { throw new Error(`${this.where}: ${path}: ${msg}`); }
  obj(x: Js | undefined, path: string): { [k: string]: Js } {
    if (typeof x !== 'object' || x === null || Array.isArray(x)) this.fail(path, `expected a record, got ${JSON.stringify(x)}`);
    return x;
  }
  arr(x: Js | undefined, path: string): Js[] {
    // A function over 1..n prints as a sequence; an empty function as << >>.
    if (Array.isArray(x)) return x;
    this.fail(path, `expected a sequence, got ${JSON.stringify(x)}`);
  }
  str(x: Js | undefined, path: string): string {
    if (typeof x !== 'string') this.fail(path, `expected a string, got ${JSON.stringify(x)}`);
    return x;
  }
  int(x: Js | undefined, path: string): number {
    if (typeof x !== 'number' || !Number.isSafeInteger(x)) this.fail(path, `expected an integer, got ${JSON.stringify(x)}`);
    return x;
  }
  strings(x: Js | undefined, path: string): string[] {
    return this.arr(x, path).map((e, i) => this.str(e, `${path}[${i}]`));
  }
  /** A function over heights or processes: an object, or a sequence indexed from 1. */
  keyed(x: Js | undefined, path: string): [string, Js][] {
    if (Array.isArray(x)) return x.map((e, i) => [String(i + 1), e]);
    return Object.entries(this.obj(x, path));
  }
}

function message(r: Reader, x: Js | undefined, path: string): NormalMessage {
  const m = r.obj(x, path);
  return {
    type: r.str(m.type, `${path}.type`), src: r.str(m.src, `${path}.src`),
    height: r.int(m.height, `${path}.height`), round: r.int(m.round, `${path}.round`),
    value: r.str(m.value, `${path}.value`), validRound: r.int(m.validRound, `${path}.validRound`),
    cert: r.strings(m.cert, `${path}.cert`).sort(),
  };
}

/** The model's message as the core's input (abstract signatures: no signature field). */
export function toCoreMessage(m: NormalMessage): ConsensusMessage {
  const msg: ConsensusMessage = { type: m.type as MessageType, src: m.src, height: m.height, round: m.round,
    value: m.value, validRound: m.validRound };
  if (m.type === 'COMMIT') msg.cert = { signers: [...m.cert] };
  return msg;
}

function output(r: Reader, x: Js | undefined, path: string): NormalOutput {
  const o = r.obj(x, path);
  const kind = r.str(o.kind, `${path}.kind`);
  switch (kind) {
    case 'broadcast': return { kind, msg: message(r, o.msg, `${path}.msg`) };
    case 'scheduleTimeout':
      return { kind, timeout: r.str(o.timeout, `${path}.timeout`), height: r.int(o.height, `${path}.height`), round: r.int(o.round, `${path}.round`) };
    case 'getValue': return { kind, height: r.int(o.height, `${path}.height`), round: r.int(o.round, `${path}.round`) };
    case 'decide':
      return { kind, height: r.int(o.height, `${path}.height`), value: r.str(o.value, `${path}.value`),
        round: r.int(o.round, `${path}.round`), cert: r.strings(o.cert, `${path}.cert`).sort() };
    case 'evidence':
      return { kind, src: r.str(o.src, `${path}.src`), type: r.str(o.type, `${path}.type`),
        height: r.int(o.height, `${path}.height`), round: r.int(o.round, `${path}.round`),
        first: message(r, o.first, `${path}.first`), second: message(r, o.second, `${path}.second`) };
    default: return r.fail(`${path}.kind`, `unknown output kind ${JSON.stringify(kind)}`);
  }
}

function projection(r: Reader, x: Js | undefined, path: string): NormalProjection {
  const l = r.obj(x, path);
  const decisions: NormalProjection['decisions'] = idRecord();
  for (const [h, d] of r.keyed(l.decisions, `${path}.decisions`)) {
    const dd = r.obj(d, `${path}.decisions[${h}]`);
    if (dd.value === 'none') continue; // NoDecision
    decisions[h] = { value: r.str(dd.value, `${path}.decisions[${h}].value`), round: r.int(dd.round, `${path}.decisions[${h}].round`),
      cert: r.strings(dd.cert, `${path}.decisions[${h}].cert`).sort() };
  }
  return {
    height: r.int(l.height, `${path}.height`), round: r.int(l.round, `${path}.round`), step: r.str(l.step, `${path}.step`),
    lockedValue: r.str(l.lockedValue, `${path}.lockedValue`), lockedRound: r.int(l.lockedRound, `${path}.lockedRound`),
    validValue: r.str(l.validValue, `${path}.validValue`), validRound: r.int(l.validRound, `${path}.validRound`), decisions,
  };
}

function event(r: Reader, x: Js | undefined, path: string): { p: string; event: ConsensusEvent } | null {
  const e = r.obj(x, path);
  const kind = r.str(e.kind, `${path}.kind`);
  if (kind === 'Init') return null;
  const p = r.str(e.p, `${path}.p`);
  const value = r.str(e.value, `${path}.value`);
  switch (kind) {
    case 'StartHeight': return { p, event: { kind, height: r.int(e.height, `${path}.height`), value } };
    case 'Deliver': return { p, event: { kind, msg: toCoreMessage(message(r, e.msg, `${path}.msg`)), value } };
    case 'Timeout': {
      const timeout = r.str(e.timeout, `${path}.timeout`);
      if (timeout !== 'propose' && timeout !== 'prevote' && timeout !== 'precommit') r.fail(`${path}.timeout`, `unknown timeout ${JSON.stringify(timeout)}`);
      return { p, event: { kind, timeout: timeout as TimeoutKind, height: r.int(e.height, `${path}.height`), round: r.int(e.round, `${path}.round`), value } };
    }
    case 'ProposeValue': return { p, event: { kind, height: r.int(e.height, `${path}.height`), round: r.int(e.round, `${path}.round`), value } };
    default: return r.fail(`${path}.kind`, `unknown event kind ${JSON.stringify(kind)}`);
  }
}

/**
 * The conventions of a trace's params (docs/contract.md, "Conventions"): `power` (a
 * function from validators to integers), `proposer` ("round-robin", "proposer-priority"
 * or a sequence per height of a sequence per round), `firstHeight` (1 or 0), `getValue` ("within-step"
 * or "later-event") and `ownMessages` ("counted-at-once" or "delivered-back"). Absent in
 * traces made before them, and normalized away when they hold the defaults (power 1
 * each, round-robin, first height 1, within the step, counted at once).
 */
function conventionParams(r: Reader, pr: { [k: string]: Js }): Pick<TraceParams, 'power' | 'proposer' | 'firstHeight' | 'getValue' | 'ownMessages'> {
  const out: Pick<TraceParams, 'power' | 'proposer' | 'firstHeight' | 'getValue' | 'ownMessages'> = {};
  if (pr.ownMessages !== undefined) {
    const om = r.str(pr.ownMessages, 'params.ownMessages');
    if (om !== 'counted-at-once' && om !== 'delivered-back') r.fail('params.ownMessages', `expected "counted-at-once" or "delivered-back", got ${JSON.stringify(om)}`);
    if (om === 'delivered-back') out.ownMessages = 'delivered-back';
  }
  if (pr.getValue !== undefined) {
    const gv = r.str(pr.getValue, 'params.getValue');
    if (gv !== 'within-step' && gv !== 'later-event') r.fail('params.getValue', `expected "within-step" or "later-event", got ${JSON.stringify(gv)}`);
    if (gv === 'later-event') out.getValue = 'later-event';
  }
  if (pr.firstHeight !== undefined) {
    const fh = r.int(pr.firstHeight, 'params.firstHeight');
    if (fh !== 0 && fh !== 1) r.fail('params.firstHeight', `expected 0 or 1, got ${fh}`);
    if (fh === 0) out.firstHeight = 0;
  }
  if (pr.power !== undefined) {
    const power = idRecord(Object.entries(r.obj(pr.power, 'params.power')).map(([k, x]) => [k, r.int(x, `params.power.${k}`)] as const));
    if (Object.values(power).some((x) => x !== 1)) out.power = power;
  }
  if (pr.proposer === 'proposer-priority') out.proposer = 'proposer-priority';
  else if (pr.proposer !== undefined && pr.proposer !== 'round-robin') {
    out.proposer = r.arr(pr.proposer, 'params.proposer').map((row, i) => r.strings(row, `params.proposer[${i}]`));
  }
  return out;
}

/** Reads a parsed trace of Consensus.tla. `source` names it in errors and reports. */
export function modelTraceFromTrace(trace: Trace, source: string): ModelTrace {
  const r = new Reader(source);
  const first = trace.steps[0];
  if (first === undefined) r.fail('states', 'expected at least one state');
  const get = (i: number, name: string): Js => {
    const v = trace.steps[i]!.state.get(name);
    return v === undefined ? r.fail(`state ${i}`, `missing variable "${name}"`) : toJs(v);
  };
  const pr = r.obj(get(0, 'params'), 'state 0.params');
  const params: TraceParams = {
    validators: r.strings(pr.validators, 'params.validators'),
    correct: r.strings(pr.correct, 'params.correct'),
    validValues: r.strings(pr.validValues, 'params.validValues'),
    maxRound: r.int(pr.maxRound, 'params.maxRound'),
    maxHeight: r.int(pr.maxHeight, 'params.maxHeight'),
    ...conventionParams(r, pr),
  };
  for (const [i, v] of params.validators.entries()) {
    const problem = validatorIdProblem(v);
    if (problem !== null) r.fail(`params.validators[${i}]`, problem);
  }
  const steps: ModelStep[] = [];
  trace.steps.forEach((_, i) => {
    const ps = idRecord(r.keyed(get(i, 'ps'), `state ${i}.ps`));
    const projections = idRecord<NormalProjection>();
    for (const p of params.correct) {
      // An unchanged projection is shared with the previous state (replay then compares by identity).
      const x = projection(r, ps[p], `state ${i}.ps.${p}`);
      const before = steps[i - 1]?.projections[p];
      projections[p] = before !== undefined && sameJson(before, x) ? before : x;
    }
    const ev = event(r, get(i, 'event'), `state ${i}.event`);
    steps.push({
      index: i, event: ev, action: ev === null ? 'Init' : ev.event.kind,
      outputs: r.arr(get(i, 'outputs'), `state ${i}.outputs`).map((o, j) => output(r, o, `state ${i}.outputs[${j}]`)),
      fired: r.strings(get(i, 'fired'), `state ${i}.fired`),
      projections,
    });
  });
  return { source, params, steps };
}

/** Reads an ITF file's JSON. */
export function modelTraceFromItf(json: unknown, source: string): ModelTrace {
  let trace: Trace;
  try {
    trace = itfToTrace(json).trace;
  } catch (e) {
    throw new Error(`${source}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return modelTraceFromTrace(trace, source);
}
