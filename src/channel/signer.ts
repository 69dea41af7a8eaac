// A validator signs a channel update with its threshold share only after the entity's
// consensus committed that update: the threshold signature then certifies a decision of
// the entity, not the opinion of t validators that skipped consensus.
import { partialSign, type Partial, type Share } from '../crypto/threshold.ts';
import { assertEntityId, channelStateBytes, type ChannelState } from './state.ts';

/** The node's committed values, seen through the update they commit. */
export interface CommittedUpdates {
  committed(update: ChannelState): boolean;
}

export class ChannelSigner {
  readonly #entityId: string;
  readonly #share: Share;
  readonly #source: CommittedUpdates;

  constructor(entityId: string, share: Share, source: CommittedUpdates) {
    assertEntityId('ChannelSigner', entityId);
    this.#entityId = entityId;
    this.#share = { index: share.index, secretKey: share.secretKey.slice() };
    this.#source = source;
  }

  /**
   * This validator's partial signature over the update's canonical bytes. Throws when
   * the update is malformed, or when consensus has not committed it ("refuses").
   */
  signUpdate(update: ChannelState): Partial {
    const bytes = channelStateBytes(this.#entityId, update); // malformed input throws here first
    if (!this.#source.committed(update))
      throw new Error(`signUpdate: update of channel ${update.channelId} at nonce ${update.nonce} is not committed by entity ${this.#entityId}; refusing to sign`);
    return partialSign(this.#share, bytes);
  }
}
