// The Byzantine validators of an explored run, played by the explorer itself: each
// move is a small-scope mutation of what a correct validator would send at the heights
// and rounds the correct processes are in (ByzzFuzz, OOPSLA 2023), addressed to any
// subset of the correct processes (the others get nothing: withheld). The moves
// (genome.ts BYZ_KINDS):
// - propose: a PROPOSAL of a round it is the proposer of (one in ten: of any round),
//   any value (valid or not), any validRound -1..round-1;
// - vote: a PREVOTE or PRECOMMIT for any value or nil;
// - equivocate: two different votes (or proposals) of one (type, height, round) to two
//   disjoint groups;
// - mirror: a message a correct validator sent, re-signed in its own name, value or
//   round changed with some chance;
// - replay: an old message (anyone's, sent earlier in the run) delivered again.
// Values are half the time one a correct validator sent lately, and a validator that
// proposed in this or the last round votes for its proposal half the time.
// It signs only as itself (signatures are abstract: src is trusted), sends no COMMIT,
// and stays within heights 1..maxHeight and rounds 0..maxRound (the model's ByzMsgs).
import type { NormalMessage, NormalProjection } from '../conformance/normal.ts';
import type { TraceParams } from '../conformance/replay.ts';
import { proposer } from '../core/proposer.ts';
import { NIL } from '../core/types.ts';
import type { Rng } from '../node/rng.ts';
import type { ByzKind } from './genome.ts';

/** The value no validator holds valid (valid values are the params' validValues). */
export const INVALID_VALUE = 'bad-1';

export interface ByzView {
  params: TraceParams;
  byzantine: readonly string[];
  correct: readonly string[];
  proj: ReadonlyMap<string, NormalProjection>;
  /** Messages sent so far (correct and Byzantine), for mirror and replay. */
  history: readonly NormalMessage[];
}

/** One Byzantine send: a message and the correct processes it goes to. */
export interface ByzSend { msg: NormalMessage; to: string[] }

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(0, xs.length - 1)]!;
const clamp = (x: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, x));

function subset(rng: Rng, xs: readonly string[]): string[] {
  const mode = rng.int(0, 2);
  if (mode === 0) return [...xs];
  if (mode === 1) return [pick(rng, xs)];
  const s = xs.filter(() => rng.next() < 0.5);
  return s.length > 0 ? s : [pick(rng, xs)];
}

function split(rng: Rng, xs: readonly string[]): [string[], string[]] {
  const a: string[] = [];
  const b: string[] = [];
  for (const x of xs) (rng.next() < 0.5 ? a : b).push(x);
  if (a.length === 0) a.push(b.pop()!);
  if (b.length === 0 && a.length > 1) b.push(a.pop()!);
  return [a, b];
}

/** The correct validators' latest messages, set by each byzantineMove (anyValue reads them). */
let recent: readonly NormalMessage[] = [];

/**
 * A value for a Byzantine message: half the time one a correct validator sent lately
 * (what a correct process would send), else any valid value, the invalid one, or nil.
 */
function anyValue(rng: Rng, params: TraceParams, nil: boolean): string {
  const seen = recent.filter((m) => m.value !== NIL || nil);
  if (seen.length > 0 && rng.next() < 0.5) return pick(rng, seen).value;
  const r = rng.next();
  if (nil && r < 0.25) return NIL;
  if (r < 0.35) return INVALID_VALUE;
  return pick(rng, params.validValues);
}

/** Where to aim: the height and round of a correct process, the round moved by -1..+2. */
function aim(rng: Rng, v: ByzView): { height: number; round: number } {
  const pr = v.proj.get(pick(rng, v.correct))!;
  const height = clamp(pr.step === 'commit' ? pr.height + 1 : pr.height, 1, v.params.maxHeight);
  const d = pick(rng, [-1, 0, 0, 0, 1, 1, 2]);
  return { height, round: clamp(pr.round + d, 0, v.params.maxRound) };
}

const msg = (type: string, src: string, height: number, round: number, value: string, validRound = -1): NormalMessage =>
  ({ type, src, height, round, value, validRound, cert: [] });

function proposal(rng: Rng, v: ByzView, b: string, height: number, from: number): NormalMessage | null {
  // Now and then out of turn (a correct process must ignore it: receive check 2).
  if (rng.next() < 0.1) return msg('PROPOSAL', b, height, from, anyValue(rng, v.params, false), rng.int(-1, from - 1));
  for (let r = from; r <= v.params.maxRound; r++) {
    if (proposer(v.params.validators, height, r) !== b) continue;
    const vr = rng.next() < 0.4 ? -1 : rng.int(-1, r - 1);
    return msg('PROPOSAL', b, height, r, anyValue(rng, v.params, false), vr);
  }
  return null;
}

/** One Byzantine move of kind `kind`, or null when it has nothing to send (e.g. no round to propose in). */
export function byzantineMove(kind: ByzKind, rng: Rng, v: ByzView): ByzSend[] | null {
  const b = pick(rng, v.byzantine);
  const { height, round } = aim(rng, v);
  recent = v.history.slice(-12).filter((m) => m.type !== 'COMMIT' && !v.byzantine.includes(m.src));
  // A validator that proposed votes for its proposal more often than not (a coherent attack).
  const own = [...v.history].reverse().find((m) => m.src === b && m.type === 'PROPOSAL' && m.height === height && m.round >= round - 1);
  if (own !== undefined && (kind === 'vote' || kind === 'equivocate') && rng.next() < 0.5) {
    const type = rng.next() < 0.5 ? 'PREVOTE' : 'PRECOMMIT';
    return [{ msg: msg(type, b, height, own.round, own.value), to: subset(rng, v.correct) }];
  }
  switch (kind) {
    case 'propose': {
      const m = proposal(rng, v, b, height, round);
      return m === null ? null : [{ msg: m, to: subset(rng, v.correct) }];
    }
    case 'vote': {
      const type = rng.next() < 0.5 ? 'PREVOTE' : 'PRECOMMIT';
      return [{ msg: msg(type, b, height, round, anyValue(rng, v.params, true)), to: subset(rng, v.correct) }];
    }
    case 'equivocate': {
      const [x, y] = split(rng, v.correct);
      const p = rng.next() < 0.3 ? proposal(rng, v, b, height, round) : null;
      const first = p ?? msg(rng.next() < 0.5 ? 'PREVOTE' : 'PRECOMMIT', b, height, round, anyValue(rng, v.params, true));
      let value = anyValue(rng, v.params, first.type !== 'PROPOSAL');
      if (value === first.value) value = first.value === NIL ? pick(rng, v.params.validValues) : NIL;
      if (first.type === 'PROPOSAL' && value === NIL) value = INVALID_VALUE === first.value ? v.params.validValues[0]! : INVALID_VALUE;
      const second = { ...first, value, validRound: first.type === 'PROPOSAL' ? rng.int(-1, first.round - 1) : -1 };
      return y.length === 0 ? [{ msg: first, to: x }] : [{ msg: first, to: x }, { msg: second, to: y }];
    }
    case 'mirror': {
      const seen = v.history.filter((m) => m.type !== 'COMMIT' && !v.byzantine.includes(m.src));
      if (seen.length === 0) return null;
      const m = pick(rng, seen.slice(-30));
      let r = rng.next() < 0.2 ? clamp(m.round + 1, 0, v.params.maxRound) : m.round;
      let value = rng.next() < 0.3 ? anyValue(rng, v.params, m.type !== 'PROPOSAL') : m.value;
      if (m.type === 'PROPOSAL') {
        if (proposer(v.params.validators, m.height, r) !== b) return byzantineMove('propose', rng, v);
        if (value === NIL) value = m.value;
        r = Math.max(r, 0);
        return [{ msg: msg('PROPOSAL', b, m.height, r, value, rng.next() < 0.5 ? m.validRound : rng.int(-1, r - 1)), to: subset(rng, v.correct) }];
      }
      return [{ msg: msg(m.type, b, m.height, r, value), to: subset(rng, v.correct) }];
    }
    case 'replay': {
      const old = v.history.filter((m) => m.type !== 'COMMIT');
      if (old.length === 0) return null;
      const m = pick(rng, old);
      const to = v.correct.filter((c) => c !== m.src);
      return to.length === 0 ? null : [{ msg: m, to: subset(rng, to) }];
    }
  }
}
