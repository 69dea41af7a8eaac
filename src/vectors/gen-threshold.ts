// Generates one threshold vector file, deterministically from its documented seed.
// Expected outcomes are declared by construction (this case has t-1 partials, so it
// must be refused with too-few), never computed by the implementation under test. The
// one computed expectation, the combined signature, is the group secret key's DIRECT
// signature (sign(sk, m)), and the generator asserts that both combine methods
// reproduce it, so a vector file cannot be produced by a wrong combination.
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { DST_POP, DST_SIG, publicKey, secretKeyFromSeed, sign } from '../crypto/bls.ts';
import { combine, combineNaive, deal, partialSign, type Partial } from '../crypto/threshold.ts';
import { decodeSignature } from '../crypto/points.ts';
import { toHex } from './hex.ts';
import { THRESHOLD_FORMAT, type CollectExpect, type PartialJson, type ThresholdCase, type ThresholdFile } from './format.ts';

export const SUITE = {
  scheme: 'BLS12-381 min-pk, G2 signatures, proof-of-possession ciphersuite',
  dst: DST_SIG,
  popDst: DST_POP,
} as const;

/** The (t, n) pairs of conformance/vectors/threshold-t<t>-n<n>.json. */
export const THRESHOLD_PARAMS: readonly [number, number][] = [[1, 1], [2, 3], [3, 4], [5, 7], [67, 100]];

export const G1_INFINITY = 'c0' + '00'.repeat(47);
export const G2_INFINITY = 'c0' + '00'.repeat(95);

export function thresholdSeed(t: number, n: number): string {
  return `hybrid-bft/vectors/threshold/t=${t}/n=${n}`;
}

export function thresholdFileName(t: number, n: number): string {
  return `threshold-t${t}-n${n}.json`;
}

/** The messages of every threshold file: the empty one, a text one, a 32-byte digest. */
export function vectorMessages(): { name: string; bytes: Uint8Array }[] {
  return [
    { name: 'empty', bytes: new Uint8Array(0) },
    { name: 'ascii channel update', bytes: utf8ToBytes('hybrid-bft channel update: channel=7 seq=1') },
    { name: 'sha256 digest', bytes: sha256(utf8ToBytes('hybrid-bft/vectors/message')) },
  ];
}

function check(cond: boolean, what: string): asserts cond {
  if (!cond) throw new Error(`gen-vectors: ${what}`);
}

/** A valid G2 encoding turned into bytes that do not decode (flags kept, x not on the curve). */
function offCurve(sig: Uint8Array): Uint8Array {
  for (let k = 0; k < 256; k++) {
    const b = sig.slice();
    b[95] = (b[95] as number) ^ (k + 1);
    try { decodeSignature(b); } catch { return b; }
  }
  throw new Error('gen-vectors: found no off-curve variant');
}

/** Deterministic shuffle of 1..n (Fisher–Yates driven by SHA-256 of the label). */
function shuffled(n: number, label: string): number[] {
  const xs = Array.from({ length: n }, (_, i) => i + 1);
  let h = sha256(utf8ToBytes(label));
  for (let i = n - 1; i > 0; i--) {
    h = sha256(h);
    const r = ((h[0] as number) << 16 | (h[1] as number) << 8 | (h[2] as number)) % (i + 1);
    [xs[i], xs[r]] = [xs[r] as number, xs[i] as number];
  }
  return xs;
}

export function generateThreshold(t: number, n: number): ThresholdFile {
  const seedText = thresholdSeed(t, n);
  const seed = sha256(utf8ToBytes(seedText));
  const dealt = deal(t, n, seed);
  // deal(t, n, seed) shares secretKeyFromSeed(seed): the group secret, used only to make
  // the direct signatures that every combination must equal.
  const groupSk = secretKeyFromSeed(seed);
  check(toHex(publicKey(groupSk)) === toHex(dealt.groupPublicKey), 'group key is not publicKey(secretKeyFromSeed(seed))');
  const msgs = vectorMessages();
  const hexOf = (ps: Partial[]): PartialJson[] => ps.map((p) => ({ index: p.index, signature: toHex(p.signature) }));
  const partial = msgs.map((m) => dealt.shares.map((s) => partialSign(s, m.bytes))); // partial[m][i-1]
  const direct = msgs.map((m) => sign(groupSk, m.bytes));
  const pick = (m: number, indices: number[]) => indices.map((i) => partial[m]![i - 1] as Partial);
  const cases: ThresholdCase[] = [];

  // Positive combinations: several t-subsets per message, each must give the direct signature.
  const subsets: [string, number[]][] = [
    ['first t', Array.from({ length: t }, (_, i) => i + 1)],
    ['last t', Array.from({ length: t }, (_, i) => n - t + 1 + i)],
    ['shuffled t', shuffled(n, `${seedText}/subset`).slice(0, t)],
    ['first t reversed', Array.from({ length: t }, (_, i) => t - i)],
  ];
  msgs.forEach((_, m) => {
    const seen = new Set<string>();
    for (const [label, idx] of subsets) {
      if (seen.has(idx.join())) continue; // (1,1) and t = n make some subsets equal
      seen.add(idx.join());
      const ps = pick(m, idx);
      const sig = combine(t, n, ps);
      check(toHex(sig) === toHex(direct[m]!), `combine ${label} m${m} != direct signature`);
      check(toHex(combineNaive(t, n, ps)) === toHex(direct[m]!), `combineNaive ${label} m${m} != direct signature`);
      cases.push({ name: `combine m${m} ${label} = group signature`, op: 'combine', message: m, partials: hexOf(ps),
        expect: { ok: true, signature: toHex(direct[m]!) } });
    }
  });

  const m = 1; // the negative cases use the text message
  const first = Array.from({ length: t }, (_, i) => i + 1);
  const good = pick(m, first);
  const k = t; // the partial that gets corrupted: the last of the first t
  const wrongMsgPartial = partial[0]![k - 1] as Partial; // share k's valid partial over ANOTHER message
  const infinityAt = (ps: PartialJson[]) => ps.map((p) => (p.index === k ? { index: k, signature: G2_INFINITY } : p));

  // verify: DST, infinity and wrong-message negatives, plus one positive under DST_POP
  // so that an implementation ignoring the dst argument fails somewhere.
  const gpk = toHex(dealt.groupPublicKey);
  const popSig = sign(groupSk, msgs[m]!.bytes, DST_POP);
  cases.push(
    { name: 'verify group signature of another message', op: 'verify', publicKey: gpk, message: m, signature: toHex(direct[0]!), dst: DST_SIG, expect: { valid: false } },
    { name: 'verify infinity signature under group key', op: 'verify', publicKey: gpk, message: m, signature: G2_INFINITY, dst: DST_SIG, expect: { valid: false } },
    { name: 'verify infinity signature under infinity key', op: 'verify', publicKey: G1_INFINITY, message: m, signature: G2_INFINITY, dst: DST_SIG, expect: { valid: false } },
    { name: 'verify group signature under infinity key', op: 'verify', publicKey: G1_INFINITY, message: m, signature: toHex(direct[m]!), dst: DST_SIG, expect: { valid: false } },
    { name: 'verify signature made under pop dst, checked under sig dst', op: 'verify', publicKey: gpk, message: m, signature: toHex(popSig), dst: DST_SIG, expect: { valid: false } },
    { name: 'verify signature made under pop dst, checked under pop dst', op: 'verify', publicKey: gpk, message: m, signature: toHex(popSig), dst: DST_POP, expect: { valid: true } },
    { name: 'verify group signature with off-curve bytes', op: 'verify', publicKey: gpk, message: m, signature: toHex(offCurve(direct[m]!)), dst: DST_SIG, expect: { valid: false } },
  );

  // verifyPartial negatives.
  cases.push(
    { name: `partial ${k} over another message`, op: 'verifyPartial', index: k, message: m, signature: toHex(wrongMsgPartial.signature), expect: { valid: false } },
    { name: `partial ${k} infinity`, op: 'verifyPartial', index: k, message: m, signature: G2_INFINITY, expect: { valid: false } },
    { name: `partial ${k} under pop dst`, op: 'verifyPartial', index: k, message: m, signature: toHex(sign(dealt.shares[k - 1]!.secretKey, msgs[m]!.bytes, DST_POP)), expect: { valid: false } },
    { name: `partial ${k} checked as group signature`, op: 'verifyPartial', index: k, message: m, signature: toHex(direct[m]!), expect: { valid: t === 1 } },
  );
  if (n > 1) {
    const other = (k % n) + 1;
    cases.push({ name: `partial ${other} under share key ${k}`, op: 'verifyPartial', index: k, message: m, signature: toHex(partial[m]![other - 1]!.signature), expect: { valid: false } });
  }

  // A GENUINE share f(n+1) of the same polynomial (deal's coefficients do not depend on
  // n): with t-1 good partials, plain interpolation over it gives the group signature,
  // so only the index range check refuses it.
  const beyond = partialSign(deal(t, n + 1, seed).shares[n]!, msgs[m]!.bytes);
  const withBeyond = [...good.slice(0, t - 1), beyond];
  check(toHex(combine(t, n + 1, withBeyond)) === toHex(direct[m]!), 'share n+1 is not a genuine share f(n+1)');

  // combine negatives: each breaks exactly one rule, so exactly one error applies.
  // combine uses the first t partials, so the bad one is placed among them (or, for
  // index/duplicate checks that cover every partial, appended). Every partial is
  // checked, so a garbage partial past the first t is refused too.
  const combineNegatives: Extract<ThresholdCase, { op: 'combine' }>[] = [
    { name: 't-1 partials', op: 'combine', message: m, partials: hexOf(good.slice(0, t - 1)), expect: { ok: false, error: 'too-few' } },
    { name: 'duplicate index', op: 'combine', message: m, partials: [...hexOf(good), hexOf([good[0]!])[0]!], expect: { ok: false, error: 'duplicate-index', index: 1 } },
    { name: 'index 0 carrying the group signature', op: 'combine', message: m, partials: [...hexOf(good), { index: 0, signature: toHex(direct[m]!) }], expect: { ok: false, error: 'index-out-of-range', index: 0 } },
    { name: 'index n+1 carrying the genuine share f(n+1), among the first t', op: 'combine', message: m, partials: hexOf(withBeyond), expect: { ok: false, error: 'index-out-of-range', index: n + 1 } },
    { name: `combine with partial ${k} infinity`, op: 'combine', message: m, partials: infinityAt(hexOf(good)), expect: { ok: false, error: 'infinity', index: k } },
    { name: `combine with partial ${k} of 95 bytes`, op: 'combine', message: m, partials: hexOf(good).map((p) => (p.index === k ? { index: k, signature: p.signature.slice(0, 190) } : p)), expect: { ok: false, error: 'malformed', index: k } },
    { name: `combine with partial ${k} off the curve`, op: 'combine', message: m, partials: hexOf(good).map((p) => (p.index === k ? { index: k, signature: toHex(offCurve(good[k - 1]!.signature)) } : p)), expect: { ok: false, error: 'malformed', index: k } },
  ];
  if (t < n) {
    combineNegatives.push({ name: `t valid partials and a 5-byte partial ${t + 1} past them`, op: 'combine', message: m,
      partials: [...hexOf(good), { index: t + 1, signature: '0102030405' }], expect: { ok: false, error: 'malformed', index: t + 1 } });
  }
  cases.push(...combineNegatives);

  // collect: the collector verifies each partial against its share key, names the bad
  // ones, and combines the rest. The bad partial comes FIRST, so a collector that does
  // not skip it puts it into the combination.
  const corrupt: PartialJson = { index: k, signature: toHex(wrongMsgPartial.signature) };
  const withoutK = Array.from({ length: n }, (_, i) => i + 1).filter((i) => i !== k).slice(0, t);
  cases.push({ name: `collect all n valid`, op: 'collect', message: m, partials: hexOf(pick(m, Array.from({ length: n }, (_, i) => i + 1))),
    expect: { ok: true, signature: toHex(direct[m]!), rejected: [] } });
  if (withoutK.length === t) {
    cases.push(
      { name: `collect t+1 with partial ${k} corrupted`, op: 'collect', message: m, partials: [corrupt, ...hexOf(pick(m, withoutK))],
        expect: { ok: true, signature: toHex(direct[m]!), rejected: [k] } },
      { name: `collect t+1 with partial ${k} infinity`, op: 'collect', message: m, partials: [{ index: k, signature: G2_INFINITY }, ...hexOf(pick(m, withoutK))],
        expect: { ok: true, signature: toHex(direct[m]!), rejected: [k] } },
    );
  }
  cases.push({ name: `collect t with partial ${k} corrupted`, op: 'collect', message: m, partials: [corrupt, ...hexOf(good.filter((p) => p.index !== k))],
    expect: { ok: false, error: 'too-few', rejected: [k] } });

  // Every combine negative as a collect request too, so both drivers are held to it. The
  // collector checks every index first (range, distinct: refused with nothing rejected),
  // then verifies partials in order until t are good: a partial that does not decode is
  // a bad one (rejected), and one past the first t good ones is never examined.
  for (const c of combineNegatives) {
    const e = c.expect as { ok: false; error: string; index?: number };
    const expect: CollectExpect =
      e.error === 'too-few' || e.error === 'duplicate-index' || e.error === 'index-out-of-range' ? { ok: false, error: e.error, rejected: [] }
        : c.partials.length > t ? { ok: true, signature: toHex(direct[m]!), rejected: [] }
          : { ok: false, error: 'too-few', rejected: [e.index!] };
    cases.push({ name: `collect twin of combine - ${c.name}`, op: 'collect', message: m, partials: c.partials, expect });
  }

  return {
    format: THRESHOLD_FORMAT,
    description: `${t}-of-${n} threshold BLS: group key, share keys, partials over every message, t-subset combinations equal to the group key's direct signature, and negative cases with the required outcome.`,
    suite: { ...SUITE },
    seed: seedText,
    t, n,
    groupPublicKey: gpk,
    sharePublicKeys: dealt.sharePublicKeys.map((pk, i) => ({ index: i + 1, publicKey: toHex(pk) })),
    messages: msgs.map((x) => ({ name: x.name, hex: toHex(x.bytes) })),
    partials: partial.flatMap((ps, mi) => ps.map((p) => ({ message: mi, index: p.index, signature: toHex(p.signature) }))),
    groupSignatures: direct.map((s, mi) => ({ message: mi, signature: toHex(s) })),
    cases,
  };
}

/** The exact bytes written to disk: stable key order (construction order), 1-space indent, final newline. */
export function serialize(file: unknown): string {
  return JSON.stringify(file, null, 1) + '\n';
}
