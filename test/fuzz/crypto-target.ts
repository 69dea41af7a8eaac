// Fuzz targets: the threshold and certificate APIs of src/crypto/ — combine,
// lagrangeAtZero, dealing and partialSign (threshold.ts), SignatureCollector and
// SignatureAggregator (collector.ts), certificateProblem and the certificate wire form
// (certificate.ts). Inputs: real partials, signatures and certificates with indices,
// bytes, bitmaps and parameters changed. Each call must give the documented error
// (ThresholdError, a certificate reason) or a correct result, never another exception.
// BLS costs ~30 ms a verification (noble), so most inputs are cheap to reject (wrong
// lengths, indices, parameters, signers) and a few run the full checks.
import { aggregateSignatures, DST_SIG, popProve, publicKey, secretKeyFromSeed, sign } from '../../src/crypto/bls.ts';
import { certificateProblem, decodeCertificate, encodeCertificate } from '../../src/crypto/certificate.ts';
import { SignatureAggregator, SignatureCollector, type PartialSource, type ThresholdPublic } from '../../src/crypto/collector.ts';
import { backendByName } from '../../src/crypto/select-backend.ts';
import { precommitSignBytes } from '../../src/crypto/signbytes.ts';
import { combine, deal, lagrangeAtZero, partialSign, ThresholdError, type Dealt, type Partial } from '../../src/crypto/threshold.ts';
import { validatorSet, type ValidatorSet } from '../../src/crypto/validators.ts';
import { CURVE_ORDER } from '../../src/crypto/bls.ts';
import type { Rng } from '../../src/node/rng.ts';
import { classify } from '../../src/vectors/certificate.ts';
import { randomJson, type Finding } from './targets.ts';

const CODES = ['too-few', 'duplicate-index', 'index-out-of-range', 'bad-partial', 'infinity', 'malformed'];
const noble = backendByName('noble');

interface Fixture {
  dealt: Dealt; msg: Uint8Array; partials: Partial[]; groupSig: Uint8Array;
  set: ValidatorSet; chainId: string; certs: { signers: string[]; aggregate: Uint8Array }[];
}
let fixture: Fixture | undefined;

/** 3-of-4 shares and their partials over one message; 4 validators and two genuine certificates of PRECOMMIT(5, 1, v1). */
export function cryptoFixture(): Fixture {
  if (fixture !== undefined) return fixture;
  const seed = new Uint8Array(32).fill(7);
  const dealt = deal(3, 4, seed);
  const msg = new TextEncoder().encode('fuzz: channel=1 seq=2');
  const keys = [1, 2, 3, 4].map((i) => secretKeyFromSeed(new Uint8Array(32).fill(100 + i)));
  const set = validatorSet(keys.map((sk, i) => ({ id: `c${i + 1}`, publicKey: publicKey(sk), proofOfPossession: popProve(sk) })));
  const chainId = 'fuzz-chain';
  const sigs = keys.map((sk) => sign(sk, precommitSignBytes(chainId, 5, 1, 'v1'), DST_SIG));
  fixture = {
    dealt, msg, partials: dealt.shares.map((s) => partialSign(s, msg)), groupSig: sign(secretKeyFromSeed(seed), msg, DST_SIG), set, chainId,
    certs: [{ signers: ['c1', 'c2', 'c3'], aggregate: aggregateSignatures(sigs.slice(0, 3)) }, { signers: ['c1', 'c2', 'c3', 'c4'], aggregate: aggregateSignatures(sigs) }],
  };
  return fixture;
}

const same = (a: unknown, b: Uint8Array) => a instanceof Uint8Array && a.length === b.length && a.every((x, i) => x === b[i]);
const show = (x: unknown) => JSON.stringify(x, (_k, v: unknown) => (v instanceof Uint8Array ? `bytes(${v.length}:${Buffer.from(v.subarray(0, 4)).toString('hex')}…)` : typeof v === 'bigint' ? `${v}n` : v === undefined ? '(undefined)' : v));

/** Bytes like `b` but damaged: truncated, extended, bit-flipped, zeroed, infinity, random, or not bytes. */
export function damage(rng: Rng, b0: unknown, other?: Uint8Array): unknown {
  const b = b0 instanceof Uint8Array && b0.length > 0 ? b0 : new Uint8Array(96).fill(1);
  switch (rng.int(0, 9)) {
    case 0: return b.slice(0, rng.int(0, b.length - 1));
    case 1: return Uint8Array.from([...b, rng.int(0, 255)]);
    case 2: { const c = b.slice(); c[0]! ^= 1 << rng.int(5, 7); return c; } // the flag bits: compression, infinity, sign
    case 3: { const c = b.slice(); c[rng.int(1, c.length - 1)]! ^= 1 << rng.int(0, 7); return c; } // usually off the curve or subgroup
    case 4: return new Uint8Array(b.length);
    case 5: { const c = new Uint8Array(b.length); c[0] = 0xc0; return c; } // the point at infinity
    case 6: return new Uint8Array(b.length).map(() => rng.int(0, 255));
    case 7: return other ?? b.slice(0, 1);
    case 8: return Array.from(b);
    default: return randomJson(rng);
  }
}

const BAD_NUMBERS: unknown[] = [0, -1, 5, 1.5, NaN, Infinity, 2 ** 53, -(2 ** 31), '1', null, undefined];
const badNumber = (rng: Rng) => BAD_NUMBERS[rng.int(0, BAD_NUMBERS.length - 1)];

/** A ThresholdError with a documented code is fine; anything else is a finding. */
function thresholdProblem(e: unknown): string | null {
  if (e instanceof ThresholdError && CODES.includes(e.code) && e.message !== '') return null;
  return `not a ThresholdError: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
}

/** combine, lagrangeAtZero, deal or partialSign on one damaged input. */
export function fuzzThreshold(rng: Rng, api: { combine: typeof combine } = { combine }): Finding | null {
  const fx = cryptoFixture();
  const what = rng.int(0, 9);
  if (what <= 5) { // combine: a permutation of the genuine partials, damaged
    let t: unknown = 3;
    let n: unknown = 4;
    const ps: unknown[] = [...fx.partials].sort(() => rng.next() - 0.5).slice(0, rng.int(2, 4)).map((p) => ({ ...p }));
    const edits = rng.int(0, 2);
    for (let k = 0; k < edits; k++) {
      const i = rng.int(0, ps.length - 1);
      if (typeof ps[i] !== 'object' || ps[i] === null) ps[i] = { ...fx.partials[rng.int(0, 3)]! };
      const p = ps[i] as Record<string, unknown>;
      switch (rng.int(0, 6)) {
        case 0: t = rng.next() < 0.5 ? badNumber(rng) : rng.int(0, 6); break;
        case 1: n = rng.next() < 0.5 ? badNumber(rng) : rng.int(0, 6); break;
        case 2: p.index = rng.next() < 0.5 ? badNumber(rng) : (ps[rng.int(0, ps.length - 1)] as Partial | null)?.index; break;
        case 3: ps[i] = rng.next() < 0.5 ? null : randomJson(rng); break;
        case 4: ps.push({ ...(ps[rng.int(0, ps.length - 1)] as object) }); break;
        default: p.signature = damage(rng, p.signature as Uint8Array, fx.partials[rng.int(0, 3)]!.signature);
      }
    }
    const input = `combine(${show(t)}, ${show(n)}, ${show(ps)})`;
    let out: Uint8Array;
    try {
      out = api.combine(t as number, n as number, ps as Partial[]);
    } catch (e) {
      const why = thresholdProblem(e);
      return why === null ? null : { target: 'threshold', input, why };
    }
    // A result: when the first t partials given are genuine, it must be the group's signature.
    const genuine = (p: unknown) => fx.partials.some((g) => (p as Partial | null)?.index === g.index && same((p as Partial).signature, g.signature));
    if (!(out instanceof Uint8Array) || out.length !== 96) return { target: 'threshold', input, why: `result is not 96 bytes: ${show(out)}` };
    if (t === 3 && n === 4 && ps.slice(0, 3).every(genuine) && !same(out, fx.groupSig))
      return { target: 'threshold', input, why: 'three genuine partials combine to something other than the group signature' };
    if (t === 3 && n === 4 && ps.length === 3 && edits === 0 && !same(out, fx.groupSig)) return { target: 'threshold', input, why: 'an intact input does not give the group signature' };
    return null;
  }
  if (what <= 7) { // lagrangeAtZero: the coefficients of any distinct indices sum to 1 (they interpolate f = 1)
    const xs = Array.from({ length: rng.int(0, 5) }, () => (rng.next() < 0.8 ? rng.int(1, 12) : badNumber(rng))) as number[];
    const input = `lagrangeAtZero(${show(xs)})`;
    try {
      const l = lagrangeAtZero(xs);
      const sum = l.reduce((a, b) => (a + b) % CURVE_ORDER, 0n);
      if (l.length !== xs.length || sum !== 1n) return { target: 'threshold', input, why: `coefficients ${show(l)} do not sum to 1` };
    } catch (e) {
      const why = thresholdProblem(e);
      if (why !== null) return { target: 'threshold', input, why };
    }
    return null;
  }
  if (what === 8) { // deal: parameters and seeds (n kept small: dealing n shares costs n key derivations)
    const t = rng.next() < 0.7 ? rng.int(-1, 6) : badNumber(rng);
    const n = rng.next() < 0.7 ? rng.int(-1, 5) : badNumber(rng);
    const seed = rng.next() < 0.8 ? new Uint8Array(32).fill(rng.int(0, 255)) : damage(rng, new Uint8Array(32).fill(9));
    const input = `deal(${show(t)}, ${show(n)}, ${show(seed)})`;
    try {
      const d = deal(t as number, n as number, seed as Uint8Array);
      if (d.shares.length !== n || d.sharePublicKeys.length !== n || d.t !== t) return { target: 'threshold', input, why: `dealt ${d.shares.length} shares for t=${d.t}` };
    } catch (e) {
      const why = thresholdProblem(e);
      if (why !== null) return { target: 'threshold', input, why };
    }
    return null;
  }
  // partialSign: a damaged share
  const share: Record<string, unknown> = { ...fx.dealt.shares[rng.int(0, 3)]! };
  if (rng.next() < 0.5) share.index = badNumber(rng); else share.secretKey = damage(rng, share.secretKey as Uint8Array);
  const input = `partialSign(${show(share)})`;
  try {
    const p = partialSign(share as never, fx.msg);
    if (p.index !== share.index || !(p.signature instanceof Uint8Array)) return { target: 'threshold', input, why: `partial ${show(p)}` };
  } catch (e) {
    const why = thresholdProblem(e);
    if (why !== null) return { target: 'threshold', input, why };
  }
  return null;
}

/**
 * SignatureCollector then SignatureAggregator, with damaged parameters, a damaged order
 * of requests, and validators answering with damaged partials or failing. A result must
 * be t genuine partials and the group signature; a refusal a ThresholdError.
 */
export async function fuzzCollector(rng: Rng, Collector: typeof SignatureCollector = SignatureCollector): Promise<Finding | null> {
  const fx = cryptoFixture();
  const pub: Record<string, unknown> = { t: 3, n: 4, groupPublicKey: fx.dealt.groupPublicKey, sharePublicKeys: [...fx.dealt.sharePublicKeys] };
  let order: unknown[] | undefined = rng.next() < 0.5 ? undefined : [1, 2, 3, 4].sort(() => rng.next() - 0.5);
  if (rng.next() < 0.25) {
    switch (rng.int(0, 4)) {
      case 0: pub.t = badNumber(rng); break;
      case 1: pub.n = badNumber(rng); break;
      case 2: (pub.sharePublicKeys as unknown[]).splice(rng.int(0, 3), 1); break;
      case 3: (pub.sharePublicKeys as unknown[])[rng.int(0, 3)] = damage(rng, fx.dealt.sharePublicKeys[0]!); break;
      default: pub.groupPublicKey = damage(rng, fx.dealt.groupPublicKey, fx.dealt.sharePublicKeys[0]); break;
    }
  }
  if (rng.next() < 0.2) order = [...(order ?? [1, 2, 3, 4]), badNumber(rng) as number];
  // Most validators answer badly (cheap to reject); a bad answer is decoded, not paired.
  const answers = new Map<number, () => Promise<Partial>>();
  for (let i = 1; i <= 4; i++) {
    const g = fx.partials[i - 1]!;
    const how = rng.int(0, 9);
    answers.set(i, how <= 3 ? async () => g
      : how === 4 ? async () => { throw new Error(`validator ${i} is down`); }
      : how === 5 ? async () => ({ index: i % 4 + 1, signature: g.signature })
      : how === 6 ? async () => (rng.next() < 0.5 ? null : randomJson(rng)) as Partial
      : async () => ({ index: i, signature: damage(rng, g.signature, rng.next() < 0.1 ? fx.partials[i % 4]!.signature : undefined) as Uint8Array }));
  }
  const source: PartialSource = { requestPartial: (i) => (answers.get(i) ?? (async () => { throw new Error(`no validator ${i}`); }))() };
  const input = `pub ${show({ ...pub, sharePublicKeys: (pub.sharePublicKeys as unknown[]).length })}, order ${show(order)}, answers ${[1, 2, 3, 4].map((i) => answers.get(i)!.toString().slice(0, 40)).join(' | ')}`;
  try {
    const got = await new Collector(pub as unknown as ThresholdPublic, source, noble).collect(fx.msg, order as number[] | undefined);
    if (got.partials.length !== 3) return { target: 'collector', input, why: `collected ${got.partials.length} partials for t = 3` };
    for (const p of got.partials) {
      if (!same(p.signature, fx.partials[p.index - 1]?.signature ?? new Uint8Array())) return { target: 'collector', input, why: `accepted a partial that is not index ${p.index}'s` };
    }
    for (const b of got.bad) if (typeof b.reason !== 'string' || b.reason === '') return { target: 'collector', input, why: `a bad partial without a reason: ${show(b)}` };
    const sig = new SignatureAggregator(pub as unknown as ThresholdPublic, noble).aggregate(fx.msg, got.partials);
    if (!same(sig, fx.groupSig)) return { target: 'collector', input, why: 'the aggregate is not the group signature' };
  } catch (e) {
    const why = thresholdProblem(e);
    if (why !== null) return { target: 'collector', input, why };
  }
  return null;
}

/**
 * certificateProblem on a damaged certificate (signers, aggregate, height, round, value),
 * and decodeCertificate on a damaged wire form. certificateProblem must never throw, must
 * accept exactly the genuine certificates, and every reason must be one of the vectors'
 * reason codes; decodeCertificate must decode or throw a worded Error, and re-encode.
 */
export function fuzzCertificate(rng: Rng, api: { certificateProblem: typeof certificateProblem } = { certificateProblem }): Finding | null {
  const fx = cryptoFixture();
  const base = fx.certs[rng.int(0, 1)]!;
  const cert: Record<string, unknown> = { signers: [...base.signers], aggregate: base.aggregate };
  let at: [string, number, number, string] = [fx.chainId, 5, 1, 'v1'];
  const edits = rng.next() < 0.08 ? 0 : rng.int(1, 2);
  for (let k = 0; k < edits; k++) {
    if (!Array.isArray(cert.signers)) cert.signers = [...base.signers];
    const s = cert.signers as unknown[];
    switch (rng.int(0, 8)) {
      case 0: s.splice(rng.int(0, s.length - 1), 1); break;
      case 1: s.push(s[rng.int(0, s.length - 1)]); break;
      case 2: s[rng.int(0, s.length - 1)] = ['c5', '', 'C1', 7, null, 'c1 '][rng.int(0, 5)]; break;
      case 3: cert.signers = randomJson(rng); break;
      case 4: cert.aggregate = damage(rng, base.aggregate, fx.certs[0]!.aggregate); break;
      case 5: at = [at[0], badNumber(rng) as number, at[2], at[3]]; break;
      case 6: at = [at[0], at[1], rng.next() < 0.5 ? badNumber(rng) as number : 2, at[3]]; break;
      case 7: at = [['', 'other', 'x'.repeat(300)][rng.int(0, 2)]!, at[1], at[2], ['v1', 'nil', 'v2', ''][rng.int(0, 3)]!]; break;
      default: { const c = rng.next() < 0.5 ? null : randomJson(rng); return checkCert(fx, at, c, show(c), api); }
    }
  }
  if (rng.next() < 0.3) return fuzzWire(rng, fx, cert);
  return checkCert(fx, at, cert, `${show(at)} ${show(cert)}`, api);
}

function checkCert(fx: Fixture, at: [string, number, number, string], cert: unknown, input: string, api: { certificateProblem: typeof certificateProblem }): Finding | null {
  let problem: string | null;
  try {
    problem = api.certificateProblem(fx.set, at[0], at[1], at[2], at[3], cert as never, noble);
  } catch (e) {
    return { target: 'certificate', input, why: `certificateProblem threw: ${e instanceof Error ? e.message : String(e)}` };
  }
  const c = cert as { signers?: unknown; aggregate?: unknown } | null;
  const genuine = JSON.stringify(at) === JSON.stringify([fx.chainId, 5, 1, 'v1']) && Array.isArray(c?.signers)
    && fx.certs.some((g) => same(c!.aggregate, g.aggregate) && [...(c!.signers as string[])].sort().join() === g.signers.join());
  if (genuine && problem !== null) return { target: 'certificate', input, why: `a genuine certificate is refused: ${problem}` };
  if (!genuine && problem === null) return { target: 'certificate', input, why: 'a damaged certificate is accepted' };
  if (problem !== null && classify(problem) === undefined) return { target: 'certificate', input, why: `the reason is none of the certificate reason codes: ${problem}` };
  return null;
}

function fuzzWire(rng: Rng, fx: Fixture, cert: Record<string, unknown>): Finding | null {
  let bytes: unknown;
  try { bytes = encodeCertificate(fx.set, cert as never); } catch { bytes = encodeCertificate(fx.set, fx.certs[0]!); }
  const b = bytes as Uint8Array;
  if (rng.next() < 0.5) b[0] = rng.int(0, 255); else bytes = damage(rng, b);
  const input = `decodeCertificate(${show(bytes)})`;
  try {
    const c = decodeCertificate(fx.set, bytes as Uint8Array);
    if (!same(encodeCertificate(fx.set, c), bytes as Uint8Array)) return { target: 'certificate', input, why: 'decode then encode changes the bytes' };
  } catch (e) {
    if (!(e instanceof Error) || !/^decodeCertificate: /.test(e.message) || /Cannot|undefined|is not/.test(e.message))
      return { target: 'certificate', input, why: `unclear error: ${e instanceof Error ? e.message : String(e)}` };
  }
  return null;
}
