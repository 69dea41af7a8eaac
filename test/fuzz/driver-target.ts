// Fuzz target: the driver protocol server (src/conformance/driver-protocol.ts over the
// reference core, with the vector ops of src/vectors/driver-server.ts behind it).
// Inputs: arbitrary lines, well-formed JSON of the wrong shape, requests with wrong
// fields, and real requests (from conformance/vectors/) with one to three fields changed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { coreSut } from '../../src/conformance/core-sut.ts';
import { answerLine, serveConsensusDriver, type DriverBackend, type Session } from '../../src/conformance/driver-protocol.ts';
import type { Rng } from '../../src/node/rng.ts';
import { VECTORS_DIR } from '../../src/vectors/format.ts';
import { referenceImpl } from '../../src/vectors/reference.ts';
import { randomJson, randomNumber, randomString, type Finding } from './targets.ts';

type Json = Record<string, unknown>;

/** A JavaScript runtime error's message (a crash worded by the engine, not by us). */
export const RUNTIME_ERROR = /Cannot read prop|is not a function|is not iterable|of undefined|of null|null \(reading|Cannot convert|Maximum call stack|Invalid array length/;

const thr = JSON.parse(readFileSync(join(VECTORS_DIR, 'threshold-t2-n3.json'), 'utf8')) as Json & { cases: Json[]; partials: Json[]; sharePublicKeys: Json[]; messages: { hex: string }[] };
const crt = JSON.parse(readFileSync(join(VECTORS_DIR, 'certificates-n4.json'), 'utf8')) as Json & { cases: Json[]; validators: Json[] };
const combineCase = thr.cases.find((c) => c.op === 'combine' && (c.expect as Json).ok === true)!;
const certCase = crt.cases.find((c) => (c.expect as Json).valid === true)!;
const m0 = thr.messages[0]!.hex;
const p1 = thr.partials.find((p) => p.message === 0 && p.index === 1)!;

/** Real requests of every op (the good answers are known for the first ones). */
function templates(): Json[] {
  const reset = { op: 'consensus.reset', validators: ['c1', 'c2', 'c3', 'c4'], correct: ['c1', 'c2', 'c3'], validValues: ['v1', 'v2'], maxRound: 2, maxHeight: 2 };
  const msg = { type: 'PREVOTE', src: 'c2', height: 1, round: 0, value: 'v1', validRound: -1, cert: [] };
  return [
    { op: 'hello' },
    reset,
    { op: 'consensus.step', process: 'c1', event: { kind: 'StartHeight', height: 1, value: 'v1' } },
    { op: 'consensus.step', process: 'c2', event: { kind: 'Deliver', msg, value: 'v1' } },
    { op: 'consensus.step', process: 'c3', event: { kind: 'Timeout', timeout: 'propose', height: 1, round: 0, value: 'v2' } },
    { op: 'verifyPartial', publicKey: (thr.sharePublicKeys[0] as Json).publicKey, message: m0, signature: p1.signature, index: 1 },
    { op: 'verify', publicKey: thr.groupPublicKey, message: m0, signature: p1.signature, dst: (thr.suite as Json).dst },
    { op: 'combine', t: thr.t, n: thr.n, message: thr.messages[combineCase.message as number]!.hex, partials: combineCase.partials },
    { op: 'collect', t: thr.t, n: thr.n, message: thr.messages[combineCase.message as number]!.hex, groupPublicKey: thr.groupPublicKey,
      shares: thr.sharePublicKeys, partials: combineCase.partials },
    { op: 'verifyCertificate', validators: crt.validators, quorum: crt.quorum, chainId: crt.chainId, ...certCase, name: undefined, expect: undefined },
  ].map((t) => JSON.parse(JSON.stringify(t)) as Json);
}
const TEMPLATES = templates();
/** Ops whose real form costs BLS pairings; their intact templates are drawn rarely. */
const EXPENSIVE = new Set(['verify', 'verifyPartial', 'collect', 'verifyCertificate']);

function randomHex(rng: Rng, like?: unknown): unknown {
  const s = typeof like === 'string' ? like : '';
  switch (rng.int(0, 5)) {
    case 0: return s.slice(0, rng.int(0, s.length)); // truncated (odd length, too short)
    case 1: { const i = rng.int(0, Math.max(0, s.length - 1)); return s.slice(0, i) + '0123456789abcdefABx'.charAt(rng.int(0, 18)) + s.slice(i + 1); } // one digit changed
    case 2: return Array.from({ length: 2 * rng.int(0, 100) }, () => '0123456789abcdef'.charAt(rng.int(0, 15))).join('');
    case 3: return `0x${s}`;
    case 4: return '00'.repeat([96, 48, 0, 1, 97][rng.int(0, 4)]!);
    default: return randomJson(rng);
  }
}

const HUGE = [2 ** 53, 2 ** 53 - 1, 1e300, -1e300, 1e21, -0, 4294967297, Number.MAX_VALUE];

/** One field of `req` (nested objects and arrays included) replaced, removed or made huge. */
function mutate(rng: Rng, req: Json): void {
  const paths: (string | number)[][] = [];
  const walk = (x: unknown, path: (string | number)[]) => {
    if (path.length > 0) paths.push(path);
    if (Array.isArray(x)) x.forEach((e, i) => walk(e, [...path, i]));
    else if (typeof x === 'object' && x !== null) for (const k of Object.keys(x)) walk((x as Json)[k], [...path, k]);
  };
  walk(req, []);
  if (paths.length === 0) { req[randomString(rng, 6)] = randomJson(rng); return; }
  const path = paths[rng.int(0, paths.length - 1)]!;
  const parent = path.slice(0, -1).reduce<unknown>((o, k) => (o as Json)[k as string], req) as Json;
  const key = path[path.length - 1]! as string;
  const old = parent[key];
  switch (rng.int(0, 9)) {
    case 7: case 8: case 9: // well-typed but wrong: another small number, process, value, step or timeout
      parent[key] = typeof old === 'number' ? rng.int(-1, 4)
        : typeof old === 'string' && !/^[0-9a-f]{8,}$/.test(old) ? ['c1', 'c2', 'c3', 'c4', 'v1', 'v2', 'nil', 'PRECOMMIT', 'PROPOSAL', 'prevote', 'Deliver'][rng.int(0, 10)] : old;
      break;
    case 0: if (Array.isArray(parent)) parent.splice(Number(key), 1); else delete parent[key]; break;
    case 1: parent[key] = randomJson(rng); break;
    case 2: parent[key] = HUGE[rng.int(0, HUGE.length - 1)]; break;
    case 3: parent[key] = typeof old === 'string' && /^[0-9a-f]*$/.test(old) ? randomHex(rng, old) : randomString(rng); break;
    case 4: parent[key] = randomNumber(rng); break;
    case 5: if (Array.isArray(parent)) parent.push(JSON.parse(JSON.stringify(parent[rng.int(0, parent.length - 1)] ?? null))); else parent[randomString(rng, 6)] = randomJson(rng); break;
    case 6: parent[key] = Array.isArray(old) ? [] : typeof old === 'number' ? -old - 1 : null; break;
  }
}

const OPS = ['hello', 'consensus.reset', 'consensus.step', 'verify', 'verifyPartial', 'combine', 'collect', 'verifyCertificate', 'Hello', '', 'shutdown', 'consensus.', '__proto__', 'constructor', 'toString'];
const IDS: unknown[] = [1, 0, -1, 'a', '', null, 1.5, 2 ** 60, { x: 1 }, [1], true];

/** One request line (no line break inside) and the id the answer must carry. */
export function driverLine(rng: Rng): { line: string; id: unknown } {
  let req: unknown;
  switch (rng.int(0, 5)) {
    case 0: { // arbitrary bytes, read as UTF-8 (without line breaks)
      const bytes = Buffer.from(Array.from({ length: rng.int(0, 80) }, () => rng.int(0, 255)).filter((b) => b !== 10 && b !== 13));
      const line = bytes.toString(rng.next() < 0.5 ? 'latin1' : 'utf8').replace(/[\r\n\u2028\u2029\u0085]/g, ' ');
      return { line, id: idOf(line) };
    }
    case 1: req = randomJson(rng); break; // well-formed JSON of the wrong shape
    case 2: { // a request with an op and random fields
      const o: Json = { op: rng.next() < 0.8 ? OPS[rng.int(0, OPS.length - 1)] : randomJson(rng) };
      for (let k = rng.int(0, 5); k > 0; k--) {
        const f = ['t', 'n', 'message', 'partials', 'shares', 'validators', 'quorum', 'event', 'process', 'correct', 'maxRound', 'signature', 'index', 'dst', 'bitmap'];
        o[f[rng.int(0, f.length - 1)]!] = randomJson(rng);
      }
      req = o;
      break;
    }
    default: { // a real request, intact or with 1..3 fields changed; pairing-costly ops mostly broken cheaply
      let t = TEMPLATES[rng.int(0, TEMPLATES.length - 1)]!;
      if (EXPENSIVE.has(t.op as string) && rng.next() < 0.95) t = TEMPLATES[rng.int(0, 4)]!;
      const o = JSON.parse(JSON.stringify(t)) as Json;
      for (let k = rng.next() < 0.3 ? 0 : rng.int(1, 3); k > 0; k--) mutate(rng, o); // intact 30% of the time: the steps reach the core
      req = o;
    }
  }
  if (typeof req === 'object' && req !== null && !Array.isArray(req) && rng.next() < 0.8) (req as Json).id = IDS[rng.int(0, IDS.length - 1)];
  const line = JSON.stringify(req) ?? 'undefined';
  return { line, id: idOf(line) };
}

function idOf(line: string): unknown {
  try {
    const o: unknown = JSON.parse(line);
    return typeof o === 'object' && o !== null && !Array.isArray(o) ? ((o as Json).id ?? null) : null;
  } catch { return null; }
}

/** What is wrong with `answer` to a line with request id `id`, or null. */
export function answerProblem(answer: unknown, id: unknown): string | null {
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) return `the answer is not a JSON object: ${String(answer)}`;
  const a = answer as Json;
  let text: string;
  try { text = JSON.stringify(a); } catch (e) { return `the answer cannot be written as JSON: ${(e as Error).message}`; }
  if (/[\n\r]/.test(text)) return 'the answer is not one line';
  if (JSON.stringify(a.id) !== JSON.stringify(id)) return `the answer carries id ${JSON.stringify(a.id)}, the request ${JSON.stringify(id)}`;
  if (typeof a.ok !== 'boolean') return 'the answer has no boolean ok';
  if (!a.ok) {
    if (typeof a.error !== 'string' || a.error === '') return `a refusal without an error name: ${text.slice(0, 200)}`;
    if (typeof a.detail !== 'string' || RUNTIME_ERROR.test(a.detail)) return `a refusal whose detail is a JavaScript runtime error, not a sentence: ${String(a.detail).slice(0, 200)}`;
  }
  return null;
}

/** The reference core with the reference vector implementation: what conformance/drivers/ts serves. */
export const referenceBackend = (): DriverBackend => ({ name: 'fuzz', sut: coreSut(), vectors: referenceImpl });

/** The server's session over the reference core and vectors, fed one line at a time. */
export class DriverFuzzer {
  inputs = 0;
  refusals = 0;
  private session: Session;
  private good: { line: string; answer: Json }[] | undefined;

  /** `answer` is the server's line handler (a broken one in the negative controls). */
  constructor(readonly backend: () => DriverBackend = referenceBackend, private readonly answer: typeof answerLine = answerLine) {
    this.session = { backend: backend(), correct: null };
  }

  async feed(rng: Rng): Promise<Finding | null> {
    const { line, id } = driverLine(rng);
    this.inputs++;
    let answer: Json;
    try {
      answer = await this.answer(this.session, line);
    } catch (e) {
      return { target: 'driver', input: line, why: `exception escaped: ${e instanceof Error ? e.message : String(e)}` };
    }
    const why = answerProblem(answer, id);
    if (why !== null) return { target: 'driver', input: line, why };
    if (answer.ok === false) this.refusals++;
    return null;
  }

  /**
   * Good requests still get the right answers: hello, a reset and three steps, and (with
   * `crypto`) a real combine and certificate, compared with a fresh server's answers.
   */
  async stillAnswers(crypto = false): Promise<Finding | null> {
    const lines = [...TEMPLATES.slice(0, 5), ...(crypto ? [TEMPLATES[7]!, TEMPLATES[9]!] : [])].map((t, i) => JSON.stringify({ ...t, id: `good-${i}` }));
    if (this.good === undefined || this.good.length < lines.length) {
      const fresh: Session = { backend: this.backend(), correct: null };
      this.good = [];
      for (const line of lines) this.good.push({ line, answer: await answerLine(fresh, line) });
    }
    for (const [i, line] of lines.entries()) {
      let got: Json;
      try { got = await this.answer(this.session, line); } catch (e) { return { target: 'driver', input: line, why: `exception escaped on a good request: ${(e as Error).message}` }; }
      const want = this.good[i]!.answer;
      if (want.ok !== true) return { target: 'driver', input: line, why: `a fresh server refuses this good request: ${JSON.stringify(want)}` };
      if (JSON.stringify(got) !== JSON.stringify(want)) return { target: 'driver', input: line, why: `after the fuzz inputs a good request is answered ${JSON.stringify(got).slice(0, 300)}, a fresh server answers ${JSON.stringify(want).slice(0, 300)}` };
    }
    return null;
  }
}

/**
 * The line server itself (serveConsensusDriver over in-memory streams, or `serve`) on
 * `count` fuzz lines: exactly one answer line per request line, in order, each with its
 * id. serveConsensusDriver skips blank lines; src/vectors/driver-server.ts's serveDriver
 * answers them with a bad-request (`answersBlankLines`).
 */
export async function fuzzDriverStream(rng: Rng, count: number, backend: DriverBackend = referenceBackend(),
  serve: typeof serveConsensusDriver = serveConsensusDriver, answersBlankLines = false): Promise<Finding | null> {
  const reqs = Array.from({ length: count }, () => (rng.next() < 0.05 ? { line: ' '.repeat(rng.int(0, 2)), id: undefined } : driverLine(rng)));
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  let out = '';
  toClient.on('data', (d: Buffer) => { out += d.toString('utf8'); });
  let served: Promise<void>;
  try {
    served = serve(backend, toServer, toClient);
    toServer.end(reqs.map((r) => `${r.line}\n`).join(''));
    await served;
  } catch (e) {
    return { target: 'driver-stream', input: `${count} lines`, why: `the server failed: ${(e as Error).message}` };
  }
  const answers = out.split('\n').slice(0, -1);
  const asked = reqs.filter((r) => answersBlankLines || r.line.trim() !== '').map((r) => ({ ...r, id: r.id ?? null }));
  if (answers.length !== asked.length) return { target: 'driver-stream', input: asked.map((r) => r.line).join('\n').slice(0, 2000), why: `${asked.length} request lines, ${answers.length} answer lines` };
  for (const [i, a] of answers.entries()) {
    let parsed: unknown;
    try { parsed = JSON.parse(a); } catch { return { target: 'driver-stream', input: asked[i]!.line, why: `answer line ${i + 1} is not JSON: ${a.slice(0, 200)}` }; }
    const why = answerProblem(parsed, asked[i]!.id);
    if (why !== null) return { target: 'driver-stream', input: asked[i]!.line, why: `answer line ${i + 1}: ${why}` };
  }
  return null;
}
