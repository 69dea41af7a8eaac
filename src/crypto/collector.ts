// Gathering t partial signatures from validators and turning them into one threshold
// signature. The collector trusts nothing it receives: each partial is checked against
// the share key of the index it was asked for, bad ones are skipped and reported. The
// partials of one wave are checked together, with one randomized check (batch.ts).
import type { BlsBackend, PreparedKey } from './backend.ts';
import { NOT_VERIFIED, verifyBatch } from './batch.ts';
import { DecodeError } from './points.ts';
import { defaultBackend } from './select-backend.ts';
import { ThresholdError, checkParams, combine, type Partial } from './threshold.ts';

/** Where partials come from (a network client in a node, a stub in tests). */
export interface PartialSource {
  requestPartial(index: number, msg: Uint8Array): Promise<Partial>;
}

export interface BadPartial { index: number; reason: string }
export interface Collected { partials: Partial[]; bad: BadPartial[] }

/** t could not be reached: which indices gave good partials, which bad ones and why. */
export class CollectError extends ThresholdError {
  readonly good: number[];
  readonly bad: BadPartial[];
  constructor(message: string, good: number[], bad: BadPartial[]) {
    super('too-few', message);
    this.name = 'CollectError';
    this.good = good;
    this.bad = bad;
  }
}

export interface ThresholdPublic { t: number; n: number; groupPublicKey: Uint8Array; sharePublicKeys: readonly Uint8Array[] }

function checkPublic(where: string, pub: ThresholdPublic): void {
  checkParams(where, pub.t, pub.n);
  if (pub.sharePublicKeys.length !== pub.n)
    throw new ThresholdError('malformed', `${where}: expected ${pub.n} share public keys, got ${pub.sharePublicKeys.length}`);
}

/** null when `p` is shaped as a partial of share `index`, otherwise why not (its signature is checked later). */
function shapeProblem(index: number, p: Partial): string | null {
  if (p === null || typeof p !== 'object') return `partial from index ${index} is malformed`;
  if (p.index !== index) return `partial from index ${index} claims index ${String(p.index)}`;
  if (!(p.signature instanceof Uint8Array)) return `partial from index ${index} has no signature bytes`;
  return null;
}

export class SignatureCollector {
  readonly #pub: ThresholdPublic;
  readonly #source: PartialSource;
  readonly #backend: BlsBackend;
  readonly #keys = new Map<number, PreparedKey | string>();

  /** Throws ThresholdError('malformed') on bad parameters. `backend` checks the partials (default: defaultBackend()). */
  constructor(pub: ThresholdPublic, source: PartialSource, backend: BlsBackend = defaultBackend()) {
    checkPublic('SignatureCollector', pub);
    this.#pub = pub;
    this.#source = source;
    this.#backend = backend;
  }

  /** Share key `index`, decoded once; a string says why it is unusable (a bad key in the public data). */
  #key(index: number): PreparedKey | string {
    let k = this.#keys.get(index);
    if (k === undefined) {
      try {
        k = this.#backend.prepareKey(this.#pub.sharePublicKeys[index - 1]!, `share key ${index}`);
      } catch (e) {
        k = e instanceof Error ? e.message : String(e);
      }
      this.#keys.set(index, k);
    }
    return k;
  }

  /**
   * Asks validators `order` (default 1..n) for partials over msg, at most t − good at a
   * time (so an honest majority costs exactly t requests), verifying each against its
   * share key. Resolves with the first t good partials and the bad ones skipped; rejects
   * with CollectError when the list runs out before t good ones.
   */
  async collect(msg: Uint8Array, order?: readonly number[]): Promise<Collected> {
    const { t, n } = this.#pub;
    const queue = [...(order ?? Array.from({ length: n }, (_, i) => i + 1))];
    const asked = new Set<number>();
    for (const i of queue) {
      if (!Number.isSafeInteger(i) || i < 1 || i > n)
        throw new ThresholdError('index-out-of-range', `collect: share index ${i} out of range 1..${n}`, i);
      if (asked.has(i)) throw new ThresholdError('duplicate-index', `collect: duplicate share index ${i}`, i);
      asked.add(i);
    }
    const partials: Partial[] = [];
    const bad: BadPartial[] = [];
    while (partials.length < t && queue.length > 0) {
      const wave = queue.splice(0, t - partials.length);
      const answers = await Promise.allSettled(wave.map((i) => this.#source.requestPartial(i, msg)));
      const reasons = new Map<number, string>();
      const candidates: { index: number; signature: Uint8Array; key: PreparedKey }[] = [];
      answers.forEach((a, k) => {
        const index = wave[k]!;
        if (a.status === 'rejected') {
          reasons.set(index, `request to index ${index} failed: ${a.reason instanceof Error ? a.reason.message : String(a.reason)}`);
          return;
        }
        const key = this.#key(index);
        const why = shapeProblem(index, a.value) ?? (typeof key === 'string' ? key : null);
        if (why !== null) reasons.set(index, why);
        else if (typeof key !== 'string') candidates.push({ index, signature: a.value.signature, key });
      });
      const verdicts = verifyBatch(this.#backend, candidates.map((c) => ({ key: c.key, message: msg, signature: c.signature })),
        (k) => `partial from index ${candidates[k]!.index}`);
      candidates.forEach((c, k) => {
        const v = verdicts[k];
        if (v === null) partials.push({ index: c.index, signature: c.signature });
        else reasons.set(c.index, v === NOT_VERIFIED ? `partial from index ${c.index} does not verify` : v!);
      });
      for (const index of wave) {
        const r = reasons.get(index);
        if (r !== undefined) bad.push({ index, reason: r });
      }
    }
    if (partials.length < t) {
      const good = partials.map((p) => p.index);
      const list = bad.map((b) => `${b.index} (${b.reason})`).join('; ');
      throw new CollectError(
        `collect: need ${t} valid partials, got ${good.length} [${good.join(',')}] and ${bad.length} bad: ${list || 'none'}`,
        good, bad);
    }
    return { partials, bad };
  }
}

export class SignatureAggregator {
  readonly #pub: ThresholdPublic;
  readonly #backend: BlsBackend;
  #groupKey: PreparedKey | undefined;

  /** `backend` verifies the combined signature (default: defaultBackend()); combining is noble's. */
  constructor(pub: ThresholdPublic, backend: BlsBackend = defaultBackend()) {
    checkPublic('SignatureAggregator', pub);
    this.#pub = pub;
    this.#backend = backend;
  }

  /**
   * combine() the partials, then verify the result under the group key before returning
   * it: a signature that leaves this function is a valid signature of the entity.
   * Throws ThresholdError from combine, or 'bad-partial' when the result does not verify
   * (or the group key is not a usable key).
   */
  aggregate(msg: Uint8Array, partials: readonly Partial[]): Uint8Array {
    const sig = combine(this.#pub.t, this.#pub.n, partials);
    const fail = () => new ThresholdError('bad-partial',
      `aggregate: combined signature of indices ${partials.slice(0, this.#pub.t).map((p) => p.index).join(',')} does not verify under the group key`);
    try {
      this.#groupKey ??= this.#backend.prepareKey(this.#pub.groupPublicKey, 'group public key');
    } catch (e) {
      if (e instanceof DecodeError) throw fail();
      throw e;
    }
    if (!this.#backend.verify(this.#groupKey, msg, sig)) throw fail();
    return sig;
  }
}
