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

async function dispatch(impl: VectorImpl, op: Op, r: Json): Promise<Json> {
  // A missing field is the client's mistake: bad-request naming it, never a default.
  const missing = REQUIRED[op].find((k) => r[k] === undefined || r[k] === null);
  if (missing !== undefined) throw new Error(`${op}: missing field "${missing}"`);
  const hex = (k: string) => fromHex(r[k] as string, `${op}: ${k}`);
  const partials = () => (r.partials as Json[]).map((p) => ({ index: p.index as number, signature: fromHex(p.signature as string, `${op}: partial`) }));
  switch (op) {
    case 'hello': return { ok: true, protocol: PROTOCOL, name: `${impl.name} via driver protocol`, ops: OPS };
    case 'verify': return { ok: true, valid: await impl.verify(hex('publicKey'), hex('message'), hex('signature'), r.dst as string) };
    case 'verifyPartial':
      return { ok: true, valid: await impl.verifyPartial(hex('publicKey'), hex('message'), { index: r.index as number, signature: hex('signature') }) };
    case 'combine': {
      const o = await impl.combine(r.t as number, r.n as number, hex('message'), partials());
      return o.ok ? { ok: true, signature: toHex(o.signature) } : { ok: false, error: o.error, index: o.index ?? null, detail: o.detail ?? '' };
    }
    case 'collect': {
      const shares = (r.shares as Json[]).map((s) => ({ index: s.index as number, publicKey: fromHex(s.publicKey as string, 'collect: share key') }));
      const o = await impl.collect(r.t as number, r.n as number, hex('message'), hex('groupPublicKey'), shares, partials());
      return o.ok ? { ok: true, signature: toHex(o.signature), rejected: o.rejected } : { ok: false, error: o.error, rejected: o.rejected, detail: o.detail ?? '' };
    }
    case 'verifyCertificate': {
      const o = await impl.verifyCertificate({
        validators: (r.validators as Json[]).map((v) => ({ id: v.id as string, publicKey: fromHex(v.publicKey as string, 'verifyCertificate: key'), pop: fromHex(v.pop as string, 'verifyCertificate: pop') })),
        quorum: r.quorum as number, chainId: r.chainId as string, height: r.height as number, round: r.round as number, value: r.value as string,
        message: hex('message'), signers: r.signers as string[], aggregate: hex('aggregate'),
        ...(r.bitmap === undefined ? {} : { bitmap: hex('bitmap') }),
      });
      return o.valid ? { ok: true } : { ok: false, error: o.reason, detail: o.detail ?? '' };
    }
    default: return assertNever(op);
  }
}
