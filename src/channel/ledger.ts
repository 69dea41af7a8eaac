// The counterparty's view of a channel: it accepts a state update only when it carries
// a threshold certificate (a BLS signature under the entity's group key) over the
// update's canonical bytes, and only moving forward in nonce. Rejections are values
// with a reason; two certified updates at one nonce are kept as evidence, since they
// prove the entity signed conflicting states.
import { DST_SIG, verify } from '../crypto/bls.ts';
import { decodePublicKey } from '../crypto/points.ts';
import { assertEntityId, channelStateBytes, type ChannelState } from './state.ts';

export type LedgerRejectReason = 'malformed' | 'bad-certificate' | 'stale-nonce' | 'duplicate' | 'conflict';

export type LedgerResult =
  | { ok: true; channelId: string; nonce: bigint }
  | { ok: false; reason: LedgerRejectReason; detail: string };

export interface Certified { update: ChannelState; certificate: Uint8Array }

/** Two different updates of one channel at one nonce, both certified by the entity. */
export interface ConflictEvidence { channelId: string; nonce: bigint; first: Certified; second: Certified }

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export class ChannelLedger {
  readonly #entityId: string;
  readonly #groupPublicKey: Uint8Array;
  /** channelId → nonce → the accepted update, its bytes and certificate. */
  readonly #history = new Map<string, Map<bigint, Certified & { bytes: Uint8Array }>>();
  readonly #latest = new Map<string, bigint>();
  readonly #evidence: ConflictEvidence[] = [];

  /** Throws when the group key is not a valid, non-infinity G1 point. */
  constructor(entityId: string, groupPublicKey: Uint8Array) {
    assertEntityId('ChannelLedger', entityId);
    decodePublicKey(groupPublicKey, 'ChannelLedger: group public key');
    this.#entityId = entityId;
    this.#groupPublicKey = groupPublicKey.slice();
  }

  /** Accepts `update` when `certificate` is the entity's signature over it and its nonce is new and higher. */
  submit(update: ChannelState, certificate: Uint8Array): LedgerResult {
    let bytes: Uint8Array;
    try {
      bytes = channelStateBytes(this.#entityId, update);
    } catch (e) {
      return { ok: false, reason: 'malformed', detail: (e as Error).message };
    }
    if (!(certificate instanceof Uint8Array) || !verify(this.#groupPublicKey, bytes, certificate, DST_SIG))
      return { ok: false, reason: 'bad-certificate', detail: `certificate over channel ${update.channelId} nonce ${update.nonce} does not verify under the group key of entity ${this.#entityId}` };
    const { channelId, nonce } = update;
    const history = this.#history.get(channelId) ?? new Map();
    const earlier = history.get(nonce);
    if (earlier !== undefined) {
      if (equalBytes(earlier.bytes, bytes))
        return { ok: false, reason: 'duplicate', detail: `channel ${channelId} nonce ${nonce} is already accepted` };
      this.#evidence.push({ channelId, nonce, first: { update: earlier.update, certificate: earlier.certificate },
        second: { update: structuredClone(update), certificate: certificate.slice() } });
      return { ok: false, reason: 'conflict', detail: `entity ${this.#entityId} certified two different states of channel ${channelId} at nonce ${nonce}; kept as evidence` };
    }
    const last = this.#latest.get(channelId);
    if (last !== undefined && nonce <= last)
      return { ok: false, reason: 'stale-nonce', detail: `channel ${channelId}: nonce ${nonce} is not greater than the last accepted ${last}` };
    history.set(nonce, { update: structuredClone(update), certificate: certificate.slice(), bytes });
    this.#history.set(channelId, history);
    this.#latest.set(channelId, nonce);
    return { ok: true, channelId, nonce };
  }

  /** The last accepted update of a channel and its certificate, if any. */
  latest(channelId: string): Certified | undefined {
    const nonce = this.#latest.get(channelId);
    const e = nonce === undefined ? undefined : this.#history.get(channelId)?.get(nonce);
    return e && { update: structuredClone(e.update), certificate: e.certificate.slice() };
  }

  /** Conflicting certified updates seen so far (a copy). */
  evidence(): ConflictEvidence[] {
    return structuredClone(this.#evidence);
  }
}
