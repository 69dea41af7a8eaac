// The Informal Trace Format (ITF, Apalache ADR-015) for our traces.
// Writing: integers always as {"#bigint": "..."}, sets {"#set": [...]}, sequences and
// tuples as plain arrays (TLC prints both as <<...>> and cannot tell them apart),
// records as objects, functions {"#map": [[k, v], ...]}, strings, booleans, and model
// values as {"#unserializable": "<name>"} (so that they never collide with strings:
// the contract's validators and values are strings). Reading also accepts plain JSON
// numbers (safe integers) and {"#tup": [...]} (as a sequence). Record fields and
// variables are any names (docs/contract.md, "Identifiers"): `__proto__` too.
import { idRecord, own } from '../core/ids.ts';
import { assertNever } from '../core/types.ts';
import type { Trace } from './trace.ts';
import type { TlaState, TlaValue } from './value.ts';

export type ItfValue =
  | boolean | string | number
  | ItfValue[]
  | { [key: string]: ItfValue };

export interface ItfState { '#meta'?: { index?: number; [k: string]: unknown }; [name: string]: unknown }

export interface ItfTrace {
  '#meta'?: Record<string, unknown>;
  params?: string[];
  vars: string[];
  states: ItfState[];
  loop?: number;
}

export function toItfValue(v: TlaValue): ItfValue {
  switch (v.kind) {
    case 'int': return { '#bigint': v.value.toString() };
    case 'str': return v.value;
    case 'bool': return v.value;
    case 'modelValue': return { '#unserializable': v.name };
    case 'set': return { '#set': v.elems.map(toItfValue) };
    case 'seq': return v.elems.map(toItfValue);
    case 'record': {
      const o = idRecord<ItfValue>();
      for (const [k, x] of v.fields) {
        if (k.startsWith('#')) throw new Error(`toItfValue: record field "${k}" starts with '#', which ITF reserves`);
        o[k] = toItfValue(x);
      }
      return o;
    }
    case 'fun': return { '#map': v.pairs.map(([k, x]) => [toItfValue(k), toItfValue(x)]) };
    default: return assertNever(v);
  }
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Reads an ITF value; `path` names where it is, for error messages. */
export function fromItfValue(x: unknown, path = 'value'): TlaValue {
  if (typeof x === 'boolean') return { kind: 'bool', value: x };
  if (typeof x === 'string') return { kind: 'str', value: x };
  if (typeof x === 'number') {
    if (!Number.isSafeInteger(x)) throw new Error(`fromItfValue: ${path}: expected an integer, got ${x}`);
    return { kind: 'int', value: BigInt(x) };
  }
  if (Array.isArray(x)) return { kind: 'seq', elems: x.map((e, i) => fromItfValue(e, `${path}[${i}]`)) };
  if (!isObject(x)) throw new Error(`fromItfValue: ${path}: expected a JSON value of ITF, got ${x === null ? 'null' : typeof x}`);
  const keys = Object.keys(x);
  const tagged = (tag: string): unknown => {
    if (keys.length !== 1) throw new Error(`fromItfValue: ${path}: expected only "${tag}" in a tagged object, got keys ${keys.join(', ')}`);
    return own(x, tag);
  };
  const has = (tag: string): boolean => Object.hasOwn(x, tag);
  const list = (tag: string): unknown[] => {
    const v = tagged(tag);
    if (!Array.isArray(v)) throw new Error(`fromItfValue: ${path}: expected an array under "${tag}", got ${typeof v}`);
    return v;
  };
  if (has('#bigint')) {
    const s = tagged('#bigint');
    if (typeof s !== 'string' || !/^-?[0-9]+$/.test(s)) throw new Error(`fromItfValue: ${path}: expected "#bigint" to be a decimal string, got ${JSON.stringify(s)}`);
    return { kind: 'int', value: BigInt(s) };
  }
  if (has('#set')) return { kind: 'set', elems: list('#set').map((e, i) => fromItfValue(e, `${path}.#set[${i}]`)) };
  if (has('#tup')) return { kind: 'seq', elems: list('#tup').map((e, i) => fromItfValue(e, `${path}.#tup[${i}]`)) };
  if (has('#map')) {
    const pairs = list('#map').map((p, i): [TlaValue, TlaValue] => {
      if (!Array.isArray(p) || p.length !== 2) throw new Error(`fromItfValue: ${path}.#map[${i}]: expected a [key, value] pair`);
      return [fromItfValue(p[0], `${path}.#map[${i}][0]`), fromItfValue(p[1], `${path}.#map[${i}][1]`)];
    });
    // TLC prints an empty function as an empty sequence: keep one representation.
    return pairs.length === 0 ? { kind: 'seq', elems: [] } : { kind: 'fun', pairs };
  }
  if (has('#unserializable')) {
    const s = tagged('#unserializable');
    if (typeof s !== 'string') throw new Error(`fromItfValue: ${path}: expected "#unserializable" to be a string`);
    return { kind: 'modelValue', name: s };
  }
  const bad = keys.find((k) => k.startsWith('#'));
  if (bad !== undefined) throw new Error(`fromItfValue: ${path}: unknown ITF tag "${bad}"`);
  if (keys.length === 0) throw new Error(`fromItfValue: ${path}: expected a record with at least one field, got {}`);
  return { kind: 'record', fields: keys.map((k) => [k, fromItfValue(x[k], `${path}.${k}`)]) };
}

/** Writes a trace as ITF; `meta` goes to the top-level "#meta". */
export function traceToItf(trace: Trace, meta: Record<string, unknown>): ItfTrace {
  const first = trace.steps[0];
  if (first === undefined) throw new Error('traceToItf: expected a trace with at least one state, got none');
  const vars = [...first.state.keys()];
  const states = trace.steps.map((s, i): ItfState => {
    const o: ItfState = idRecord<unknown>();
    o['#meta'] = { index: i, ...(s.action === undefined ? {} : { action: s.action }) };
    for (const v of vars) {
      const x = s.state.get(v);
      if (x === undefined) throw new Error(`traceToItf: state ${i} has no variable "${v}"`);
      o[v] = toItfValue(x);
    }
    return o;
  });
  const itf: ItfTrace = { '#meta': { format: 'ITF', 'format-description': 'https://apalache-mc.org/docs/adr/015adr-trace.html', ...meta }, vars, states };
  // ITF's loop is the 0-based index of the state the lasso returns to.
  if (trace.loop !== undefined) itf.loop = trace.loop.toIndex - 1;
  // ITF has no word for it: a liveness counterexample that ends by stuttering forever.
  if (trace.stuttering === true) itf['#meta']!.stutteringAtEnd = true;
  return itf;
}

/** Reads an ITF trace (already JSON-parsed); throws naming the bad place. */
export function itfToTrace(json: unknown): { trace: Trace; meta: Record<string, unknown> } {
  if (!isObject(json)) throw new Error('itfToTrace: expected a JSON object');
  const { vars, states } = json;
  if (!Array.isArray(vars) || !vars.every((v) => typeof v === 'string')) throw new Error('itfToTrace: expected "vars" to be an array of strings');
  if (!Array.isArray(states)) throw new Error('itfToTrace: expected "states" to be an array');
  const steps = states.map((st, i) => {
    if (!isObject(st)) throw new Error(`itfToTrace: states[${i}]: expected an object`);
    const m = own(st, '#meta');
    const meta = isObject(m) ? m : {};
    const state: TlaState = new Map();
    for (const v of vars as string[]) {
      if (!Object.hasOwn(st, v)) throw new Error(`itfToTrace: states[${i}]: missing variable "${v}"`);
      state.set(v, fromItfValue(own(st, v), `states[${i}].${v}`));
    }
    const action = typeof meta.action === 'string' ? meta.action : undefined;
    return { index: i + 1, action, location: undefined, state };
  });
  const trace: Trace = { steps };
  if (typeof json.loop === 'number') trace.loop = { toIndex: json.loop + 1, action: undefined };
  const meta = isObject(json['#meta']) ? json['#meta'] : {};
  if (meta.stutteringAtEnd === true) trace.stuttering = true;
  return { trace, meta };
}
