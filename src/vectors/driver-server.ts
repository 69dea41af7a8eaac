// The server side of the driver protocol for any VectorImpl: reads request lines,
// answers one line each. With the TypeScript implementation it is the in-process
// driver that proves the protocol end to end (test/vectors/driver.test.ts), and
// src/vectors/ts-driver.ts runs it as a process.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { fromHex, toHex } from './hex.ts';
import { PROTOCOL } from './driver.ts';
import type { VectorImpl } from './impl.ts';
import { assertNever } from '../core/types.ts';

type Json = { [k: string]: unknown };

export const OPS = ['hello', 'verify', 'verifyPartial', 'combine', 'collect', 'verifyCertificate'] as const;
type Op = (typeof OPS)[number];

/** Answers every line of `input` on `output` until `input` ends. */
export function serveDriver(impl: VectorImpl, input: Readable, output: Writable): Promise<void> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  let chain = Promise.resolve(); // answer in request order
  rl.on('line', (line) => {
    chain = chain.then(async () => { output.write(`${JSON.stringify(await answer(impl, line))}\n`); });
  });
  return new Promise((resolve) => rl.on('close', () => { void chain.then(resolve); }));
}

/** A request line as a JSON object, or the `bad-request` answer to send back. */
export function parseRequest(line: string): { req: Json } | { answer: Json } {
  try {
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('expected a JSON object');
    return { req: parsed as Json };
  } catch (e) {
    return { answer: { id: null, ok: false, error: 'bad-request', detail: `not a JSON object: ${(e as Error).message}` } };
  }
}

export async function answer(impl: VectorImpl, line: string): Promise<Json> {
  const parsed = parseRequest(line);
  if ('answer' in parsed) return parsed.answer;
  const req = parsed.req;
  const id = req.id ?? null;
  if (!(OPS as readonly string[]).includes(req.op as string)) {
    return { id, ok: false, error: 'unknown-op', detail: `unknown op ${JSON.stringify(req.op)}` };
  }
  try {
    return { id, ...(await dispatch(impl, req.op as Op, req)) };
  } catch (e) {
    return { id, ok: false, error: 'bad-request', detail: (e as Error).message };
  }
}

/** The fields each op requires (docs/vectors.md, "Driver protocol"); `bitmap` is optional. */
const REQUIRED: Readonly<Record<Op, readonly string[]>> = {
  hello: [],
  verify: ['publicKey', 'message', 'signature', 'dst'],
  verifyPartial: ['publicKey', 'message', 'signature', 'index'],
  combine: ['t', 'n', 'message', 'partials'],
  collect: ['t', 'n', 'message', 'groupPublicKey', 'shares', 'partials'],
  verifyCertificate: ['validators', 'quorum', 'chainId', 'height', 'round', 'value', 'message', 'signers', 'aggregate'],
};

/** Thrown for a request field of the wrong type; the server answers bad-request with its message. */
class FieldError extends Error {}

function kind(x: unknown): string {
  return x === undefined ? 'nothing' : x === null ? 'null' : Array.isArray(x) ? 'an array' : typeof x === 'object' ? 'an object' : `${typeof x} ${JSON.stringify(x).slice(0, 40)}`;
}

/** Typed readers of a request's fields: a field of the wrong JSON type is a bad-request naming it, never a runtime error. */
function fields(op: Op, r: Json) {
  const num = (x: unknown, where: string): number => {
    if (typeof x !== 'number') throw new FieldError(`${op}: ${where} must be a number, got ${kind(x)}`);
    return x;
  };
  const text = (x: unknown, where: string): string => {
    if (typeof x !== 'string') throw new FieldError(`${op}: ${where} must be a string, got ${kind(x)}`);
    return x;
  };
  const objects = (k: string): Json[] => {
    const x = r[k];
    if (!Array.isArray(x)) throw new FieldError(`${op}: ${k} must be an array, got ${kind(x)}`);
    return x.map((e: unknown, i) => {
      if (typeof e !== 'object' || e === null || Array.isArray(e)) throw new FieldError(`${op}: ${k}[${i}] must be an object, got ${kind(e)}`);
      return e as Json;
    });
  };
  const hexOf = (x: unknown, where: string) => fromHex(text(x, where), `${op}: ${where}`);
  return {
    num: (k: string) => num(r[k], k),
    text: (k: string) => text(r[k], k),
    hex: (k: string) => hexOf(r[k], k),
    strings: (k: string): string[] => {
      const x = r[k];
      if (!Array.isArray(x)) throw new FieldError(`${op}: ${k} must be an array of strings, got ${kind(x)}`);
      return x.map((e: unknown, i) => text(e, `${k}[${i}]`));
    },
    partials: () => objects('partials').map((p, i) => ({ index: num(p.index, `partials[${i}].index`), signature: hexOf(p.signature, `partials[${i}].signature`) })),
    shares: () => objects('shares').map((s, i) => ({ index: num(s.index, `shares[${i}].index`), publicKey: hexOf(s.publicKey, `shares[${i}].publicKey`) })),
    validators: () => objects('validators').map((v, i) => ({ id: text(v.id, `validators[${i}].id`), publicKey: hexOf(v.publicKey, `validators[${i}].publicKey`), pop: hexOf(v.pop, `validators[${i}].pop`) })),
  };
}

async function dispatch(impl: VectorImpl, op: Op, r: Json): Promise<Json> {
  // A missing field is the client's mistake: bad-request naming it, never a default.
  const missing = REQUIRED[op].find((k) => r[k] === undefined || r[k] === null);
  if (missing !== undefined) throw new Error(`${op}: missing field "${missing}"`);
  const f = fields(op, r);
  switch (op) {
    case 'hello': return { ok: true, protocol: PROTOCOL, name: `${impl.name} via driver protocol`, ops: OPS };
    case 'verify': return { ok: true, valid: await impl.verify(f.hex('publicKey'), f.hex('message'), f.hex('signature'), f.text('dst')) };
    case 'verifyPartial':
      return { ok: true, valid: await impl.verifyPartial(f.hex('publicKey'), f.hex('message'), { index: f.num('index'), signature: f.hex('signature') }) };
    case 'combine': {
      const o = await impl.combine(f.num('t'), f.num('n'), f.hex('message'), f.partials());
      return o.ok ? { ok: true, signature: toHex(o.signature) } : { ok: false, error: o.error, index: o.index ?? null, detail: o.detail ?? '' };
    }
    case 'collect': {
      const o = await impl.collect(f.num('t'), f.num('n'), f.hex('message'), f.hex('groupPublicKey'), f.shares(), f.partials());
      return o.ok ? { ok: true, signature: toHex(o.signature), rejected: o.rejected } : { ok: false, error: o.error, rejected: o.rejected, detail: o.detail ?? '' };
    }
    case 'verifyCertificate': {
      const o = await impl.verifyCertificate({
        validators: f.validators(), quorum: f.num('quorum'), chainId: f.text('chainId'), height: f.num('height'), round: f.num('round'),
        value: f.text('value'), message: f.hex('message'), signers: f.strings('signers'), aggregate: f.hex('aggregate'),
        ...(r.bitmap === undefined ? {} : { bitmap: f.hex('bitmap') }),
      });
      return o.valid ? { ok: true } : { ok: false, error: o.reason, detail: o.detail ?? '' };
    }
    default: return assertNever(op);
  }
}
