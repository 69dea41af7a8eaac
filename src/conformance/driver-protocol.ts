// The consensus half of the driver protocol (docs/driver-protocol.md): the JSON of
// events, messages, outputs and projections on the wire, read strictly, and the server
// side for any ConsensusSut. Framing, `hello` and the vector ops are docs/vectors.md's.
import type { Readable, Writable } from 'node:stream';
import { createInterface } from 'node:readline';
import { idRecord, own, validatorIdProblem } from '../core/ids.ts';
import { assertNever, type ConsensusEvent, type MessageType, type TimeoutKind } from '../core/types.ts';
import { lineWriter, PROTOCOL } from '../vectors/driver.ts';
import { answer as answerVector, OPS as VECTOR_OPS, parseRequest } from '../vectors/driver-server.ts';
import type { VectorImpl } from '../vectors/impl.ts';
import { toCoreMessage } from './model-trace.ts';
import { normalMessage, type NormalMessage, type NormalOutput, type NormalProjection } from './normal.ts';
import type { ConsensusSut, TraceParams } from './replay.ts';

export const CONSENSUS_OPS = ['consensus.reset', 'consensus.step'] as const;

type Json = { [k: string]: unknown };

/** Thrown for JSON that does not have the documented shape; `path` says where. */
export class ShapeError extends Error {}

const MESSAGE_TYPES: readonly MessageType[] = ['PROPOSAL', 'PREVOTE', 'PRECOMMIT', 'COMMIT'];
const TIMEOUTS: readonly TimeoutKind[] = ['propose', 'prevote', 'precommit'];
const STEPS = ['propose', 'prevote', 'precommit', 'commit'];

// ---------------------------------------------------------------- reading JSON strictly

function obj(x: unknown, path: string, fields: readonly string[], optional: readonly string[] = []): Json {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) throw new ShapeError(`${path}: expected an object, got ${show(x)}`);
  const o = x as Json;
  for (const k of Object.keys(o)) {
    if (!fields.includes(k) && !optional.includes(k)) throw new ShapeError(`${path}: unknown field '${k}' (expected ${fields.join(', ')})`);
  }
  for (const k of fields) if (!Object.hasOwn(o, k)) throw new ShapeError(`${path}: missing field '${k}'`);
  // A null-prototype copy (docs/contract.md, "Identifiers"): a field named by an id
  // (`constructor`, `__proto__`) reads as its own entry, an absent one as undefined.
  return idRecord(Object.entries(o));
}

function str(x: unknown, path: string, allowed?: readonly string[]): string {
  if (typeof x !== 'string') throw new ShapeError(`${path}: expected a string, got ${show(x)}`);
  if (allowed !== undefined && !allowed.includes(x)) throw new ShapeError(`${path}: expected one of ${allowed.join(', ')}, got ${show(x)}`);
  return x;
}

function oneOf<T extends string>(x: unknown, path: string, allowed: readonly T[]): T {
  return str(x, path, allowed) as T;
}

function int(x: unknown, path: string): number {
  if (typeof x !== 'number' || !Number.isSafeInteger(x)) throw new ShapeError(`${path}: expected an integer, got ${show(x)}`);
  return x;
}

function strings(x: unknown, path: string): string[] {
  if (!Array.isArray(x)) throw new ShapeError(`${path}: expected an array of strings, got ${show(x)}`);
  return x.map((e, i) => str(e, `${path}[${i}]`));
}

function show(x: unknown): string {
  const s = x === undefined ? 'nothing' : JSON.stringify(x);
  return s.length > 120 ? `${s.slice(0, 120)}…` : s;
}

/** A certificate is a set of signers: any order on the wire, sorted here as in the normal form. */
const cert = (x: unknown, path: string): string[] => strings(x, path).sort();

export function readMessage(x: unknown, path: string): NormalMessage {
  const m = obj(x, path, ['type', 'src', 'height', 'round', 'value', 'validRound', 'cert']);
  return {
    type: oneOf(m.type, `${path}.type`, MESSAGE_TYPES), src: str(m.src, `${path}.src`),
    height: int(m.height, `${path}.height`), round: int(m.round, `${path}.round`), value: str(m.value, `${path}.value`),
    validRound: int(m.validRound, `${path}.validRound`), cert: cert(m.cert, `${path}.cert`),
  };
}

/** One output; `null` for a `rejected` output, which the protocol allows and never compares. */
export function readOutput(x: unknown, path: string): NormalOutput | null {
  const kind = oneOf((x as Json | null)?.kind, `${path}.kind`, ['broadcast', 'scheduleTimeout', 'getValue', 'decide', 'evidence', 'rejected'] as const);
  const fields = (...f: string[]) => obj(x, `${path} (${kind})`, ['kind', ...f]);
  switch (kind) {
    case 'broadcast': return { kind, msg: readMessage(fields('msg').msg, `${path}.msg`) };
    case 'scheduleTimeout': {
      const o = obj(x, `${path} (${kind})`, ['kind', 'timeout', 'height', 'round'], ['durationMs']);
      return { kind, timeout: str(o.timeout, `${path}.timeout`, TIMEOUTS), height: int(o.height, `${path}.height`), round: int(o.round, `${path}.round`),
        ...(o.durationMs === undefined ? {} : { durationMs: int(o.durationMs, `${path}.durationMs`) }) };
    }
    case 'getValue': {
      const o = fields('height', 'round');
      return { kind, height: int(o.height, `${path}.height`), round: int(o.round, `${path}.round`) };
    }
    case 'decide': {
      const o = fields('height', 'value', 'round', 'cert');
      return { kind, height: int(o.height, `${path}.height`), value: str(o.value, `${path}.value`), round: int(o.round, `${path}.round`), cert: cert(o.cert, `${path}.cert`) };
    }
    case 'evidence': {
      const o = fields('src', 'type', 'height', 'round', 'first', 'second');
      return { kind, src: str(o.src, `${path}.src`), type: str(o.type, `${path}.type`, MESSAGE_TYPES), height: int(o.height, `${path}.height`),
        round: int(o.round, `${path}.round`), first: readMessage(o.first, `${path}.first`), second: readMessage(o.second, `${path}.second`) };
    }
    case 'rejected': return null; // any further fields
    default: return assertNever(kind);
  }
}

export function readOutputs(x: unknown, path: string): NormalOutput[] {
  if (!Array.isArray(x)) throw new ShapeError(`${path}: expected an array of outputs, got ${show(x)}`);
  return x.flatMap((o, i) => readOutput(o, `${path}[${i}]`) ?? []);
}

export function readProjection(x: unknown, path: string): NormalProjection {
  const p = obj(x, path, ['height', 'round', 'step', 'lockedValue', 'lockedRound', 'validValue', 'validRound', 'decisions']);
  const d = p.decisions;
  if (typeof d !== 'object' || d === null || Array.isArray(d)) throw new ShapeError(`${path}.decisions: expected an object keyed by height, got ${show(d)}`);
  const decisions: NormalProjection['decisions'] = idRecord();
  for (const h of Object.keys(d).sort((a, b) => Number(a) - Number(b))) {
    if (!/^(0|[1-9][0-9]*)$/.test(h)) throw new ShapeError(`${path}.decisions: key ${show(h)} is not a height (a non-negative integer in decimal)`);
    const e = obj(own(d as Json, h), `${path}.decisions.${h}`, ['value', 'round', 'cert']);
    decisions[h] = { value: str(e.value, `${path}.decisions.${h}.value`), round: int(e.round, `${path}.decisions.${h}.round`), cert: cert(e.cert, `${path}.decisions.${h}.cert`) };
  }
  return {
    height: int(p.height, `${path}.height`), round: int(p.round, `${path}.round`), step: str(p.step, `${path}.step`, STEPS),
    lockedValue: str(p.lockedValue, `${path}.lockedValue`), lockedRound: int(p.lockedRound, `${path}.lockedRound`),
    validValue: str(p.validValue, `${path}.validValue`), validRound: int(p.validRound, `${path}.validRound`), decisions,
  };
}

export function readProjections(x: unknown, path: string, correct: readonly string[]): Record<string, NormalProjection> {
  const o = obj(x, path, correct);
  return idRecord(correct.map((p) => [p, readProjection(o[p], `${path}.${p}`)] as const));
}

export function readParams(r: Json): TraceParams {
  const validators = strings(r.validators, 'validators');
  for (const [i, v] of validators.entries()) {
    const problem = validatorIdProblem(v);
    if (problem !== null) throw new ShapeError(`validators[${i}]: ${problem}`);
    if (validators.indexOf(v) !== i) throw new ShapeError(`validators[${i}]: ${show(v)} is listed twice: list each validator once`);
  }
  const correct = strings(r.correct, 'correct');
  const unknown = correct.filter((c) => !validators.includes(c));
  if (unknown.length > 0) throw new ShapeError(`correct: ${unknown.join(', ')} not among the validators`);
  return { validators, correct, validValues: strings(r.validValues, 'validValues'),
    maxRound: int(r.maxRound, 'maxRound'), maxHeight: int(r.maxHeight, 'maxHeight'),
    ...(r.power === undefined ? {} : { power: readPower(r.power, validators) }),
    ...(r.proposer === undefined ? {} : { proposer: r.proposer === 'proposer-priority' ? 'proposer-priority' as const : readProposerTable(r.proposer, validators) }),
    ...readFirstHeight(r.firstHeight), ...readGetValue(r.getValue), ...readOwnMessages(r.ownMessages) };
}

/** `ownMessages` of consensus.reset: "counted-at-once" (as if absent) or "delivered-back". */
function readOwnMessages(x: unknown): Pick<TraceParams, 'ownMessages'> {
  if (x === undefined) return {};
  const om = str(x, 'ownMessages', ['counted-at-once', 'delivered-back']);
  return om === 'delivered-back' ? { ownMessages: 'delivered-back' } : {};
}

/** `getValue` of consensus.reset: "within-step" (as if absent) or "later-event". */
function readGetValue(x: unknown): Pick<TraceParams, 'getValue'> {
  if (x === undefined) return {};
  const gv = str(x, 'getValue', ['within-step', 'later-event']);
  return gv === 'later-event' ? { getValue: 'later-event' } : {};
}

/** `firstHeight` of consensus.reset: 1 (as if absent) or 0. */
function readFirstHeight(x: unknown): Pick<TraceParams, 'firstHeight'> {
  if (x === undefined) return {};
  const fh = int(x, 'firstHeight');
  if (fh !== 0 && fh !== 1) throw new ShapeError(`firstHeight: expected 0 or 1, got ${fh}`);
  return fh === 0 ? { firstHeight: 0 } : {};
}

/** `power` of consensus.reset: {validator: positive integer} naming every validator, no other. */
function readPower(x: unknown, validators: readonly string[]): Record<string, number> {
  const o = obj(x, 'power', validators);
  return idRecord(validators.map((v) => {
    const p = int(o[v], `power.${v}`);
    if (p < 1) throw new ShapeError(`power.${v}: expected a positive integer, got ${p}`);
    return [v, p] as const;
  }));
}

/**
 * `proposer` of consensus.reset, when it is not "proposer-priority": the table
 * proposer[h - firstHeight][r], non-empty rows of validators.
 */
function readProposerTable(x: unknown, validators: readonly string[]): string[][] {
  if (!Array.isArray(x) || x.length === 0) throw new ShapeError(`proposer: expected a non-empty array (one row per height), got ${show(x)}`);
  return x.map((row, i) => {
    const ids = strings(row, `proposer[${i}]`);
    if (ids.length === 0) throw new ShapeError(`proposer[${i}]: expected a non-empty row (one validator per round)`);
    for (const [j, v] of ids.entries()) if (!validators.includes(v)) throw new ShapeError(`proposer[${i}][${j}]: ${show(v)} is not a validator`);
    return ids;
  });
}

// ---------------------------------------------------------------- events

/** An event in its wire form: the contract's record without `p`; messages in the normal form (no signature). */
export function eventJson(e: ConsensusEvent): Json {
  switch (e.kind) {
    case 'StartHeight': return { kind: e.kind, height: e.height, value: e.value };
    case 'Deliver': return { kind: e.kind, msg: normalMessage(e.msg), value: e.value };
    case 'Timeout': return { kind: e.kind, timeout: e.timeout, height: e.height, round: e.round, value: e.value };
    case 'ProposeValue': return { kind: e.kind, height: e.height, round: e.round, value: e.value };
    default: return assertNever(e);
  }
}

export function readEvent(x: unknown, path: string): ConsensusEvent {
  const kind = oneOf((x as Json | null)?.kind, `${path}.kind`, ['StartHeight', 'Deliver', 'Timeout', 'ProposeValue'] as const);
  switch (kind) {
    case 'StartHeight': {
      const o = obj(x, path, ['kind', 'height', 'value']);
      return { kind, height: int(o.height, `${path}.height`), value: str(o.value, `${path}.value`) };
    }
    case 'Deliver': {
      const o = obj(x, path, ['kind', 'msg', 'value']);
      return { kind, msg: toCoreMessage(readMessage(o.msg, `${path}.msg`)), value: str(o.value, `${path}.value`) };
    }
    case 'Timeout': {
      const o = obj(x, path, ['kind', 'timeout', 'height', 'round', 'value']);
      return { kind, timeout: oneOf(o.timeout, `${path}.timeout`, TIMEOUTS),
        height: int(o.height, `${path}.height`), round: int(o.round, `${path}.round`), value: str(o.value, `${path}.value`) };
    }
    case 'ProposeValue': {
      const o = obj(x, path, ['kind', 'height', 'round', 'value']);
      return { kind, height: int(o.height, `${path}.height`), round: int(o.round, `${path}.round`), value: str(o.value, `${path}.value`) };
    }
    default: return assertNever(kind);
  }
}

// ---------------------------------------------------------------- the server side

/** What a driver serves: consensus ops over a ConsensusSut, vector ops (optional) over a VectorImpl. */
export interface DriverBackend {
  name: string;
  sut: ConsensusSut;
  vectors?: VectorImpl;
  /** The `conventions` of the `hello` answer (docs/driver-protocol.md); absent: the contract's. */
  conventions?: Json;
}

/** Answers every request line of `input` on `output`, in order, until `input` ends; requests may arrive before earlier ones are answered (`hello` says `pipeline: true`). */
export function serveConsensusDriver(backend: DriverBackend, input: Readable, output: Writable): Promise<void> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  const session: Session = { backend, correct: null };
  const out = lineWriter(output);
  let chain = Promise.resolve();
  rl.on('line', (line) => {
    if (line.trim() === '') return;
    chain = chain.then(async () => { out.write(JSON.stringify(await answerLine(session, line))); });
  });
  return new Promise((resolve) => rl.on('close', () => { void chain.then(async () => { out.flush(); await backend.sut.close(); resolve(); }); }));
}

export interface Session { backend: DriverBackend; correct: string[] | null }

export async function answerLine(session: Session, line: string): Promise<Json> {
  const parsed = parseRequest(line);
  if ('answer' in parsed) return parsed.answer;
  const req = parsed.req;
  const id = req.id ?? null;
  const { backend } = session;
  try {
    switch (req.op) {
      case 'hello':
        return { id, ok: true, protocol: PROTOCOL, name: backend.name,
          ops: [...new Set(['hello', ...(backend.vectors ? VECTOR_OPS : []), ...CONSENSUS_OPS])],
          ...(backend.conventions === undefined ? {} : { conventions: backend.conventions }), pipeline: true };
      case 'consensus.reset': {
        const params = readParams(req);
        const projections = await backend.sut.reset(params);
        session.correct = params.correct;
        return { id, ok: true, projections };
      }
      case 'consensus.step': {
        if (session.correct === null) return { id, ok: false, error: 'bad-request', detail: 'consensus.step before consensus.reset' };
        const p = str(req.process, 'process');
        if (!session.correct.includes(p)) return { id, ok: false, error: 'bad-request', detail: `process ${JSON.stringify(p)} is not a correct process of this reset` };
        const r = await backend.sut.step(p, readEvent(req.event, 'event'));
        return { id, ok: true, projection: r.projection, outputs: r.outputs, ...(r.fired === undefined ? {} : { fired: r.fired }) };
      }
      default:
        if (backend.vectors !== undefined && (VECTOR_OPS as readonly unknown[]).includes(req.op)) return await answerVector(backend.vectors, line);
        return { id, ok: false, error: 'unknown-op', detail: `unknown op ${JSON.stringify(req.op)}` };
    }
  } catch (e) {
    return { id, ok: false, error: e instanceof ShapeError ? 'bad-request' : 'failed', detail: (e as Error).message };
  }
}
