// Distributed key generation with no trusted dealer: the joint-Feldman protocol
// (Pedersen, "A threshold cryptosystem without a trusted party", EUROCRYPT 1991), with
// the complaint round as GJKR'99 give it (Gennaro, Jarecki, Krawczyk, Rabin, "Secure
// Distributed Key Generation for Discrete-Log Based Cryptosystems", EUROCRYPT 1999,
// §3, "JF-DKG"). Every validator i deals a random polynomial f_i of degree t−1 with
// Feldman's scheme (feldman.ts); the group secret is x = Σ_{i∈QUAL} f_i(0), which no one
// knows, validator j's share is x_j = Σ_{i∈QUAL} f_i(j), and the group key and share
// keys follow from the commitments alone.
//
// Phases (synchronous, as in GJKR: each ends at a deadline the runner keeps):
//   1 deal:     i broadcasts commit(C_i0..C_i,t−1) and sends share(f_i(j)) to each j.
//   2 complain: j checks each share against its dealer's commitments (feldman.ts) and
//               broadcasts complaint(dealer i) for a missing or bad one.
//   3 answer:   a dealer answers each complaint by broadcasting the accused share;
//               fewer than t complaints against it, else it reveals nothing (t shares
//               would reveal f_i(0)) and is disqualified.
//   end:        i is disqualified (GJKR §3, step 4) if its commit is missing or
//               malformed, it has ≥ t complaints, or a complaint has no answer whose
//               share checks; a checked answer refutes the complaint (a false complaint
//               is not believed) and gives the accuser its share. QUAL = the rest.
//
// Assumptions (GJKR's model): a synchronous network, private point-to-point channels for
// the shares, and a reliable broadcast channel for commit, complaint and answer; at most
// f < t validators Byzantine and n − f ≥ t. Then QUAL is the same at every honest
// validator (it is a function of the broadcast messages alone), it holds every honest
// dealer, and the output is a t-of-n sharing of x under y = x·G1.
// NOT protected: joint-Feldman lets the adversary bias the distribution of the group
// key (GJKR'99 §3: by getting its own dealers disqualified after seeing the honest
// commitments it picks among 2^c keys, c = corrupt dealers); GJKR's New-DKG (Pedersen
// commitments first) removes that bias and is not implemented. A sender that equivocates
// on a "broadcast" (different commitments to different validators) breaks agreement on
// QUAL; ordering the broadcast messages through consensus would remove that assumption.
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { CURVE_ORDER, scalarToSecretKey, secretKeyFromSeed } from './bls.ts';
import { G1, encodeG1, type G1Point } from './points.ts';
import { commit, decodeCommitments, evalCommitments, shareMismatch, sharePublicKeysFromCommitments } from './feldman.ts';
import { checkParams, evalPoly, sharingPolynomial, type Share } from './threshold.ts';

/** The protocol's messages; indices are share indices 1..n (validator order). */
export type DkgMessage =
  /** Phase 1, broadcast: the dealer's Feldman commitments, t × 48 bytes. */
  | { type: 'commit'; dealer: number; commitments: Uint8Array[] }
  /** Phase 1, private to `to`: f_dealer(to), 32 bytes big-endian. */
  | { type: 'share'; dealer: number; to: number; share: Uint8Array }
  /** Phase 2, broadcast: `accuser` found its share from `dealer` missing or bad. */
  | { type: 'complaint'; accuser: number; dealer: number; reason: string }
  /** Phase 3, broadcast: the dealer reveals f_dealer(accuser) to refute a complaint. */
  | { type: 'answer'; dealer: number; accuser: number; share: Uint8Array };

/** A message to send: to every other validator, or to one. */
export type DkgOutbound = { to: 'all'; msg: DkgMessage } | { to: number; msg: DkgMessage };

export type DkgPhase = 'deal' | 'complain' | 'answer' | 'done';
const PHASES: readonly DkgPhase[] = ['deal', 'complain', 'answer', 'done'];

/** Something the participant refused or decided, for logs and tests. */
export type DkgNotice =
  | { kind: 'rejected'; from: number; reason: string }
  | { kind: 'disqualified'; dealer: number; reason: string };

/** One validator's result: the ThresholdPublic of collector.ts plus its own share. */
export interface DkgOutput {
  t: number;
  n: number;
  groupPublicKey: Uint8Array;
  /** sharePublicKeys[i-1] is the key of share index i, Σ_k A_k·i^k. */
  sharePublicKeys: Uint8Array[];
  /** This validator's share x_self = Σ_{i∈QUAL} f_i(self). */
  share: Share;
  /** QUAL, ascending. */
  qualified: number[];
  /** A_k = Σ_{i∈QUAL} C_ik, the joint polynomial's commitments (k = 0..t−1). */
  commitments: Uint8Array[];
}

export class DkgError extends Error {
  constructor(message: string) { super(message); this.name = 'DkgError'; }
}

/** The dealer polynomial of a validator: a_0 = KeyGen(seed), the rest by HKDF (threshold.ts). */
export function dealerPolynomial(t: number, seed: Uint8Array): bigint[] {
  return sharingPolynomial('dkg', t, secretKeyFromSeed(seed), seed);
}

/** Deterministic per-validator seed for tests, demos and the benchmark: sha256(label ‖ index). Never a real key. */
export function demoDkgSeed(label: string, index: number): Uint8Array {
  return sha256(concatBytes(utf8ToBytes(`hybrid-bft/dkg-demo/${label}/`), utf8ToBytes(String(index))));
}

interface DealerView {
  commitments?: G1Point[];
  commitmentBytes?: Uint8Array[];
  /** Why the commit is unusable (malformed), when it is. */
  bad?: string;
  /** f_dealer(self), when received. */
  share?: bigint;
  complaints: Map<number, string>;
  answers: Map<number, bigint>;
}

const isIndex = (x: unknown, n: number): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 1 && x <= n;

function scalarOf(b: unknown): bigint | null {
  if (!(b instanceof Uint8Array) || b.length !== 32) return null;
  let x = 0n;
  for (const v of b) x = (x << 8n) | BigInt(v);
  return x > 0n && x < CURVE_ORDER ? x : null;
}

/**
 * One validator's side of the DKG: a deterministic state machine with no clock, network
 * or randomness of its own (the polynomial comes from `seed`; a deployment passes 32+
 * CSPRNG bytes). `start`, `receive` and `endPhase` return the messages to send; the
 * runner (src/node/dkg-run.ts) keeps the phase deadlines. Bad input from peers never
 * throws: it becomes a `rejected` notice. Throws DkgError on caller misuse (bad t, n or
 * self, a seed under 32 bytes, steps out of order).
 */
export class DkgParticipant {
  readonly notices: DkgNotice[] = [];
  #phase: DkgPhase | 'idle' = 'idle';
  readonly #coeffs: bigint[];
  readonly #dealers = new Map<number, DealerView>();
  #output: DkgOutput | undefined;

  constructor(readonly t: number, readonly n: number, readonly self: number, seed: Uint8Array) {
    try { checkParams('DkgParticipant', t, n); } catch (e) { throw new DkgError((e as Error).message); }
    if (!isIndex(self, n)) throw new DkgError(`DkgParticipant: self must be an index in 1..${n}, got ${String(self)}`);
    try { this.#coeffs = dealerPolynomial(t, seed); } catch (e) { throw new DkgError(`DkgParticipant: ${(e as Error).message}`); }
    for (let i = 1; i <= n; i++) this.#dealers.set(i, { complaints: new Map(), answers: new Map() });
  }

  get phase(): DkgPhase | 'idle' { return this.#phase; }
  /** The result once phase 'done' is reached (undefined before). */
  get output(): DkgOutput | undefined { return this.#output; }

  #dealer(i: number): DealerView { return this.#dealers.get(i)!; }

  /** Phase 1: this validator's commit (broadcast) and one share per other validator. */
  start(): DkgOutbound[] {
    if (this.#phase !== 'idle') throw new DkgError(`DkgParticipant.start: already started (phase ${this.#phase})`);
    this.#phase = 'deal';
    const points = commit(this.#coeffs);
    const commitments = points.map(encodeG1);
    const me = this.#dealer(this.self);
    me.commitments = points;
    me.commitmentBytes = commitments;
    me.share = evalPoly(this.#coeffs, BigInt(this.self));
    const out: DkgOutbound[] = [{ to: 'all', msg: { type: 'commit', dealer: this.self, commitments } }];
    for (let j = 1; j <= this.n; j++) if (j !== this.self) out.push({ to: j, msg: { type: 'share', dealer: this.self, to: j, share: this.#shareBytes(j) } });
    return out;
  }

  #shareBytes(j: number): Uint8Array {
    const s = evalPoly(this.#coeffs, BigInt(j));
    // f_i(j) = 0 has probability about 1/r; such a share cannot be sent as a key.
    if (s === 0n) throw new DkgError(`DkgParticipant: share for ${j} is zero; use another seed`);
    return scalarToSecretKey(s);
  }

  #reject(from: number, reason: string): void {
    this.notices.push({ kind: 'rejected', from, reason });
  }

  /**
   * A message from validator `from` (the transport authenticates senders). Stored if it
   * is well formed, sent by the party it names, and not past its phase (a commit or share
   * after phase 1, a complaint after phase 2, an answer after phase 3: the synchronous
   * model's late message, ignored). Duplicates of a stored message are ignored; a second,
   * different commit from one dealer is refused (the first counts). Sends nothing.
   */
  receive(from: number, msg: DkgMessage): void {
    if (this.#phase === 'idle') return this.#reject(from, 'message before start');
    if (!isIndex(from, this.n) || from === this.self) return this.#reject(from, `sender ${String(from)} is not another validator`);
    const m = msg as Partial<Record<string, unknown>> | null;
    if (m === null || typeof m !== 'object') return this.#reject(from, 'message is not an object');
    const late = (until: DkgPhase) => PHASES.indexOf(this.#phase as DkgPhase) > PHASES.indexOf(until);
    switch (m.type) {
      case 'commit': {
        if (m.dealer !== from) return this.#reject(from, `commit names dealer ${String(m.dealer)}, sent by ${from}`);
        if (late('deal')) return this.#reject(from, 'commit after the deal phase');
        const d = this.#dealer(from);
        if (d.commitmentBytes !== undefined || d.bad !== undefined) {
          const same = Array.isArray(m.commitments) && d.commitmentBytes !== undefined && sameList(d.commitmentBytes, m.commitments as unknown[]);
          return same ? undefined : this.#reject(from, `second, different commit from dealer ${from}; the first counts`);
        }
        try {
          d.commitments = decodeCommitments(`commit from dealer ${from}`, this.t, m.commitments as Uint8Array[]);
          d.commitmentBytes = (m.commitments as Uint8Array[]).map((c) => c.slice());
        } catch (e) {
          d.bad = (e as Error).message;
        }
        return;
      }
      case 'share': {
        if (m.dealer !== from) return this.#reject(from, `share names dealer ${String(m.dealer)}, sent by ${from}`);
        if (m.to !== this.self) return this.#reject(from, `share for ${String(m.to)} delivered to ${this.self}`);
        if (late('deal')) return this.#reject(from, 'share after the deal phase');
        const s = scalarOf(m.share);
        if (s === null) return this.#reject(from, `share from dealer ${from} is not a 32-byte scalar in 1..r-1`);
        const d = this.#dealer(from);
        if (d.share !== undefined) return d.share === s ? undefined : this.#reject(from, `second, different share from dealer ${from}; the first counts`);
        d.share = s;
        return;
      }
      case 'complaint': {
        if (m.accuser !== from) return this.#reject(from, `complaint names accuser ${String(m.accuser)}, sent by ${from}`);
        if (!isIndex(m.dealer, this.n) || m.dealer === from) return this.#reject(from, `complaint against ${String(m.dealer)}, not another validator`);
        if (late('complain')) return this.#reject(from, 'complaint after the complaint phase');
        this.#dealer(m.dealer).complaints.set(from, typeof m.reason === 'string' ? m.reason.slice(0, 200) : '');
        return;
      }
      case 'answer': {
        if (m.dealer !== from) return this.#reject(from, `answer names dealer ${String(m.dealer)}, sent by ${from}`);
        if (!isIndex(m.accuser, this.n)) return this.#reject(from, `answer to accuser ${String(m.accuser)}, not a validator`);
        if (late('answer')) return this.#reject(from, 'answer after the answer phase');
        const s = scalarOf(m.share);
        if (s === null) return this.#reject(from, `answer from dealer ${from} is not a 32-byte scalar in 1..r-1`);
        const d = this.#dealer(from);
        if (!d.answers.has(m.accuser)) d.answers.set(m.accuser, s);
        return;
      }
      default:
        return this.#reject(from, `unknown message type ${JSON.stringify(String(m.type)).slice(0, 40)}`);
    }
  }

  /** Why dealer i's commit cannot be used (missing or malformed), or null. */
  #commitProblem(i: number): string | null {
    const d = this.#dealer(i);
    if (d.bad !== undefined) return d.bad;
    return d.commitments === undefined ? `dealer ${i} sent no commit` : null;
  }

  /**
   * Ends the current phase (the runner calls it at each deadline) and returns what to
   * send: after deal, the complaints (missing or bad shares, checked against the commits,
   * Feldman 1987 §3); after complain, the answers to complaints against this validator;
   * after answer, nothing: QUAL and the output are computed (GJKR'99 §3, step 4).
   * Throws DkgError when not started or already done.
   */
  endPhase(): DkgOutbound[] {
    switch (this.#phase) {
      case 'deal': {
        this.#phase = 'complain';
        const out: DkgOutbound[] = [];
        for (let i = 1; i <= this.n; i++) {
          if (i === this.self || this.#commitProblem(i) !== null) continue; // a bad commit is public: everyone disqualifies
          const d = this.#dealer(i);
          const reason = d.share === undefined
            ? `no share from dealer ${i}`
            : shareMismatch(d.commitments!, this.self, scalarToSecretKey(d.share));
          if (reason !== null) {
            d.complaints.set(this.self, reason);
            out.push({ to: 'all', msg: { type: 'complaint', accuser: this.self, dealer: i, reason } });
          }
        }
        return out;
      }
      case 'complain': {
        this.#phase = 'answer';
        const me = this.#dealer(this.self);
        if (me.complaints.size >= this.t) return []; // revealing t shares would reveal f_self(0)
        return [...me.complaints.keys()].sort((a, b) => a - b).map((j) => {
          me.answers.set(j, evalPoly(this.#coeffs, BigInt(j)));
          return { to: 'all', msg: { type: 'answer', dealer: this.self, accuser: j, share: this.#shareBytes(j) } } as DkgOutbound;
        });
      }
      case 'answer':
        this.#phase = 'done';
        this.#output = this.#finish();
        return [];
      default:
        throw new DkgError(`DkgParticipant.endPhase: nothing to end in phase ${this.#phase}`);
    }
  }

  /** Why dealer i is disqualified, or null (GJKR'99 §3, JF-DKG steps 3 and 4). */
  #disqualification(i: number): string | null {
    const bad = this.#commitProblem(i);
    if (bad !== null) return bad;
    const d = this.#dealer(i);
    if (d.complaints.size >= this.t) return `${d.complaints.size} complaints against dealer ${i} (t = ${this.t})`;
    for (const j of [...d.complaints.keys()].sort((a, b) => a - b)) {
      const s = d.answers.get(j);
      if (s === undefined) return `dealer ${i} did not answer the complaint of ${j}`;
      const why = shareMismatch(d.commitments!, j, scalarToSecretKey(s));
      if (why !== null) return `dealer ${i} answered the complaint of ${j} with a bad share: ${why}`;
    }
    return null;
  }

  #finish(): DkgOutput {
    const qualified: number[] = [];
    for (let i = 1; i <= this.n; i++) {
      const why = this.#disqualification(i);
      if (why === null) qualified.push(i);
      else this.notices.push({ kind: 'disqualified', dealer: i, reason: why });
    }
    if (qualified.length === 0) throw new DkgError('DKG failed: every dealer was disqualified');
    let x = 0n;
    const joint: G1Point[] = Array.from({ length: this.t }, () => G1.ZERO);
    for (const i of qualified) {
      const d = this.#dealer(i);
      // A refuted complaint of ours: the answer is the share (it checked against the commit).
      const s = d.complaints.has(this.self) ? d.answers.get(this.self)! : d.share!;
      x = (x + s) % CURVE_ORDER;
      d.commitments!.forEach((c, k) => { joint[k] = joint[k]!.add(c); });
    }
    if (joint[0]!.is0()) throw new DkgError('DKG failed: the group key is the point at infinity');
    if (x === 0n) throw new DkgError(`DKG failed: share ${this.self} is zero`);
    const sharePublicKeys = sharePublicKeysFromCommitments(joint, this.n);
    const secretKey = scalarToSecretKey(x);
    if (!G1.BASE.multiply(x).equals(evalCommitments(joint, this.self)))
      throw new DkgError(`DKG failed: share ${this.self} does not match the joint commitments`); // unreachable: every summand checked
    return {
      t: this.t, n: this.n, groupPublicKey: encodeG1(joint[0]!), sharePublicKeys,
      share: { index: this.self, secretKey }, qualified, commitments: joint.map(encodeG1),
    };
  }
}

function sameList(a: readonly Uint8Array[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((x, k) => {
    const y = b[k];
    return y instanceof Uint8Array && y.length === x.length && x.every((v, i) => v === y[i]);
  });
}
