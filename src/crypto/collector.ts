// Gathering t partial signatures from validators and turning them into one threshold
// signature. The collector trusts nothing it receives: each partial is checked against
// the share key of the index it was asked for, bad ones are skipped and reported.
import { DST_SIG, verify } from './bls.ts';
import { DecodeError, decodeSignature } from './points.ts';
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

/** null when `p` is a valid partial of share `index` over msg, otherwise why not. */
function problem(pub: ThresholdPublic, index: number, msg: Uint8Array, p: Partial): string | null {
  if (p === null || typeof p !== 'object') return `partial from index ${index} is malformed`;
  if (p.index !== index) return `partial from index ${index} claims index ${String(p.index)}`;
  try {
    decodeSignature(p.signature, `partial from index ${index}`);
  } catch (e) {
    if (e instanceof DecodeError) return e.message;
    throw e;
  }
  if (!verify(pub.sharePublicKeys[index - 1]!, msg, p.signature, DST_SIG)) return `partial from index ${index} does not verify`;
  return null;
}

export class SignatureCollector {
  readonly #pub: ThresholdPublic;
  readonly #source: PartialSource;

  /** Throws ThresholdError('malformed') on bad parameters. */
  constructor(pub: ThresholdPublic, source: PartialSource) {
    checkPublic('SignatureCollector', pub);
    this.#pub = pub;
    this.#source = source;
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
      answers.forEach((a, k) => {
        const index = wave[k]!;
        if (a.status === 'rejected') {
          bad.push({ index, reason: `request to index ${index} failed: ${a.reason instanceof Error ? a.reason.message : String(a.reason)}` });
          return;
        }
        const reason = problem(this.#pub, index, msg, a.value);
        if (reason === null) partials.push({ index, signature: a.value.signature });
        else bad.push({ index, reason });
      });
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

  constructor(pub: ThresholdPublic) {
    checkPublic('SignatureAggregator', pub);
    this.#pub = pub;
  }

  /**
   * combine() the partials, then verify the result under the group key before returning
   * it: a signature that leaves this function is a valid signature of the entity.
   * Throws ThresholdError from combine, or 'bad-partial' when the result does not verify.
   */
  aggregate(msg: Uint8Array, partials: readonly Partial[]): Uint8Array {
    const sig = combine(this.#pub.t, this.#pub.n, partials);
    if (!verify(this.#pub.groupPublicKey, msg, sig, DST_SIG))
      throw new ThresholdError('bad-partial',
        `aggregate: combined signature of indices ${partials.slice(0, this.#pub.t).map((p) => p.index).join(',')} does not verify under the group key`);
    return sig;
  }
}
